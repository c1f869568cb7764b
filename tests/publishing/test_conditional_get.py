"""Conditional GET for public pages (publishing/page_cache.py, "Conditional GET").

A phone that has a page sends its ETag back (If-None-Match) and gets a 304 of a
few hundred bytes instead of the page, whether the page is in the cache or is
drawn afresh; what is drawn for staff carries no validator at all.
"""

from http import HTTPStatus

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils.http import http_date, parse_http_date

from news.models import Article
from publishing import page_cache
from publishing.page_cache import cache_public_page, first_drawn, invalidate_now
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

READER = (
    "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36"
)


@pytest.fixture
def cached(settings):
    """The page cache on (local memory; tests/news/test_page_cache.py runs both backends)."""
    settings.PAGE_CACHE_SECONDS = 600


def public_urls(article):
    published = article.published_at
    return [
        "/",
        "/berita/",
        "/berita/?page=1",
        article.get_absolute_url(),
        article.division.get_absolute_url(),
        article.author.get_absolute_url(),
        "/tag/pemilu-2024/",
        f"/berita/{published.year}/{published.month}/",
    ]


def test_every_public_page_answers_304_from_the_cache_without_a_query(
    cached, client, article, django_assert_num_queries
):
    for url in public_urls(article):
        page = client.get(url)
        assert page.status_code == HTTPStatus.OK, url
        assert page["X-Page-Cache"] == "miss", url
        assert page["ETag"].startswith('"'), url  # strong: the body's own hash
        assert page["Cache-Control"] == "no-cache", url
        with django_assert_num_queries(0):
            again = client.get(url, headers={"If-None-Match": page["ETag"]})
        assert again.status_code == HTTPStatus.NOT_MODIFIED, url
        assert again["X-Page-Cache"] == "hit", url
        assert again.content == b"", url
        assert again["ETag"] == page["ETag"], url
        assert again["Last-Modified"] == page["Last-Modified"], url
        # nginx's gzip makes W/"…" of the ETag: the comparison is weak, as for any GET.
        weak = client.get(url, headers={"If-None-Match": f"W/{page['ETag']}"})
        assert weak.status_code == HTTPStatus.NOT_MODIFIED, url
        # HEAD, as some clients check.
        head = client.head(url, headers={"If-None-Match": page["ETag"]})
        assert head.status_code == HTTPStatus.NOT_MODIFIED, url


def test_a_page_drawn_afresh_answers_304_too(settings, client, article):
    """Cache off (as in development), or a search, which never has an entry."""
    settings.PAGE_CACHE_SECONDS = 0
    for url in [article.get_absolute_url(), "/", "/cari/?q=pleno"]:
        page = client.get(url)
        assert "X-Page-Cache" not in page, url
        # No entry, no record of when this body was first drawn: no Last-Modified.
        assert "Last-Modified" not in page, url
        again = client.get(url, headers={"If-None-Match": page["ETag"]})
        assert again.status_code == HTTPStatus.NOT_MODIFIED, url
        assert again["ETag"] == page["ETag"], url


def test_a_search_answers_304_with_the_cache_on(cached, client, article):
    page = client.get("/cari/", {"q": "pleno"})
    again = client.get("/cari/", {"q": "pleno"}, headers={"If-None-Match": page["ETag"]})
    assert again.status_code == HTTPStatus.NOT_MODIFIED
    # Another search is another body.
    other = client.get("/cari/", {"q": "rekapitulasi"}, headers={"If-None-Match": page["ETag"]})
    assert other.status_code == HTTPStatus.OK


def test_if_modified_since_answers_304_until_the_page_changes(cached, client, article):
    url = article.get_absolute_url()
    last_modified = client.get(url)["Last-Modified"]
    same = client.get(url, headers={"If-Modified-Since": last_modified})
    assert same.status_code == HTTPStatus.NOT_MODIFIED
    an_hour_before = http_date(parse_http_date(last_modified) - 3600)
    older = client.get(url, headers={"If-Modified-Since": an_hour_before})
    assert older.status_code == HTTPStatus.OK


def test_a_changed_page_answers_200_with_a_new_etag(cached, client, article):
    url = article.get_absolute_url()
    old = client.get(url)
    article.title = "Rapat pleno rekapitulasi diundur"
    article.save()
    new = client.get(url, headers={"If-None-Match": old["ETag"]})
    assert new.status_code == HTTPStatus.OK
    assert "Rapat pleno rekapitulasi diundur" in new.text
    assert new["ETag"] != old["ETag"]
    assert client.get(url, headers={"If-None-Match": new["ETag"]}).status_code == (
        HTTPStatus.NOT_MODIFIED
    )


def test_an_unchanged_page_drawn_again_after_an_edit_elsewhere_still_matches(
    cached, client, article
):
    url = article.get_absolute_url()
    old = client.get(url)
    # Any edit starts a new generation: every page is drawn again on its next request.
    invalidate_now()
    again = client.get(url, headers={"If-None-Match": old["ETag"]})
    assert again.status_code == HTTPStatus.NOT_MODIFIED
    assert again["X-Page-Cache"] == "miss"
    # It is still the body first drawn then: same Last-Modified, so a client that
    # sends only If-Modified-Since (a crawler) gets its 304 as well.
    assert again["Last-Modified"] == old["Last-Modified"]
    invalidate_now()
    by_date = client.get(url, headers={"If-Modified-Since": old["Last-Modified"]})
    assert by_date.status_code == HTTPStatus.NOT_MODIFIED


def test_last_modified_is_left_out_when_two_bodies_share_a_second(cached, monkeypatch):
    """If-Modified-Since counts whole seconds: a second body drawn within the same
    second as the first gets no Last-Modified, or a client holding the first
    would be told that it has the second."""
    now = [1_800_000_000.2]
    monkeypatch.setattr(page_cache.time, "time", lambda: now[0])
    key = "page-cache:halaman"
    assert first_drawn(key, '"satu"') == 1_800_000_000
    assert first_drawn(key, '"dua"') is None
    assert first_drawn(key, '"satu"') == 1_800_000_000
    now[0] += 1
    assert first_drawn(key, '"dua"') == 1_800_000_001
    # The record is the newest body's: the first, drawn again, is newer than that.
    now[0] += 1
    assert first_drawn(key, '"satu"') == 1_800_000_002


def test_staff_get_no_validator_and_no_304(cached, editor_client, article):
    url = article.get_absolute_url()
    public = Client().get(url)
    for headers in ({}, {"If-None-Match": public["ETag"]}, {"If-None-Match": "*"}):
        page = editor_client.get(url, headers=headers)
        assert page.status_code == HTTPStatus.OK
        assert "ETag" not in page
        assert "Last-Modified" not in page
        # Drawn for a session: no shared cache (a proxy, nginx) may keep it.
        assert "private" in page["Cache-Control"]
        assert "X-Page-Cache" not in page


def test_a_made_up_session_cookie_gets_no_validator(cached, client, article):
    client.cookies["sessionid"] = "tidak-ada"
    page = client.get(article.get_absolute_url())
    assert page.status_code == HTTPStatus.OK
    assert "ETag" not in page
    assert "private" in page["Cache-Control"]


def test_other_methods_and_errors_get_no_validator(cached, client, article):
    for url in (article.get_absolute_url(), "/berita/"):
        post = client.post(url, headers={"If-None-Match": "*"})
        assert post.status_code in (HTTPStatus.OK, HTTPStatus.METHOD_NOT_ALLOWED), url
        assert "ETag" not in post, url
        assert "private" in post["Cache-Control"], url
    missing = client.get("/berita/tidak-ada/", headers={"If-None-Match": "*"})
    assert missing.status_code == HTTPStatus.NOT_FOUND
    assert "ETag" not in missing


def test_a_304_page_still_shows_the_live_view_count(cached, client):
    """The 304 keeps the reader's copy, drawn with the count of its day; the page's
    script (static/js/article.js) posts the beacon on load and writes the beacon's
    live total into the page."""
    article = ArticleFactory(view_count=41)
    url = article.get_absolute_url()
    page = client.get(url)
    counter = page.text[page.text.index("data-view-counter") :]
    assert "41" in counter[: counter.index("</")]
    assert f'data-url="/berita/{article.slug}/dilihat/"' in page.text
    assert "js/article" in page.text

    beacon = Client().post(f"/berita/{article.slug}/dilihat/", HTTP_USER_AGENT=READER)
    assert beacon.json()["views"] == 42
    assert beacon.json()["display"] == "42"
    # The beacon carries no validator: never answered from a copy.
    assert "ETag" not in beacon
    assert "no-store" in beacon["Cache-Control"]

    again = client.get(url, headers={"If-None-Match": page["ETag"]})
    assert again.status_code == HTTPStatus.NOT_MODIFIED
    second = Client().post(f"/berita/{article.slug}/dilihat/", HTTP_USER_AGENT=READER + " 2")
    assert second.json()["views"] == 43
    assert Article.objects.get(pk=article.pk).view_count == 43


def test_feeds_keep_their_own_validators(cached, client, article):
    """news/feeds.py answers 304 before drawing a feed; its ETag is not a body hash."""
    feed = client.get("/feed/")
    assert feed["ETag"].startswith('W/"')
    assert client.get("/feed/", headers={"If-None-Match": feed["ETag"]}).status_code == (
        HTTPStatus.NOT_MODIFIED
    )


def test_any_page_the_wrapper_serves_gets_validators(cached):
    """Pages of other apps (pages/, office/) use the same wrapper."""
    calls = []

    @cache_public_page
    def view(request):
        calls.append(request)
        return HttpResponse("<p>Profil KPU</p>", content_type="text/html; charset=utf-8")

    factory = RequestFactory()
    page = view(factory.get("/profil/"))
    assert page.status_code == HTTPStatus.OK
    assert page["Last-Modified"]
    again = view(factory.get("/profil/", headers={"If-None-Match": page["ETag"]}))
    assert again.status_code == HTTPStatus.NOT_MODIFIED
    assert len(calls) == 1
