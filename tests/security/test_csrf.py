"""Request forgery: every state-changing staff endpoint wants the CSRF token.

Each test posts twice where it can: without the token (refused, nothing
changes) and with it (accepted), so a 403 is known to come from the CSRF check
and not from a permission.
"""

from http import HTTPStatus

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import get_resolver, reverse

from accounts.models import User
from news.models import Article
from tests.admin_forms import article_form_data
from tests.factories import ArticleFactory
from tests.images import upload

pytestmark = pytest.mark.django_db

# Django's admin serves its JavaScript catalogue as a cacheable, read-only view
# without CSRF protection; POSTing to it changes nothing.
READ_ONLY_WITHOUT_CSRF = {"jsi18n"}


@pytest.fixture
def strict():
    """A browser that sends the token only when the page gave it (the test client skips checks)."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def staff(strict, admin):
    strict.force_login(admin)
    return strict


def token_from(client, page):
    """The token a page hands out, as the browser keeps it in the CSRF cookie."""
    assert client.get(page).status_code == HTTPStatus.OK
    return client.cookies[settings.CSRF_COOKIE_NAME].value


def assert_refused_for_csrf(response):
    assert response.status_code == HTTPStatus.FORBIDDEN
    # Django's CSRF failure page, not a permission error.
    assert b"CSRF" in response.content


def admin_routes():
    """Every named admin URL as a path with placeholder arguments.

    The placeholders need not exist: CSRF is checked before the view runs.
    """
    namespace = get_resolver().namespace_dict["admin"][1]
    for name, entries in namespace.reverse_dict.lists():
        if isinstance(name, str) and name not in READ_ONLY_WITHOUT_CSRF:
            _pattern, parameters = entries[0][0][0]
            # Unnamed regex groups (django-reversion's views) are "_0", "_1"…
            values = {
                parameter: "news" if parameter == "app_label" else "1" for parameter in parameters
            }
            if any(parameter.startswith("_") for parameter in parameters):
                yield name, reverse(f"admin:{name}", args=list(values.values()))
            else:
                yield name, reverse(f"admin:{name}", kwargs=values)


@pytest.mark.parametrize(("name", "url"), sorted(admin_routes()))
def test_every_admin_url_refuses_a_post_without_token(staff, name, url):
    assert_refused_for_csrf(staff.post(url, {}))


def test_the_sweep_covers_the_newsroom_views():
    names = {name for name, _url in admin_routes()}
    assert {
        "login",
        "logout",
        "password_change",
        "news_article_add",
        "news_article_change",
        "news_article_changelist",  # bulk actions: publish, unpublish, delete
        "news_article_delete",
        "news_article_preview",
        "news_article_upload_image",
        "accounts_user_add",
        "accounts_user_change",
        "auth_user_password_change",
    } <= names


def test_login_needs_the_token(strict, writer):
    url = reverse("admin:login")
    credentials = {"username": "writer", "password": "pw-writer"}
    assert_refused_for_csrf(strict.post(url, credentials))
    assert "_auth_user_id" not in strict.session

    token = token_from(strict, url)
    response = strict.post(url, {**credentials, "csrfmiddlewaretoken": token})
    assert response.status_code == HTTPStatus.FOUND
    assert strict.session["_auth_user_id"] == str(writer.pk)


def test_logout_needs_the_token(staff, admin):
    url = reverse("admin:logout")
    assert_refused_for_csrf(staff.post(url))
    assert staff.session["_auth_user_id"] == str(admin.pk)

    token = token_from(staff, reverse("admin:index"))
    assert staff.post(url, {"csrfmiddlewaretoken": token}).status_code == HTTPStatus.OK
    assert "_auth_user_id" not in staff.session


def test_publish_action_needs_the_token(staff):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    url = reverse("admin:news_article_changelist")
    action = {"action": "publish_selected", "_selected_action": [draft.pk]}
    assert_refused_for_csrf(staff.post(url, action))
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT

    token = token_from(staff, url)
    response = staff.post(url, {**action, "csrfmiddlewaretoken": token})
    assert response.status_code == HTTPStatus.FOUND
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED


def test_article_change_needs_the_token(staff, article):
    url = reverse("admin:news_article_change", args=[article.pk])
    form = article_form_data(article, title="Judul palsu", tags="pemilu", status="draft")
    assert_refused_for_csrf(staff.post(url, form))
    article.refresh_from_db()
    assert article.title != "Judul palsu"

    token = token_from(staff, url)
    assert staff.post(url, {**form, "csrfmiddlewaretoken": token}).status_code == HTTPStatus.FOUND
    article.refresh_from_db()
    assert (article.title, article.status) == ("Judul palsu", Article.Status.DRAFT)


def test_user_change_needs_the_token(staff, writer):
    url = reverse("admin:accounts_user_change", args=[writer.pk])
    assert_refused_for_csrf(staff.post(url, {"username": "writer", "is_active": ""}))
    writer.refresh_from_db()
    assert writer.is_active


def test_ckeditor_upload_needs_the_token_in_its_header(staff):
    url = reverse("admin:news_article_upload_image")
    assert_refused_for_csrf(staff.post(url, {"upload": upload()}))
    assert not default_storage.exists("uploads")

    # As CKEditor 5's upload adapter sends it: read from the cookie, in X-CSRFToken.
    token = token_from(staff, reverse("admin:news_article_add"))
    response = staff.post(url, {"upload": upload()}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == HTTPStatus.OK
    assert response.json()["url"].startswith("/media/uploads/")


def test_view_counter_is_exempt_but_accepts_post_only(strict, article):
    url = reverse("news:count-view", args=[article.slug])
    # Cached article pages carry no token; the beacon must still count.
    response = strict.post(url, HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 13) Chrome/124.0")
    assert response.status_code == HTTPStatus.OK
    assert response.json()["counted"] is True
    assert strict.get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    article.refresh_from_db()
    assert article.view_count == 1


def test_users_are_not_created_by_a_forged_post(staff):
    form = {"username": "penyusup", "password1": "S4ndi-kuat-sekali", "role": ""}
    form["password2"] = form["password1"]
    assert_refused_for_csrf(staff.post(reverse("admin:accounts_user_add"), form))
    assert not User.objects.filter(username="penyusup").exists()
