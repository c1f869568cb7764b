import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from http import HTTPStatus

import pytest
import redis
import requests
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from news import counter
from news.models import Article, DailyViews
from tests.factories import ArticleFactory
from tests.redis_server import use_redis_cache

pytestmark = pytest.mark.django_db

READER = (
    "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36"
)


@pytest.fixture(autouse=True, params=["locmem", "redis"])
def counter_cache(request, settings):
    """Every rule in both caches the site runs on: local memory (development) and Redis
    (production), where the reader's two rules are one script (news/counter.py)."""
    if request.param == "redis":
        use_redis_cache(settings, request.getfixturevalue("redis_url"))
    return request.param


def count_url(article):
    return f"/berita/{article.slug}/dilihat/"


def beacon(client, article, user_agent=READER, **extra):
    return client.post(count_url(article), HTTP_USER_AGENT=user_agent, **extra)


def test_first_view_counts_and_answers_the_fresh_total(client, article):
    Article.objects.filter(pk=article.pk).update(view_count=1233)
    response = beacon(client, article)
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"views": 1234, "display": "1.234", "counted": True}
    article.refresh_from_db()
    assert article.view_count == 1234
    bucket = DailyViews.objects.get(article=article)
    assert (bucket.date, bucket.views) == (timezone.localdate(), 1)
    assert "no-cache" in response["Cache-Control"]


def test_same_reader_counts_once_within_the_window(client, article):
    assert beacon(client, article).json()["counted"] is True
    again = beacon(client, article).json()
    assert again == {"views": 1, "display": "1", "counted": False}
    assert DailyViews.objects.get(article=article).views == 1


def test_another_browser_counts_separately(client, article):
    beacon(client, article)
    beacon(client, article, user_agent=READER.replace("SM-A145F", "Redmi Note 12"))
    assert Article.objects.get(pk=article.pk).view_count == 2


def test_same_reader_counts_again_after_the_window(client, article, settings):
    settings.VIEW_COUNT_WINDOW_SECONDS = 1
    beacon(client, article)
    time.sleep(1.1)
    assert beacon(client, article).json()["counted"] is True


def test_window_is_per_article(client, article):
    other = ArticleFactory()
    beacon(client, article)
    assert beacon(client, other).json()["counted"] is True


def test_on_redis_the_reader_is_decided_by_one_script(client, article, counter_cache):
    """One round trip for both rules in production; the cache's own calls elsewhere."""
    counter._new_reader_script.cache_clear()
    assert beacon(client, article).json()["counted"] is True
    used = counter._new_reader_script.cache_info().misses == 1
    assert used is (counter_cache == "redis")


def test_a_cache_that_fails_costs_the_view_not_the_answer(client, article, monkeypatch):
    """The reader's browser gets its 200 without a total (the page keeps its number),
    and nothing is counted."""
    nothing_listens = redis.Redis(host="127.0.0.1", port=9, socket_connect_timeout=0.5)
    monkeypatch.setattr(counter, "_redis_client", lambda: nothing_listens)
    response = beacon(client, article)
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"views": None, "counted": False}
    assert Article.objects.get(pk=article.pk).view_count == 0


def test_reader_identity_is_hashed_not_stored_raw(client, article, counter_cache):
    beacon(client, article, REMOTE_ADDR="203.0.113.9")
    # django-redis lists this test's own keys (its prefix); local memory holds only this test's.
    keys = cache.keys("*") if counter_cache == "redis" else list(cache._cache.keys())
    assert len(keys) >= 2  # the reader's and the address's
    assert all("203.0.113.9" not in key and "Android" not in key for key in keys)


@pytest.mark.parametrize(
    "user_agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "WhatsApp/2.23.20.0",
        "curl/8.5.0",
        "python-requests/2.31.0",
        "",
    ],
)
def test_bots_are_not_counted(client, article, user_agent):
    response = beacon(client, article, user_agent=user_agent)
    assert response.json()["counted"] is False
    assert Article.objects.get(pk=article.pk).view_count == 0
    assert not DailyViews.objects.exists()


def test_staff_are_not_counted(editor_client, article):
    assert beacon(editor_client, article).json()["counted"] is False
    assert Article.objects.get(pk=article.pk).view_count == 0


@pytest.mark.parametrize(
    ("status", "published_at"),
    [
        (Article.Status.DRAFT, None),
        (Article.Status.REVIEW, None),
        (Article.Status.PUBLISHED, timezone.now() + timedelta(days=1)),
    ],
)
def test_unpublished_articles_are_not_counted(client, status, published_at):
    hidden = ArticleFactory(status=status, published_at=published_at)
    assert beacon(client, hidden).status_code == HTTPStatus.NOT_FOUND
    assert Article.objects.get(pk=hidden.pk).view_count == 0


@pytest.mark.parametrize("method", ["get", "head", "put", "delete"])
def test_only_post_counts(client, article, method):
    response = getattr(client, method)(count_url(article), HTTP_USER_AGENT=READER)
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert Article.objects.get(pk=article.pk).view_count == 0


def test_beacon_needs_no_csrf_token(article):
    strict = Client(enforce_csrf_checks=True)
    assert beacon(strict, article).json()["counted"] is True


def test_forwarded_for_is_ignored_unless_trusted(client, article, settings):
    beacon(client, article, HTTP_X_FORWARDED_FOR="198.51.100.1")
    # A forged header does not make a new reader.
    assert beacon(client, article, HTTP_X_FORWARDED_FOR="198.51.100.2").json()["counted"] is False
    settings.TRUST_X_FORWARDED_FOR = True
    assert beacon(client, article, HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.3").json()["counted"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_views_are_all_counted(live_server, settings):
    """200 readers at once against a real threaded server: no count is lost."""
    # Each reader from an address of its own, as behind our proxy: the per-address
    # rate limit is not what this test is about.
    settings.TRUST_X_FORWARDED_FOR = True
    article = ArticleFactory()
    url = live_server.url + count_url(article)
    readers = 200
    start = threading.Barrier(40)

    def view(index):
        if index < 40:
            start.wait()  # the first wave leaves together
        response = requests.post(
            url,
            headers={
                "User-Agent": f"{READER} pembaca/{index}",
                "X-Forwarded-For": f"10.1.{index // 256}.{index % 256}",
            },
            timeout=30,
        )
        return response.status_code, response.json()["counted"]

    # 40 at a time keeps under PostgreSQL's connection limit (one per server thread).
    with ThreadPoolExecutor(max_workers=40) as pool:
        results = list(pool.map(view, range(readers)))

    assert results == [(HTTPStatus.OK, True)] * readers
    article.refresh_from_db()
    assert article.view_count == readers
    assert DailyViews.objects.get(article=article).views == readers


def test_one_address_is_rate_limited(client, article, settings):
    """Changing the user agent on every beacon cannot pump the count from one address."""
    settings.VIEW_COUNT_RATE_LIMIT = "5/m"
    answers = [beacon(client, article, user_agent=f"{READER} palsu/{n}") for n in range(7)]

    assert [answer.status_code for answer in answers] == [HTTPStatus.OK] * 5 + [
        HTTPStatus.TOO_MANY_REQUESTS
    ] * 2
    assert answers[-1].json()["counted"] is False
    assert answers[-1]["Retry-After"]
    article.refresh_from_db()
    assert article.view_count == 5
    # Another reader, from another address, is not held back.
    other = beacon(client, article, REMOTE_ADDR="198.51.100.9")
    assert other.status_code == HTTPStatus.OK
    assert other.json() == {"views": 6, "display": "6", "counted": True}


def test_rotating_the_user_agent_adds_at_most_the_hourly_ceiling(client, article, settings):
    """The browser's name is the client's own word: one address adds at most
    VIEW_COUNT_PER_ADDRESS_PER_HOUR views to one article, whatever it claims to be."""
    settings.VIEW_COUNT_PER_ADDRESS_PER_HOUR = 3
    answers = [beacon(client, article, user_agent=f"{READER} palsu/{n}").json() for n in range(10)]

    assert [answer["counted"] for answer in answers] == [True] * 3 + [False] * 7
    assert Article.objects.get(pk=article.pk).view_count == 3
    # The ceiling is per article and per address: the same address can still be
    # counted on another article, and another address on this one.
    other_article = ArticleFactory()
    assert beacon(client, other_article, user_agent=f"{READER} palsu/0").json()["counted"]
    assert beacon(client, article, REMOTE_ADDR="198.51.100.7").json()["counted"]


def test_default_ceiling_counts_a_crowd_behind_one_carrier_address(client, article):
    """Thirty phones behind one CGNAT address reading the same article all count."""
    readers = [f"{READER} pembaca/{n}" for n in range(30)]
    assert all(beacon(client, article, user_agent=ua).json()["counted"] for ua in readers)
    assert beacon(client, article, user_agent=f"{READER} pembaca/31").json()["counted"] is False


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_ORIGIN": "http://testserver.evil.example"},
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},
    ],
)
def test_beacons_from_other_sites_are_not_counted(client, article, headers):
    response = client.post(
        count_url(article),
        "",
        content_type="text/plain;charset=UTF-8",
        HTTP_USER_AGENT=READER,
        **headers,
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert response.json()["counted"] is False
    assert Article.objects.get(pk=article.pk).view_count == 0


def test_beacon_from_our_own_page_counts(client, article):
    response = beacon(
        client, article, HTTP_ORIGIN="http://testserver", HTTP_SEC_FETCH_SITE="same-origin"
    )
    assert response.json()["counted"] is True
