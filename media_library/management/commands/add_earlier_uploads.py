"""Put pictures uploaded into bodies before the library existed into the library.

Until the library, the editor's uploads were files under media/uploads/ that
pages served at full size. Run once after deploying it: each such file that a
body shows gets its library row and renditions (so pages serve it as a
<picture>) and its uses. Idempotent; files no body shows are left alone.
"""

import re

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from media_library.models import MediaImage
from media_library.renditions import make_renditions
from media_library.uses import record_uses
from news.body_images import library_names
from news.models import Article
from pages.models import Page
from publishing.processing import ProcessingStatus

# The editor's upload names: uploads/2025/06/<12 hex>-<name>.
UPLOAD_NAME = re.compile(r"uploads/\d{4}/\d{2}/[0-9a-f]{12}-(?P<name>[^/]+)")


class Command(BaseCommand):
    help = "Add pictures uploaded into article and page bodies before the picture library to it."

    def handle(self, **options):
        known = set(MediaImage.objects.values_list("file", flat=True))
        added = 0
        items = [
            *Article.objects.only("pk", "body", "created_by").iterator(),
            *Page.objects.only("pk", "body", "created_by").iterator(),
        ]
        for item in items:
            for name in sorted(library_names(item.body) - known):
                upload = UPLOAD_NAME.fullmatch(name)
                if upload is None or not default_storage.exists(name):
                    continue
                image = MediaImage(
                    file=name,
                    size=default_storage.size(name),
                    original_name=upload["name"],
                    uploaded_by_id=item.created_by_id,
                )
                # Made here: a command run once by an administrator may take its time.
                image.renditions = make_renditions(image)
                image.processing_status = ProcessingStatus.DONE
                image.save()
                known.add(name)
                added += 1
                self.stdout.write(f"added {name}")
            record_uses(item)
        self.stdout.write(f"{added} earlier upload(s) added to the picture library.")
