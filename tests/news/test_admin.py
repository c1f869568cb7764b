import json
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib import admin as django_admin
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects
from taggit.models import Tag

from accounts import audit
from accounts.models import AuditEvent
from news.models import Article, Author, Division
from tests.factories import ArticleFactory, AuthorFactory, DivisionFactory
from tests.images import image_bytes, png_claiming_size, upload

pytestmark = pytest.mark.django_db


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def one_of_each(article, admin):
    Tag.objects.get_or_create(name="contoh", slug="contoh")
    audit.record(admin, AuditEvent.Action.PUBLISH, article)
    return {
        Article: article,
        Division: article.division,
        Author: article.author,
        Tag: Tag.objects.first(),
        type(admin): admin,
    }


def test_every_model_admin_changelist_search_add_and_change_render(
    admin_client, one_of_each, rf, admin
):
    """Smoke test of every registered ModelAdmin, as cookiecutter-django does.

    Read-only admins (the audit record, django-axes' logs) answer 403 to "add";
    the office's settings, one row, send their list and "add" to that row.
    """
    request = rf.get("/admin/")
    request.user = admin
    for model, model_admin in django_admin.site._registry.items():
        changelist = admin_url(model, "changelist")
        for query in ({}, {"q": "pemilu"}):
            response = admin_client.get(changelist, query, follow=True)
            assert response.status_code == HTTPStatus.OK, model
        add_status = (
            HTTPStatus.OK if model_admin.has_add_permission(request) else HTTPStatus.FORBIDDEN
        )
        response = admin_client.get(admin_url(model, "add"), follow=True)
        assert response.status_code == add_status, model
        instance = one_of_each.get(model) or model.objects.first()
        if instance is not None:
            change = admin_url(model, "change", instance.pk)
            assert admin_client.get(change).status_code == HTTPStatus.OK, model


def test_article_changelist_shows_columns_filters_and_dates(admin_client, article):
    ArticleFactory()  # a second division and author, so their filters have a choice
    response = admin_client.get(admin_url(Article, "changelist"))
    for column in (
        "column-state_label",
        "column-published_at",
        "column-division",
        "column-author",
        "column-view_count",
    ):
        assertContains(response, column)
    for filter_param in ("?status=draf", "division__id__exact", "author__id__exact"):
        assertContains(response, filter_param)
    assertContains(response, '<nav class="toplinks">')  # the date hierarchy
    filtered = admin_client.get(admin_url(Article, "changelist"), {"status": "draf"})
    assert list(filtered.context["cl"].result_list) == []


def test_admin_speaks_indonesian(admin_client):
    response = admin_client.get(admin_url(Article, "add"))
    assertContains(response, "Simpan")
    assertContains(response, "django_ckeditor_5/dist/translations/id.js")


def test_hidden_editor_textarea_is_not_marked_required(admin_client):
    # The browser would block the submit on a hidden required field, with no message.
    response = admin_client.get(admin_url(Article, "add"))
    textarea = response.content.decode().split('name="body"')[1].split(">")[0]
    assert "required" not in textarea


def test_slug_is_prefilled_from_the_title(admin_client):
    response = admin_client.get(admin_url(Article, "add"))
    assertContains(response, "data-prepopulated-field")
    prepopulated = json.loads(
        response.content.decode()
        .split('id="django-admin-prepopulated-fields-constants"')[1]
        .split('data-prepopulated-fields="')[1]
        .split('"')[0]
        .replace("&quot;", '"')
    )
    assert prepopulated[0]["id"] == "#id_slug" and prepopulated[0]["dependency_ids"] == [
        "#id_title"
    ]


def article_form(division, author, **overrides):
    data = {
        "title": "Sosialisasi pemilih pemula di SMA",
        "slug": "sosialisasi-pemilih-pemula",
        "lead": "KPU menyapa pemilih pemula di sekolah.",
        "body": "<p>Isi <strong>berita</strong><script>alert(1)</script></p>",
        "cover_alt": "",
        "cover_caption": "",
        "division": division.pk,
        "author": author.pk,
        "tags": "pemilih pemula, sosialisasi",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
    }
    data.update(overrides)
    return data


def test_staff_writes_and_publishes_an_article(admin_client, admin):
    division, author = DivisionFactory(), AuthorFactory()
    response = admin_client.post(
        admin_url(Article, "add"), article_form(division, author, status="published")
    )
    assertRedirects(response, admin_url(Article, "changelist"))
    article = Article.objects.get(slug="sosialisasi-pemilih-pemula")
    assert article.body == "<p>Isi <strong>berita</strong></p>"
    assert article.is_published()  # "published" with no time means now
    assert article.created_by == admin and article.updated_by == admin
    assert sorted(article.tags.names()) == ["pemilih pemula", "sosialisasi"]


def test_cover_is_reencoded_and_requires_alt_text(admin_client):
    division, author = DivisionFactory(), AuthorFactory()
    missing_alt = article_form(division, author, cover=upload("sampul.jpg"))
    response = admin_client.post(admin_url(Article, "add"), missing_alt)
    assertContains(response, "Foto sampul wajib diberi teks alternatif.")
    assert not Article.objects.exists()

    with_alt = article_form(division, author, cover=upload("sampul.jpg"), cover_alt="Kotak suara")
    admin_client.post(admin_url(Article, "add"), with_alt)
    article = Article.objects.get()
    assert (article.cover_width, article.cover_height) == (640, 360)
    assert article.cover.name.startswith("covers/") and article.cover.name.endswith(".jpg")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("rusak.jpg", b"\xff\xd8\xff not an image", "bukan gambar yang dapat dibaca"),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"/>',
            "bukan gambar yang dapat dibaca",
        ),
        ("dokumen.pdf", b"%PDF-1.4 fake", "bukan gambar yang dapat dibaca"),
        ("bom.png", png_claiming_size(50_000, 50_000), "Gambar terlalu besar"),
    ],
)
def test_bad_cover_gets_a_clear_error_and_nothing_is_saved(admin_client, name, content, message):
    division, author = DivisionFactory(), AuthorFactory()
    data = article_form(division, author, cover=upload(name, content), cover_alt="Foto")
    response = admin_client.post(admin_url(Article, "add"), data)
    assert response.status_code == HTTPStatus.OK
    assertContains(response, message)
    assert not Article.objects.exists()
    assert not default_storage.exists("covers")


def test_bad_input_is_answered_with_form_errors(admin_client):
    division, author = DivisionFactory(), AuthorFactory()
    ArticleFactory(slug="sudah-ada")
    for overrides, message in [
        ({"slug": ""}, "Bidang ini tidak boleh kosong"),
        ({"slug": "sudah-ada"}, "Berita dengan Slug telah ada."),
        ({"title": "x" * 201}, "paling banyak 200"),
        ({"body": "<p>&nbsp;</p>"}, "Bidang ini tidak boleh kosong"),
        ({"published_at_0": "31/02/2024", "published_at_1": "10:00"}, "tanggal yang valid"),
    ]:
        response = admin_client.post(
            admin_url(Article, "add"), article_form(division, author, **overrides)
        )
        assertContains(response, message)
    assert Article.objects.count() == 1


def test_publish_and_unpublish_actions(admin_client, admin):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    changelist = admin_url(Article, "changelist")
    admin_client.post(changelist, {"action": "publish_selected", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_published() and draft.updated_by == admin

    admin_client.post(changelist, {"action": "unpublish_selected", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_view_on_site_opens_published_articles_and_previews_drafts(admin_client, article):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    model_admin = django_admin.site._registry[Article]
    assert model_admin.view_on_site(article) == article.get_absolute_url()
    assert model_admin.view_on_site(draft) == admin_url(Article, "preview", draft.pk)


def test_preview_shows_drafts_to_staff_only(admin_client):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None, title="Draf rapat")
    scheduled = ArticleFactory(published_at=timezone.now() + timedelta(days=2))
    url = admin_url(Article, "preview", draft.pk)

    response = admin_client.get(url)
    assertContains(response, "Draf rapat")
    assertContains(response, "Pratinjau untuk staf.")
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assertContains(
        admin_client.get(admin_url(Article, "preview", scheduled.pk)), "Terjadwal terbit"
    )

    assert Client().get(url).status_code == HTTPStatus.FOUND  # to the login page
    assert (
        admin_client.get(admin_url(Article, "preview", "999999")).status_code
        == HTTPStatus.NOT_FOUND
    )
    assert (
        admin_client.get(admin_url(Article, "preview", "abc")).status_code == HTTPStatus.NOT_FOUND
    )


def test_staff_without_article_rights_cannot_preview(client, django_user_model):
    clerk = django_user_model.objects.create_user("staf", password="pw", is_staff=True)
    client.force_login(clerk)
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    assert client.get(admin_url(Article, "preview", draft.pk)).status_code == HTTPStatus.FORBIDDEN


# --- Images inside the editor ------------------------------------------------

UPLOAD_URL = "/admin/news/article/upload-image/"


def test_editor_upload_url_is_ours():
    assert reverse("admin:news_article_upload_image") == UPLOAD_URL


def test_staff_upload_a_picture_into_the_editor(editor_client):
    response = editor_client.post(
        UPLOAD_URL, {"upload": upload("foto rapat.png", image_bytes("PNG"), "image/png")}
    )
    assert response.status_code == HTTPStatus.OK
    url = response.json()["url"]
    assert url.startswith("/media/uploads/") and url.endswith("foto%20rapat.png")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rusak.jpg", b"garbage"),
        ("gambar.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("skrip.html", b"<script>alert(1)</script>"),
    ],
)
def test_editor_upload_refuses_what_is_not_a_picture(editor_client, name, content):
    response = editor_client.post(UPLOAD_URL, {"upload": upload(name, content)})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "bukan gambar" in response.json()["error"]["message"]
    assert not default_storage.exists("uploads")


def test_editor_upload_size_limit_comes_from_settings(editor_client, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 2048
    response = editor_client.post(
        UPLOAD_URL, {"upload": upload("besar.jpg", image_bytes(size=(800, 800)))}
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "terlalu besar" in response.json()["error"]["message"]


def test_editor_upload_is_for_staff_who_may_write(client, django_user_model):
    response = client.post(UPLOAD_URL, {"upload": upload()})
    assert response.status_code == HTTPStatus.FOUND  # anonymous: to the login page
    clerk = django_user_model.objects.create_user("staf", password="pw", is_staff=True)
    client.force_login(clerk)
    response = client.post(UPLOAD_URL, {"upload": upload()})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not default_storage.exists("uploads")


def test_editor_upload_needs_csrf_and_post(editor):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post(UPLOAD_URL, {"upload": upload()}).status_code == HTTPStatus.FORBIDDEN
    assert strict.get(UPLOAD_URL).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_saving_again_keeps_the_cover(admin_client):
    division, author = DivisionFactory(), AuthorFactory()
    data = article_form(division, author, cover=upload("sampul.jpg"), cover_alt="Kotak suara")
    admin_client.post(admin_url(Article, "add"), data)
    article = Article.objects.get()
    cover = article.cover.name
    data.pop("cover")
    response = admin_client.post(
        admin_url(Article, "change", article.pk), {**data, "title": "Judul baru"}
    )
    assert response.status_code == HTTPStatus.FOUND
    article.refresh_from_db()
    assert (article.title, article.cover.name) == ("Judul baru", cover)
