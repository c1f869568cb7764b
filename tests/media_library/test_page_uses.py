"""A picture a fixed page shows is as safe as one an article shows.

Page bodies use the same editor and the same upload into the library
(news/admin.py upload_image_view), so the clean-up must count them.
"""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from media_library.models import MediaImage
from tests.media_library.test_admin import LIBRARY_URL, in_body, logged_in, uploaded_by
from tests.pages.conftest import make_page

pytestmark = pytest.mark.django_db


def test_a_page_body_records_its_pictures_and_loses_them_when_taken_out(writer):
    image = uploaded_by(writer, "kantor.jpg")
    page = make_page("Profil", body=in_body(image))
    assert list(page.media_images.all()) == [image]
    assert not MediaImage.objects.unused().exists()

    page.body = "<p>Tanpa foto.</p>"
    page.save()
    assert list(MediaImage.objects.unused()) == [image]


@pytest.mark.django_db(transaction=True)
def test_the_clean_up_keeps_an_old_picture_that_only_a_page_shows(writer):
    image = uploaded_by(writer, "gedung.jpg")
    make_page("Sejarah", body=in_body(image))
    MediaImage.objects.update(created_at=timezone.now() - timedelta(days=30))

    call_command("remove_unused_images", "--days", "7", stdout=StringIO())

    assert MediaImage.objects.filter(pk=image.pk).exists()


def test_the_library_names_the_page_that_shows_a_picture(editor, writer):
    image = uploaded_by(writer, "aula.jpg")
    page = make_page("Visi dan Misi", body=in_body(image))

    html = logged_in(editor).get(LIBRARY_URL).content.decode()

    assert f'/admin/pages/page/{page.pk}/change/">Visi dan Misi</a>' in html


def test_a_writer_may_reuse_a_picture_a_published_page_shows(writer, other_writer):
    image = uploaded_by(other_writer, "tps.jpg")
    make_page("Tugas dan Wewenang", body=in_body(image))

    assert list(MediaImage.objects.visible_to(writer)) == [image]
