"""A form that fails keeps the chosen picture (news/forms.py): held privately, signed per user."""

import os
import re
import time
from http import HTTPStatus

import pytest
from django import forms
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from news.forms import HOLD_SECONDS, ReencodedImageField, held_storage, hold
from news.images import reencode_image
from news.models import Article, Author
from news.tasks import make_article_cover_renditions
from tests.factories import AuthorFactory, DivisionFactory
from tests.images import upload

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/news/article/add/"
KEPT = "Foto terpilih: sampul.jpg (akan disimpan bersama berita)"


@pytest.fixture(autouse=True)
def held_root(settings, tmp_path):
    settings.HELD_UPLOADS_ROOT = tmp_path / "held"
    return settings.HELD_UPLOADS_ROOT


@pytest.fixture
def form_data(db):
    division, author = DivisionFactory(), AuthorFactory()
    return {
        "title": "Distribusi logistik pemilu",
        "slug": "distribusi-logistik-pemilu",
        "lead": "Logistik tiba di gudang kecamatan.",
        "body": "<p>Kotak suara tiba.</p>",
        "cover_alt": "",
        "cover_caption": "",
        "division": division.pk,
        "author": author.pk,
        "tags": "",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
    }


def held_token(response, name="cover"):
    match = re.search(rf'name="{name}-held" value="([^"]+)"', response.content.decode())
    assert match, "the form carries no held picture"
    return match.group(1)


def test_a_failed_save_keeps_the_cover_for_the_next(admin_client, form_data, media_root, held_root):
    response = admin_client.post(ADD_URL, {**form_data, "cover": upload("sampul.jpg")})
    assertContains(response, "Foto sampul wajib diberi teks alternatif.")
    assertContains(response, KEPT)
    # Held outside the public media folder until the form is saved.
    assert not media_root.exists() or not any(media_root.rglob("*.jpg"))
    assert len(list(held_root.iterdir())) == 1

    token = held_token(response)
    response = admin_client.post(
        ADD_URL, {**form_data, "cover_alt": "Kotak suara", "cover-held": token}
    )
    assert response.status_code == HTTPStatus.FOUND
    article = Article.objects.get()
    assert article.cover.name.startswith("covers/") and article.cover.name.endswith(".jpg")
    assert (article.cover_width, article.cover_height) == (640, 360)
    make_article_cover_renditions(article.pk)  # queued as for any new cover; made here
    article.refresh_from_db()
    assert article.cover_renditions


def test_the_cover_survives_two_failed_saves(admin_client, form_data):
    first = admin_client.post(ADD_URL, {**form_data, "cover": upload("sampul.jpg")})
    second = admin_client.post(ADD_URL, {**form_data, "lead": "", "cover-held": held_token(first)})
    assertContains(second, KEPT)
    admin_client.post(ADD_URL, {**form_data, "cover_alt": "Foto", "cover-held": held_token(second)})
    assert Article.objects.get().cover


def test_a_new_file_replaces_the_held_one(admin_client, form_data):
    first = admin_client.post(ADD_URL, {**form_data, "cover": upload("sampul.jpg")})
    admin_client.post(
        ADD_URL,
        {
            **form_data,
            "cover_alt": "Foto",
            "cover-held": held_token(first),
            "cover": upload("baru.jpg"),
        },
    )
    assert Article.objects.get().cover.name.endswith("/baru.jpg")


def test_another_users_token_gives_nothing(admin_client, form_data, editor):
    token = held_token(admin_client.post(ADD_URL, {**form_data, "cover": upload("sampul.jpg")}))
    other = Client()
    other.force_login(editor)
    response = other.post(ADD_URL, {**form_data, "cover_alt": "Foto", "cover-held": token})
    assertContains(response, "Foto yang dipilih sebelumnya sudah tidak tersedia")
    assert not Article.objects.exists()


@pytest.mark.parametrize("token", ["x", "e30:1v:forged", "../../etc/passwd"])
def test_a_crafted_token_gives_nothing(admin_client, form_data, token):
    response = admin_client.post(ADD_URL, {**form_data, "cover_alt": "Foto", "cover-held": token})
    assertContains(response, "Foto yang dipilih sebelumnya sudah tidak tersedia")
    assertNotContains(response, "Foto terpilih")
    assert not Article.objects.exists()


def test_old_held_pictures_are_deleted_when_another_is_held(admin, held_root):
    expired = hold(reencode_image(upload("lama.jpg")), admin)
    storage = held_storage()
    (name,) = storage.listdir("")[1]
    past = time.time() - HOLD_SECONDS - 60
    os.utime(held_root / name, (past, past))
    recent = hold(reencode_image(upload("baru.jpg")), admin)

    assert len(storage.listdir("")[1]) == 1
    assert expired != recent


def test_an_expired_token_gives_nothing(admin_client, form_data, monkeypatch):
    token = held_token(admin_client.post(ADD_URL, {**form_data, "cover": upload("sampul.jpg")}))
    monkeypatch.setattr("news.forms.HOLD_SECONDS", -1)  # every token is now too old
    response = admin_client.post(ADD_URL, {**form_data, "cover_alt": "Foto", "cover-held": token})
    assertContains(response, "Foto yang dipilih sebelumnya sudah tidak tersedia")


def test_author_photo_is_kept_too(admin_client):
    data = {"name": "Sari Dewi", "slug": "", "signature": "SD", "bio": "", "user": ""}
    response = admin_client.post("/admin/news/author/add/", {**data, "photo": upload("sampul.jpg")})
    assertContains(response, "Foto terpilih: sampul.jpg (akan disimpan bersama penulis)")
    admin_client.post(
        "/admin/news/author/add/",
        {**data, "slug": "sari-dewi", "photo-held": held_token(response, "photo")},
    )
    assert Author.objects.get(slug="sari-dewi").photo


def test_a_form_outside_the_admin_holds_nothing(held_root):
    class PhotoForm(forms.Form):
        caption = forms.CharField()
        photo = ReencodedImageField(required=False)

    form = PhotoForm(data={}, files={"photo": upload("sampul.jpg")})
    assert not form.is_valid()
    assert "-held" not in str(form)
    assert not held_root.exists()
