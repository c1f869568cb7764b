"""An editor publishes in the admin; the next anonymous reader of the cached home
page sees it (bench/publish_latency.py measures how soon behind gunicorn and nginx)."""

import uuid
from http import HTTPStatus

import pytest
from django.test import Client

from news.models import Article
from tests.admin_forms import change_url, open_article_form
from tests.factories import ArticleFactory

# The Redis variant shares tests/news/test_page_cache.py's database, which the
# autouse clear_cache fixture empties: one xdist worker for both.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("redis")]

ARTICLES = "/admin/news/article/"
TITLE = "Penetapan daftar pemilih tetap kecamatan Watulimo"


@pytest.fixture(params=["locmem", "redis"])
def cached_home(request, settings, client, article):
    """An anonymous reader's client, with the home page already served from the cache."""
    settings.PAGE_CACHE_SECONDS = 600
    if request.param == "redis":
        settings.CACHES = {
            "default": {
                "BACKEND": "django_redis.cache.RedisCache",
                "LOCATION": f"{request.getfixturevalue('redis_url')}/9",
                "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            }
        }
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    return client


@pytest.fixture
def draft(article):
    return ArticleFactory(
        title=TITLE,
        status=Article.Status.DRAFT,
        published_at=None,
        division=article.division,
        author=article.author,
    )


@pytest.fixture
def newsroom(editor):
    """The editor's browser: its own client, so the reader's stays without a session."""
    browser = Client()
    browser.force_login(editor)
    return browser


def test_the_publish_button_puts_the_article_on_the_next_home_page(cached_home, draft, newsroom):
    assert TITLE not in cached_home.get("/").text
    data = {**open_article_form(newsroom, draft), "_publish": "1"}
    response = newsroom.post(change_url(draft), data)
    assert response.status_code == HTTPStatus.FOUND, response.context["adminform"].form.errors

    home = cached_home.get("/")
    assert home["X-Page-Cache"] == "miss"
    assert TITLE in home.text


def test_publishing_from_the_list_puts_the_article_on_the_next_home_page(
    cached_home, draft, newsroom
):
    assert TITLE not in cached_home.get("/").text
    newsroom.post(ARTICLES, {"action": "publish_selected", "_selected_action": [draft.pk]})

    assert TITLE in cached_home.get("/").text


def test_unpublishing_takes_the_article_off_the_next_home_page(cached_home, draft, newsroom):
    newsroom.post(ARTICLES, {"action": "publish_selected", "_selected_action": [draft.pk]})
    assert TITLE in cached_home.get("/").text
    assert cached_home.get("/")["X-Page-Cache"] == "hit"

    newsroom.post(ARTICLES, {"action": "unpublish_selected", "_selected_action": [draft.pk]})

    assert TITLE not in cached_home.get("/").text
