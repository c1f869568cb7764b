"""The library's commands: abandoned uploads go, earlier uploads join."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from media_library.models import MediaImage
from news.models import Article
from tests.factories import ArticleFactory
from tests.images import image_bytes
from tests.media_library.test_admin import files_of, in_body, uploaded_by

pytestmark = pytest.mark.django_db


def test_earlier_body_uploads_join_the_library_and_are_served_resized(writer):
    name = default_storage.save(
        "uploads/2025/06/0123456789ab-rapat pleno.jpg",
        ContentFile(image_bytes(size=(1600, 900))),
    )
    unused = default_storage.save(
        "uploads/2025/06/ba9876543210-lain.jpg", ContentFile(image_bytes())
    )
    article = ArticleFactory(
        created_by=writer,
        body=f'<p><img src="{default_storage.url(name)}" alt="Rapat"></p>'
        '<p><img src="https://www.kpu.go.id/logo.png" alt="Logo"></p>',
    )

    call_command("add_earlier_uploads", stdout=StringIO())
    call_command("add_earlier_uploads", stdout=StringIO())  # a second run adds nothing

    image = MediaImage.objects.get()
    assert (image.file.name, image.original_name) == (name, "rapat pleno.jpg")
    assert (image.width, image.height, image.uploaded_by) == (1600, 900, writer)
    assert not MediaImage.objects.filter(file=unused).exists()
    assert list(article.media_images.all()) == [image]
    html = Client().get(article.get_absolute_url()).content.decode()
    assert html.count("<picture>") == 1 and default_storage.url(name) not in html
    assert '<img src="https://www.kpu.go.id/logo.png" alt="Logo">' in html


# --- Abandoned uploads --------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_command_removes_only_old_unused_pictures(writer):
    old_unused = uploaded_by(writer, "lama.jpg")
    new_unused = uploaded_by(writer, "baru.jpg")
    old_used = uploaded_by(writer, "dipakai.jpg")
    ArticleFactory(body=in_body(old_used), status=Article.Status.DRAFT, published_at=None)
    ten_days_ago = timezone.now() - timedelta(days=10)
    MediaImage.objects.filter(pk__in=[old_unused.pk, old_used.pk]).update(created_at=ten_days_ago)

    out = StringIO()
    call_command("remove_unused_images", "--days", "7", "--dry-run", stdout=out)
    assert "lama.jpg" in out.getvalue() and MediaImage.objects.count() == 3

    call_command("remove_unused_images", "--days", "7", stdout=StringIO())
    assert set(MediaImage.objects.values_list("original_name", flat=True)) == {
        "baru.jpg",
        "dipakai.jpg",
    }
    assert not any(default_storage.exists(name) for name in files_of(old_unused))
    assert all(default_storage.exists(name) for name in files_of(new_unused))
