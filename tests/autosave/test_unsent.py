"""A save posted after the session ended (no script needed) is offered again after logging in."""

import json
import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from news.models import Article
from tests.admin_forms import change_url, open_article_form
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

OFFERED = "belum tersimpan karena sesi Anda sudah berakhir"


@pytest.fixture
def draft(writer):
    return ArticleFactory(created_by=writer, status=Article.Status.DRAFT, published_at=None)


@pytest.fixture
def sent_after_expiry(writer, draft):
    """The writer's browser, whose session ended while the form was open, after saving."""
    browser = Client()
    browser.force_login(writer)
    data = open_article_form(browser, draft)
    # The session times out: its row stays until `clearsessions`, but no longer counts.
    Session.objects.filter(session_key=browser.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = browser.post(change_url(draft), {**data, "title": "Judul yang diketik"})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/admin/login/")
    return browser, data


def unsent_fields(response):
    match = re.search(
        r'<script id="autosave-unsent" type="application/json">(.*?)</script>',
        response.content.decode(),
    )
    return json.loads(match.group(1)) if match else None


def test_the_text_is_offered_after_logging_in_and_a_save_forgets_it(
    sent_after_expiry, writer, draft
):
    browser, data = sent_after_expiry
    draft.refresh_from_db()
    assert draft.title != "Judul yang diketik"

    browser.force_login(writer)
    response = browser.get(change_url(draft))
    assertContains(response, OFFERED)
    fields = unsent_fields(response)
    assert fields["title"] == ["Judul yang diketik"]
    assert "csrfmiddlewaretoken" not in fields and "version" not in fields

    browser.post(change_url(draft), {**data, "title": "Judul yang diketik"})
    draft.refresh_from_db()
    assert draft.title == "Judul yang diketik"
    assertNotContains(browser.get(change_url(draft)), OFFERED)


def test_only_on_the_item_it_was_sent_to(sent_after_expiry, writer):
    browser, _data = sent_after_expiry
    browser.force_login(writer)
    other = ArticleFactory(created_by=writer, status=Article.Status.DRAFT, published_at=None)
    assertNotContains(browser.get(change_url(other)), OFFERED)


def test_discarding_forgets_it(sent_after_expiry, writer, draft):
    browser, _data = sent_after_expiry
    browser.force_login(writer)
    browser.delete(f"/admin/news/article/{draft.pk}/autosave/")
    assertNotContains(browser.get(change_url(draft)), OFFERED)


def test_another_browser_never_sees_it(sent_after_expiry, writer, editor, draft):
    another = Client()
    another.force_login(editor)
    assertNotContains(another.get(change_url(draft)), OFFERED)


def test_a_visitor_without_a_session_cannot_store_text(writer, draft):
    """Only a browser that was logged in has its post kept: others cannot fill the
    session table by posting to the admin."""
    visitor = Client()
    for cookie in (None, "made-up-session-key"):
        if cookie:
            visitor.cookies["sessionid"] = cookie
        response = visitor.post(change_url(draft), {"title": "x" * 100_000})
        assert response.status_code == HTTPStatus.FOUND
    assert not Session.objects.exists()
