"""Open redirects: a crafted next= never sends a staff member off the site."""

import re
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

OFF_SITE = [
    "https://evil.example/",
    "http://evil.example",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    " //evil.example",
    "\t//evil.example",
    "https:evil.example",
    "https://testserver@evil.example/",
    "https://evil.example\\@testserver/",
    "javascript:alert(document.cookie)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
]


def destination(response):
    """Where a browser goes after this response, resolved as a browser resolves it."""
    location = response["Location"]
    # Browsers drop tabs and newlines, trim spaces and read "\" as "/" in web URLs.
    cleaned = re.sub(r"[\t\n\r]", "", location).strip().replace("\\", "/")
    return urlsplit(urljoin(f"http://testserver{response.request['PATH_INFO']}", cleaned))


def assert_stays_on_site(response):
    target = destination(response)
    assert target.scheme == "http", response["Location"]
    assert target.netloc == "testserver", response["Location"]


@pytest.mark.parametrize("next_url", OFF_SITE)
def test_login_ignores_an_off_site_next(client, writer, next_url):
    response = client.post(
        reverse("admin:login"),
        {"username": "writer", "password": "pw-writer", "next": next_url},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert_stays_on_site(response)
    # Into the newsroom, not to a page that does not exist.
    assert response["Location"] == reverse("admin:index")


@pytest.mark.parametrize("next_url", OFF_SITE)
def test_logged_in_staff_opening_the_login_page_stay_on_site(admin_client, next_url):
    response = admin_client.get(reverse("admin:login"), {"next": next_url})
    assert response.status_code == HTTPStatus.FOUND
    assert_stays_on_site(response)


@pytest.mark.parametrize("next_url", OFF_SITE)
def test_logout_ignores_an_off_site_next(admin_client, next_url):
    response = admin_client.post(reverse("admin:logout"), {"next": next_url})
    if response.status_code == HTTPStatus.FOUND:
        assert_stays_on_site(response)
    else:
        assert response.status_code == HTTPStatus.OK  # the "logged out" page
    assert "_auth_user_id" not in admin_client.session


def test_login_follows_a_next_on_this_site(client, writer):
    target = reverse("admin:news_article_changelist") + "?status__exact=review"
    response = client.post(
        reverse("admin:login"), {"username": "writer", "password": "pw-writer", "next": target}
    )
    assert response["Location"] == target
