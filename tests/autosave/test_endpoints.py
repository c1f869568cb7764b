"""The autosave endpoints: a writer reaches only what they may edit, nothing else."""

import json
from http import HTTPStatus

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains
from reversion.models import Version

from autosave.models import MAX_BYTES, NEW, Autosave
from news.models import Article
from tests.admin_forms import change_url, open_article_form
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/news/article/add/"
NEW_URL = "/admin/news/article/autosave/"
SESSION_URL = "/admin/news/article/autosave/session/"


def autosave_url(article):
    return f"/admin/news/article/{article.pk}/autosave/"


def post(client, url, fields, **extra):
    return client.post(url, json.dumps({"fields": fields}), "application/json", **extra)


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def draft(writer):
    return ArticleFactory(
        created_by=writer, status=Article.Status.DRAFT, published_at=None, title="Draf penulis"
    )


def test_writer_autosaves_and_reads_their_draft_without_touching_it(writer, draft):
    client = client_of(writer)
    before = Article.objects.values().get(pk=draft.pk)

    response = post(client, autosave_url(draft), {"title": ["Judul yang belum disimpan"]})
    assert response.status_code == HTTPStatus.OK
    assert response.json()["time"].endswith("WIB")

    read = client.get(autosave_url(draft)).json()
    assert read["fields"] == {"title": ["Judul yang belum disimpan"]}
    # Not the item, not a revision, nothing public.
    assert Article.objects.values().get(pk=draft.pk) == before
    assert not Version.objects.get_for_object(draft).exists()
    assertNotContains(Client().get(draft.get_absolute_url()), "belum disimpan", status_code=404)


def test_autosaving_again_replaces_the_autosave(writer, draft):
    client = client_of(writer)
    post(client, autosave_url(draft), {"title": ["Satu"]})
    post(client, autosave_url(draft), {"title": ["Dua"]})
    assert list(Autosave.objects.values_list("fields", flat=True)) == [{"title": ["Dua"]}]


def test_writer_cannot_autosave_or_read_another_writers_article(writer, other_writer, draft):
    post(client_of(writer), autosave_url(draft), {"title": ["Rahasia penulis"]})
    intruder = client_of(other_writer)

    assert post(intruder, autosave_url(draft), {"title": ["x"]}).status_code == 404
    assert intruder.get(autosave_url(draft)).status_code == 404
    assert intruder.delete(autosave_url(draft)).status_code == 404
    assert Autosave.objects.get().fields == {"title": ["Rahasia penulis"]}


def test_writer_cannot_autosave_their_published_article(writer):
    published = ArticleFactory(created_by=writer)
    response = post(client_of(writer), autosave_url(published), {"title": ["x"]})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Autosave.objects.exists()


def test_editors_autosaves_are_their_own(writer, editor, draft):
    post(client_of(writer), autosave_url(draft), {"title": ["Versi penulis"]})
    editor_client = client_of(editor)

    assert editor_client.get(autosave_url(draft)).status_code == HTTPStatus.NOT_FOUND
    response = post(editor_client, autosave_url(draft), {"title": ["Versi redaktur"]})
    assert response.status_code == HTTPStatus.OK
    assert editor_client.get(autosave_url(draft)).json()["fields"] == {"title": ["Versi redaktur"]}
    by_user = dict(Autosave.objects.values_list("user__username", "fields"))
    assert by_user == {
        "writer": {"title": ["Versi penulis"]},
        "editor": {"title": ["Versi redaktur"]},
    }


@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_anonymous_gets_401_not_a_login_page(client, draft, method):
    response = getattr(client, method)(autosave_url(draft))
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response["Content-Type"] == "application/json"


def test_deactivated_staff_gets_401(django_user_model, draft):
    user = django_user_model.objects.create_user("mantan", is_staff=True, is_active=False)
    client = Client()
    client.force_login(user)
    assert post(client, autosave_url(draft), {"title": ["x"]}).status_code == 401


def test_staff_without_article_rights_cannot_autosave_a_new_article(django_user_model):
    client = client_of(django_user_model.objects.create_user("tamu", is_staff=True))
    assert post(client, NEW_URL, {"title": ["x"]}).status_code == HTTPStatus.FORBIDDEN
    assert not Autosave.objects.exists()


def test_new_article_autosave_is_keyed_by_user_and_type(writer, other_writer):
    post(client_of(writer), NEW_URL, {"title": ["Berita baru"]})
    autosave = Autosave.objects.get()
    assert (autosave.user, autosave.object_key) == (writer, NEW)
    assert autosave.content_type == ContentType.objects.get_for_model(Article)
    assert client_of(other_writer).get(NEW_URL).status_code == HTTPStatus.NOT_FOUND


def test_oversize_payload_is_refused(writer, draft):
    response = post(client_of(writer), autosave_url(draft), {"body": ["x" * MAX_BYTES]})
    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert "terlalu panjang" in response.json()["error"]
    assert not Autosave.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        "not json",
        json.dumps({"fields": "text"}),
        json.dumps({"fields": {"title": "not a list"}}),
        json.dumps({"fields": {"title": [1]}}),
        json.dumps({"fields": {f"f{n}": ["x"] for n in range(500)}}),
        json.dumps(["fields"]),
    ],
)
def test_malformed_payload_is_refused(writer, draft, payload):
    response = client_of(writer).post(autosave_url(draft), payload, "application/json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not Autosave.objects.exists()


@pytest.mark.parametrize(
    "object_id", ["0", "-1", "99999999999999999999999", "1%20OR%201=1", "abc", "1/../2"]
)
def test_crafted_object_ids_find_nothing(writer, draft, object_id):
    response = post(client_of(writer), f"/admin/news/article/{object_id}/autosave/", {"a": ["b"]})
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not Autosave.objects.exists()


def test_autosave_needs_csrf(writer, draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(writer)
    assert post(client, autosave_url(draft), {"title": ["x"]}).status_code == 403
    assert not Autosave.objects.exists()


def test_form_bookkeeping_is_never_kept(writer, draft):
    fields = {"title": ["x"], "csrfmiddlewaretoken": ["t"], "version": ["9"]}
    post(client_of(writer), autosave_url(draft), fields)
    assert Autosave.objects.get().fields == {"title": ["x"]}


def test_discard_deletes_only_ones_own_autosave(writer, editor, draft):
    post(client_of(writer), autosave_url(draft), {"title": ["penulis"]})
    post(client_of(editor), autosave_url(draft), {"title": ["redaktur"]})
    assert client_of(writer).delete(autosave_url(draft)).status_code == HTTPStatus.OK
    assert list(Autosave.objects.values_list("user__username", flat=True)) == ["editor"]


def test_session_check_tells_whether_and_who(writer, client):
    answer = client.get(SESSION_URL)
    assert answer.status_code == HTTPStatus.UNAUTHORIZED
    assert answer.json() == {"active": False, "user": None}
    assert client_of(writer).get(SESSION_URL).json() == {"active": True, "user": writer.pk}


def test_change_form_offers_a_newer_autosave_and_a_save_deletes_it(writer, draft):
    client = client_of(writer)
    post(client, autosave_url(draft), {"title": ["Judul dari autosave"]})

    response = client.get(change_url(draft))
    assertContains(response, "Ada versi tersimpan otomatis dari")
    assertContains(response, "yang lebih baru dari yang tersimpan.")

    data = open_article_form(client, draft)
    response = client.post(change_url(draft), {**data, "title": "Judul disimpan"})
    assert response.status_code == HTTPStatus.FOUND
    assert not Autosave.objects.exists()
    assertNotContains(client.get(change_url(draft)), "Ada versi tersimpan otomatis")


def test_autosave_older_than_the_items_last_save_is_not_offered(writer, editor, draft):
    writer_client = client_of(writer)
    post(writer_client, autosave_url(draft), {"title": ["Judul lama"]})
    editor_client = client_of(editor)
    data = open_article_form(editor_client, draft)
    editor_client.post(change_url(draft), {**data, "title": "Disunting redaktur"})

    assertNotContains(writer_client.get(change_url(draft)), "Ada versi tersimpan otomatis")


def test_adding_an_article_deletes_the_new_autosave(editor, draft):
    client = client_of(editor)
    post(client, NEW_URL, {"title": ["Berita baru"]})
    assertContains(client.get(ADD_URL), "Ada versi tersimpan otomatis dari")
    data = open_article_form(client, draft)
    data.pop("version")
    client.post(ADD_URL, {**data, "slug": "berita-baru-sekali", "title": "Berita baru"})
    assert Article.objects.filter(slug="berita-baru-sekali").exists()
    assert not Autosave.objects.exists()


def test_a_read_only_form_has_no_autosave(writer):
    published = ArticleFactory(created_by=writer)
    response = client_of(writer).get(change_url(published))
    assert response.status_code == HTTPStatus.OK
    assertNotContains(response, 'id="autosave"')
