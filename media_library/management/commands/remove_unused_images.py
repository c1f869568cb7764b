"""Remove library pictures no article shows, once they are old enough to be abandoned.

A picture uploaded into an article that was never saved, or taken out of every
body, stays in the library (an editor can still reuse it) until this command
removes it: run it daily (deploy/README.md).
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from media_library.models import MediaImage
from media_library.renditions import delete_files


class Command(BaseCommand):
    help = "Remove library pictures that no article uses and that are older than --days days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=7,
            help="Keep unused pictures younger than this many days (default 7): "
            "a writer may be working on an article that is not saved yet.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be removed; remove nothing."
        )

    def handle(self, *, days, dry_run, **options):
        cutoff = timezone.now() - timedelta(days=days)
        removed = 0
        for image in MediaImage.objects.unused().filter(created_at__lt=cutoff).iterator():
            if not dry_run:
                try:
                    with transaction.atomic():
                        # An article saved since the list was read may use it now:
                        # the database refuses then (MediaImageUse is PROTECT).
                        image.delete()
                        transaction.on_commit(lambda image=image: delete_files(image))
                except ProtectedError:
                    continue
            removed += 1
            self.stdout.write(f"{'would remove' if dry_run else 'removed'} {image.file.name}")
        self.stdout.write(f"{removed} unused picture(s) {'to remove' if dry_run else 'removed'}.")
