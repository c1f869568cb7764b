"""The admin site (kpu_site/admin_site.py): hostile input is bad input in every admin
on it, libraries' included, and its shortcut leads only to what the user may see."""

from http import HTTPStatus

import pytest
import reversion
from django.contrib.contenttypes.models import ContentType
from reversion.models import Version

from news.models import Article, Division
from tests.admin_forms import article_form_data
from tests.clients import login
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    [
        {"action": "publish\x00"},
        {"q": "admin\x00"},
        {"created_at__year": "99999999999"},
        {"created_at__year": "2026", "created_at__month": "123456789"},
    ],
)
def test_audit_record_filters(admin_client, query):
    response = admin_client.get("/admin/accounts/auditevent/", query)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].endswith("?e=1")


@pytest.mark.parametrize("query", [{"is_active__exact": "1\x00"}, {"q": "\x00"}])
def test_user_list_filters(admin_client, query):
    response = admin_client.get("/admin/accounts/user/", query)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].endswith("?e=1")


def test_ordinary_filters_still_work(admin_client):
    assert (
        admin_client.get("/admin/accounts/auditevent/", {"created_at__year": "2026"}).status_code
        == HTTPStatus.OK
    )


@pytest.mark.parametrize(
    "url",
    [
        "/admin/axes/accessattempt/",
        "/admin/axes/accesslog/",
        "/admin/axes/accessfailurelog/",
    ],
)
@pytest.mark.parametrize(
    "query",
    [
        {"attempt_time__year": "99999999999999999999"},
        {"attempt_time__year": "2026", "attempt_time__month": "99999999999999999999"},
        {"q": "admin\x00"},
    ],
)
def test_django_axes_lists_answer_hostile_filters_as_bad_ones(admin_client, url, query):
    """A library's admin gets the same treatment as ours."""
    response = admin_client.get(url, query)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].endswith("?e=1")


@pytest.mark.parametrize(
    "query",
    [
        {"published_at": "x"},
        {"published_at": "99999999999999999999"},
        {"division": "abc"},
        {"division": "99999999999999999999"},
        {"featured": "\x00"},
        {"status": "\x00" * 10},
    ],
)
def test_add_page_ignores_initial_values_that_are_not_values(admin_client, query):
    response = admin_client.get("/admin/news/article/add/", query)
    assert response.status_code == HTTPStatus.OK


def test_add_page_still_takes_good_initial_values(admin_client):
    division = ArticleFactory().division
    response = admin_client.get(
        "/admin/news/article/add/", {"title": "Judul awal", "division": division.pk}
    )
    form = response.context["adminform"].form
    assert form.initial["title"] == "Judul awal"
    assert form.initial["division"] == division.pk


@pytest.mark.parametrize("term", ["\x00", "teknis\x00", "\x00" * 100])
def test_autocomplete_search_with_a_nul(writer, term):
    ArticleFactory(division__name="Teknis")
    response = login(writer).get(
        "/admin/autocomplete/",
        {"term": term, "app_label": "news", "model_name": "article", "field_name": "division"},
    )
    assert response.status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    "url",
    [
        "/admin/office/sitesettings/%00/history/",
        "/admin/office/externallink/%00/history/1/",
        "/admin/pages/person/1%00/history/",
    ],
)
def test_a_nul_in_a_history_urls_object_id_names_no_object(admin_client, url):
    # django-reversion looks the id up as text, which PostgreSQL refuses with a NUL.
    assert admin_client.get(url).status_code == HTTPStatus.NOT_FOUND


def shortcut(obj):
    return f"/admin/r/{ContentType.objects.get_for_model(obj).pk}/{obj.pk}/"


@pytest.mark.parametrize(
    ("status", "published_at"),
    [("draft", None), ("review", None), ("published", "2999-01-01T00:00:00+07:00")],
)
def test_shortcut_never_leads_a_writer_to_anothers_unpublished_article(
    writer, other_writer, status, published_at
):
    hidden = ArticleFactory(
        status=status, published_at=published_at, created_by=other_writer, slug="rahasia-besok"
    )
    response = login(writer).get(shortcut(hidden))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "rahasia-besok" not in response.get("Location", "")
    assert b"rahasia-besok" not in response.content


def test_shortcut_leads_a_writer_to_the_preview_of_their_own_draft(writer):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=writer)
    response = login(writer).get(shortcut(draft))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"/admin/news/article/{draft.pk}/preview/"


def test_shortcut_leads_to_public_pages_of_what_the_user_may_see(editor, writer):
    article = ArticleFactory()
    assert login(editor).get(shortcut(article))["Location"] == article.get_absolute_url()
    division = Division.objects.get()
    assert login(writer).get(shortcut(division))["Location"].endswith(division.get_absolute_url())


@pytest.mark.parametrize(
    "path", ["/admin/r/abc/1/", "/admin/r/99999999999999999999/1/", "/admin/r/1/\x00/"]
)
def test_shortcut_with_hostile_ids_is_404(admin_client, path):
    assert admin_client.get(path).status_code == HTTPStatus.NOT_FOUND


def test_shortcut_for_a_model_without_an_admin_is_404(admin_client):
    content_type = ContentType.objects.get_for_model(ContentType)
    assert admin_client.get(f"/admin/r/{content_type.pk}/1/").status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    "url",
    ["/admin/news/article/{pk}/change/", "/admin/news/article/{pk}/delete/"],
)
def test_an_empty_to_field_means_the_primary_key(admin_client, url):
    article = ArticleFactory()
    response = admin_client.get(url.format(pk=article.pk), {"_to_field": ""})
    assert response.status_code == HTTPStatus.OK


def test_an_empty_to_field_on_a_forbidden_model_is_still_403(writer):
    response = login(writer).get("/admin/accounts/user/1/change/", {"_to_field": ""})
    assert response.status_code == HTTPStatus.FORBIDDEN


@pytest.mark.parametrize(
    ("app_label", "model_name", "field_name"),
    [
        ("taggit", "tag", "article"),
        ("news", "division", "articles"),
        ("accounts", "user", "author_profile"),
        ("news", "article", "title"),
        ("news", "nothing", "division"),
    ],
)
def test_autocomplete_refuses_what_is_no_forward_relation(
    writer, app_label, model_name, field_name
):
    response = login(writer).get(
        "/admin/autocomplete/",
        {"term": "a", "app_label": app_label, "model_name": model_name, "field_name": field_name},
    )
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_a_nul_in_the_tags_is_a_form_error(admin_client):
    article = ArticleFactory()
    response = admin_client.post(
        f"/admin/news/article/{article.pk}/change/",
        article_form_data(article, tags="pemilu\x00, logistik"),
    )
    assert response.status_code == HTTPStatus.OK
    assert "tags" in response.context["adminform"].form.errors


def test_restoring_a_revision_with_a_popup_flag_is_an_ordinary_restore(admin_client):
    article = ArticleFactory()
    with reversion.create_revision():
        article.save()
    version = Version.objects.get_for_object(article).get()
    response = admin_client.post(
        f"/admin/news/article/{article.pk}/history/{version.pk}/",
        {**article_form_data(article, title="Dipulihkan"), "_popup": "1", "version": "1"},
    )
    assert response.status_code == HTTPStatus.FOUND
