"""A page served from the page cache still shows the fresh count, from the beacon's answer."""

import pytest
from playwright.sync_api import expect

from news.models import Article
from tests.e2e.conftest import READER_USER_AGENT
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_cached_page_shows_the_beacons_fresh_total(live_server, browser, settings):
    settings.PAGE_CACHE_SECONDS = 600
    article = ArticleFactory(view_count=5)
    url = f"{live_server.url}{article.get_absolute_url()}"

    first = browser.new_context(user_agent=READER_USER_AGENT).new_page()
    response = first.goto(url)
    assert response.headers["x-page-cache"] == "miss"
    expect(first.locator("[data-view-counter]")).to_have_text("Dilihat 6 kali")

    # Other readers count meanwhile; the cached page is not thrown away for that.
    Article.objects.filter(pk=article.pk).update(view_count=1233)

    second = browser.new_context(user_agent=f"{READER_USER_AGENT} pembaca-kedua").new_page()
    response = second.goto(url)
    assert response.headers["x-page-cache"] == "hit"
    # As rendered for the first reader:
    assert "Dilihat <span data-view-count>5</span> kali" in response.text()
    expect(second.locator("[data-view-counter]")).to_have_text("Dilihat 1.234 kali")
