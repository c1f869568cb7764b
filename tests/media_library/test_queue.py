"""A library picture's renditions come from the task queue: the editor's upload
answers at once with the picture's address, a body shows the upload until the
renditions exist and then the srcset, the library says where they stand, and a
broken file ends "gagal" with its reason."""

import errno
from http import HTTPStatus
from urllib.parse import unquote

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from pytest_django.asserts import assertContains

from media_library import tasks
from media_library.models import MediaImage
from media_library.tasks import make_library_renditions
from tests.factories import ArticleFactory
from tests.images import image_bytes, upload
from tests.task_worker import wait_for

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/admin/news/article/upload-image/"
LIBRARY_URL = "/admin/media_library/mediaimage/"


def uploaded(client, name="foto-tps.jpg"):
    response = client.post(UPLOAD_URL, {"upload": upload(name, image_bytes(size=(1600, 1200)))})
    assert response.status_code == HTTPStatus.OK, response.content
    url = response.json()["url"]
    return url, MediaImage.objects.get(file=unquote(url.removeprefix("/media/")))


def article_body(article):
    """The article's body as a reader gets it."""
    html = Client().get(article.get_absolute_url()).content.decode()
    return html[html.index('class="article__body') :]


def readonly(response, text):
    assertContains(response, f'<div class="readonly">{text}</div>', html=True)


def broken_picture(content=b"bukan gambar sama sekali"):
    """A library row whose file Pillow cannot read (written straight to storage)."""
    name = default_storage.save("uploads/2026/11/0123456789ab-rusak.jpg", ContentFile(content))
    return MediaImage.objects.create(
        file=name, width=1600, height=1200, size=len(content), original_name="rusak.jpg"
    )


def test_a_body_shows_the_upload_until_its_renditions_exist_then_the_srcset(
    editor_client, django_capture_on_commit_callbacks
):
    url, image = uploaded(editor_client)
    assert (image.processing_label(), image.renditions) == ("menunggu", {})
    article = ArticleFactory(body=f'<figure class="image"><img src="{url}" alt="Rapat"></figure>')

    body = article_body(article)
    assert f'<img src="{url}" alt="Rapat">' in body
    assert "<picture>" not in body

    with django_capture_on_commit_callbacks(execute=True):  # the cached page is dropped
        make_library_renditions(image.pk)
    image.refresh_from_db()
    assert image.processing_label() == "selesai"
    body = article_body(article)
    assert "<picture>" in body and "srcset=" in body
    assert f'src="{url}"' not in body, "the full-size upload is no longer on the page"


def test_the_library_shows_where_the_renditions_stand(editor_client):
    _url, waiting = uploaded(editor_client, "menunggu.jpg")
    _url, made = uploaded(editor_client, "jadi.jpg")
    make_library_renditions(made.pk)
    failed = broken_picture()
    make_library_renditions(failed.pk)

    listing = editor_client.get(LIBRARY_URL)
    assertContains(listing, '<td class="field-renditions_status">menunggu</td>', html=True)
    assertContains(listing, '<td class="field-renditions_status">selesai</td>', html=True)
    assertContains(
        listing,
        '<td class="field-renditions_status">gagal: berkas rusak atau bukan gambar</td>',
        html=True,
    )
    readonly(editor_client.get(f"{LIBRARY_URL}{waiting.pk}/change/"), "menunggu")
    readonly(editor_client.get(f"{LIBRARY_URL}{made.pk}/change/"), "selesai")


def test_a_broken_or_missing_file_ends_failed_with_its_reason_and_the_page_still_shows():
    garbage = broken_picture()
    truncated = broken_picture(image_bytes(size=(1600, 1200))[:400])
    missing = broken_picture()
    default_storage.delete(missing.file.name)
    for image in (garbage, truncated, missing):
        make_library_renditions(image.pk)
    # Read afresh: refresh_from_db() would measure the missing file again.
    garbage, truncated, missing = (
        MediaImage.objects.get(pk=image.pk) for image in (garbage, truncated, missing)
    )
    assert garbage.processing_label() == "gagal: berkas rusak atau bukan gambar"
    assert truncated.processing_label() == "gagal: berkas rusak atau bukan gambar"
    assert missing.processing_label() == "gagal: gambar tidak ada di penyimpanan"
    assert garbage.renditions == {}

    article = ArticleFactory(
        body=f'<figure class="image"><img src="{garbage.file.url}" alt="Rusak"></figure>'
    )
    assert f'src="{garbage.file.url}"' in article_body(article)


def test_a_full_disk_is_tried_again_then_given_up_with_its_reason(editor_client, monkeypatch):
    _url, image = uploaded(editor_client)
    attempts = []

    def full_disk(image):
        attempts.append(image.pk)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tasks, "make_renditions", full_disk)
    make_library_renditions.apply(args=[image.pk])  # here, retries included
    image.refresh_from_db()
    assert len(attempts) == make_library_renditions.max_retries + 1
    assert image.processing_label() == "gagal: penyimpanan media penuh atau tidak tersedia"


@pytest.mark.django_db(transaction=True)
def test_the_worker_makes_the_renditions_of_an_upload(task_worker, editor_client, monkeypatch):
    # The first attempt meets a full disk; the retry, after its backoff, succeeds.
    real = tasks.make_renditions
    calls = []

    def full_once(image):
        calls.append(image.pk)
        if len(calls) == 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(image)

    monkeypatch.setattr(tasks, "make_renditions", full_once)
    url, image = uploaded(editor_client)

    def settled():
        image.refresh_from_db()
        return image.processing_status in ("done", "failed")

    wait_for(settled)
    assert image.processing_label() == "selesai"
    assert (len(calls), image.processing_attempts) == (2, 2)
    assert [entry["width"] for entry in image.renditions["webp"]] == [400, 800, 1200]
    readonly(editor_client.get(f"{LIBRARY_URL}{image.pk}/change/"), "selesai")
