"""The picture library in the admin: who sees which pictures, reuse, and removal."""

from http import HTTPStatus

import pytest
from django.core.files.storage import default_storage
from django.test import Client

from media_library.models import MediaImage
from media_library.tasks import make_library_renditions
from news.models import Article
from tests.factories import ArticleFactory
from tests.images import image_bytes, upload

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/admin/news/article/upload-image/"
LIBRARY_URL = "/admin/media_library/mediaimage/"
PICKER_URL = "/admin/news/article/media-library/"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def uploaded_by(user, name):
    response = logged_in(user).post(UPLOAD_URL, {"upload": upload(name, image_bytes())})
    assert response.status_code == HTTPStatus.OK, response.content
    image = MediaImage.objects.get(file=response.json()["url"].removeprefix("/media/"))
    make_library_renditions(image.pk)  # queued for the worker (test_queue.py runs one); made here
    image.refresh_from_db()
    return image


def in_body(image, alt="Foto kegiatan"):
    return f'<figure class="image"><img src="{image.file.url}" alt="{alt}"></figure>'


def files_of(image):
    return [image.file.name] + [
        entry["name"] for key in ("webp", "jpeg") for entry in image.renditions[key]
    ]


@pytest.fixture
def pictures(writer, other_writer):
    """The writer's own picture, a colleague's in a draft, a colleague's on the site."""
    own = uploaded_by(writer, "milik-saya.jpg")
    private = uploaded_by(other_writer, "draf-rekan.jpg")
    public = uploaded_by(other_writer, "sudah-terbit.jpg")
    ArticleFactory(body=in_body(private), status=Article.Status.DRAFT, published_at=None)
    ArticleFactory(body=in_body(public), title="Berita yang sudah terbit")
    return own, private, public


def test_writer_sees_own_and_public_pictures_never_a_colleagues_draft(writer, pictures):
    own, private, public = pictures
    client = logged_in(writer)
    page = client.get(LIBRARY_URL).content.decode()
    assert "milik-saya.jpg" in page and "sudah-terbit.jpg" in page
    assert "draf-rekan.jpg" not in page
    names = [image["name"] for image in client.get(PICKER_URL).json()["images"]]
    assert sorted(names) == ["milik-saya.jpg", "sudah-terbit.jpg"]
    response = client.get(f"{LIBRARY_URL}{private.pk}/change/")
    assert response.status_code == HTTPStatus.FOUND  # "not found", back to the list
    assert client.get(f"{LIBRARY_URL}{own.pk}/change/").status_code == HTTPStatus.OK


def test_writer_is_not_told_the_titles_of_colleagues_drafts(writer, other_writer, pictures):
    public = pictures[2]
    ArticleFactory(
        body=in_body(public),
        title="Draf rahasia rekan",
        status=Article.Status.DRAFT,
        published_at=None,
        created_by=other_writer,
    )
    page = logged_in(writer).get(LIBRARY_URL).content.decode()
    assert "Berita yang sudah terbit" in page
    assert "Draf rahasia rekan" not in page


def test_editor_sees_every_picture_with_where_it_is_used(editor, pictures):
    page = logged_in(editor).get(LIBRARY_URL).content.decode()
    for name in ("milik-saya.jpg", "draf-rekan.jpg", "sudah-terbit.jpg"):
        assert name in page
    article = Article.objects.get(title="Berita yang sudah terbit")
    assert f'href="/admin/news/article/{article.pk}/change/">Berita yang sudah terbit</a>' in page
    assert "dipakai di" in page.lower()


def test_picker_search_filters_by_name(editor, pictures):
    response = logged_in(editor).get(PICKER_URL, {"q": "TERBIT"})
    (found,) = response.json()["images"]
    assert found["name"] == "sudah-terbit.jpg" and found["src"].startswith("/media/uploads/")
    assert found["thumbnail"] != found["src"]


def test_library_is_for_staff_who_write(client, django_user_model, pictures):
    assert client.get(PICKER_URL).status_code == HTTPStatus.FOUND  # to the login page
    assert client.get(LIBRARY_URL).status_code == HTTPStatus.FOUND
    clerk = django_user_model.objects.create_user("staf", password="pw", is_staff=True)
    clerk_client = logged_in(clerk)
    assert clerk_client.get(PICKER_URL).status_code == HTTPStatus.FORBIDDEN
    assert clerk_client.get(LIBRARY_URL).status_code == HTTPStatus.FORBIDDEN


def test_nobody_adds_or_edits_pictures_in_the_library(editor, pictures):
    client = logged_in(editor)
    assert client.get(f"{LIBRARY_URL}add/").status_code == HTTPStatus.FORBIDDEN
    own = pictures[0]
    response = client.post(f"{LIBRARY_URL}{own.pk}/change/", {"original_name": "lain.jpg"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    own.refresh_from_db()
    assert own.original_name == "milik-saya.jpg"


def test_writer_cannot_delete_even_their_own_unused_picture(writer, pictures):
    own = pictures[0]
    response = logged_in(writer).post(f"{LIBRARY_URL}{own.pk}/delete/", {"post": "yes"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert MediaImage.objects.filter(pk=own.pk).exists()


def test_editor_deletes_an_unused_picture(editor, pictures):
    own = pictures[0]
    response = logged_in(editor).post(f"{LIBRARY_URL}{own.pk}/delete/", {"post": "yes"})
    assert response.status_code == HTTPStatus.FOUND
    assert not MediaImage.objects.filter(pk=own.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_deleted_pictures_files_are_removed_after_the_commit(editor, writer):
    image = uploaded_by(writer, "hapus.jpg")
    files = files_of(image)
    assert all(default_storage.exists(name) for name in files)
    logged_in(editor).post(f"{LIBRARY_URL}{image.pk}/delete/", {"post": "yes"})
    assert not any(default_storage.exists(name) for name in files)


def test_a_picture_in_use_cannot_be_deleted(editor, pictures):
    public = pictures[2]
    client = logged_in(editor)
    page = client.get(f"{LIBRARY_URL}{public.pk}/delete/").content.decode()
    assert "Berita yang sudah terbit" in page  # named as what holds it
    client.post(f"{LIBRARY_URL}{public.pk}/delete/", {"post": "yes"})
    client.post(
        LIBRARY_URL,
        {"action": "delete_selected", "_selected_action": [public.pk], "post": "yes"},
    )
    assert MediaImage.objects.filter(pk=public.pk).exists()
    assert default_storage.exists(public.file.name)


def test_picker_search_survives_what_no_file_name_holds(editor, pictures):
    response = logged_in(editor).get(PICKER_URL, {"q": "terbit\x00"})
    assert response.status_code == HTTPStatus.OK
    assert [image["name"] for image in response.json()["images"]] == ["sudah-terbit.jpg"]
