"""Feeds as feed readers see them: feedparser (the parser behind many readers and
aggregators) reads every feed without complaint, an item keeps its id whatever
name the site was reached by, and each list page advertises the feeds of what it
lists.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from lxml import html as lxml_html

from tests.factories import ArticleFactory, AuthorFactory, DivisionFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SITE_URL = "https://kpu-trenggalek.example.go.id"
RSS, ATOM = "application/rss+xml", "application/atom+xml"

# (page, its RSS feed, its Atom feed)
FEEDS = [
    ("/berita/", "/feed/", "/feed/atom/"),
    ("/divisi/teknis/", "/divisi/teknis/feed/", "/divisi/teknis/feed/atom/"),
    ("/tag/pemilu/", "/tag/pemilu/feed/", "/tag/pemilu/feed/atom/"),
]
FEED_URLS = [url for _page, *urls in FEEDS for url in urls]


@pytest.fixture
def news(db):
    """Three published articles of one division, all tagged, one with a cover."""
    teknis = DivisionFactory(slug="teknis", name="Divisi Teknis Penyelenggaraan")
    author = AuthorFactory(slug="rina", name="Rina Wulandari")
    articles = [
        ArticleFactory(division=teknis, author=author, tags=["pemilu", "debat publik"])
        for _ in range(3)
    ]
    return teknis, author, articles


def read_feed(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response, feedparser.parse(response.content)


@pytest.mark.parametrize("url", FEED_URLS)
def test_feedparser_reads_every_feed_without_complaint(client, news, url):
    _teknis, _author, articles = news

    _response, feed = read_feed(client, url)

    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version in ("rss20", "atom10")
    assert feed.feed.title and feed.feed.link
    assert len(feed.entries) == len(articles)
    for entry in feed.entries:
        assert entry.title and entry.link and entry.id and entry.published_parsed


@pytest.mark.parametrize("url", FEED_URLS)
def test_items_keep_their_ids_and_links_whatever_host_the_site_is_reached_by(
    client, settings, news, url
):
    settings.SITE_URL = SITE_URL
    settings.ALLOWED_HOSTS = ["testserver", "www.kpu-trenggalek.example.go.id"]

    first, by_one_name = read_feed(client, url)
    second, by_another = read_feed(client, url, HTTP_HOST="www.kpu-trenggalek.example.go.id")

    ids = [entry.id for entry in by_one_name.entries]
    assert ids == [entry.id for entry in by_another.entries]
    assert all(id_.startswith("tag:kpu-trenggalek.example.go.id,") for id_ in ids)
    # Not only the ids: nothing in the feed names the host the request used.
    assert first.content == second.content
    assert b"testserver" not in first.content
    assert all(entry.link.startswith(f"{SITE_URL}/berita/") for entry in by_one_name.entries)


def test_an_items_id_survives_a_new_slug_and_title(client, news):
    _teknis, _author, articles = news
    article = articles[0]
    before = {entry.link: entry.id for entry in read_feed(client, "/feed/")[1].entries}
    old_id = before[f"http://testserver{article.get_absolute_url()}"]

    article.slug, article.title = "judul-baru", "Judul baru"
    article.save()
    after = {entry.title: entry.id for entry in read_feed(client, "/feed/")[1].entries}

    assert after["Judul baru"] == old_id


@pytest.mark.parametrize(("page", "rss", "atom"), FEEDS)
def test_list_pages_advertise_their_own_rss_and_atom_feeds(client, news, page, rss, atom):
    response = client.get(page)
    document = lxml_html.fromstring(response.content)

    advertised = {
        link.get("type"): (link.get("href"), link.get("title"))
        for link in document.xpath("//head/link[@rel='alternate']")
    }
    assert set(advertised) == {RSS, ATOM}
    assert advertised[RSS][0] == rss
    assert advertised[ATOM][0] == atom
    # Each advertised feed exists and is titled as the page's link says.
    for kind, (url, title) in advertised.items():
        _response, feed = read_feed(client, url)
        assert title == f"{feed.feed.title} ({'RSS' if kind == RSS else 'Atom'})"
    # A reader without a feed-detecting browser finds them in the page too.
    visible = document.xpath("//main//header//a[@type]")
    assert [(link.get("href"), link.text) for link in visible] == [(rss, "RSS"), (atom, "Atom")]


def advertised_feeds(client, page):
    document = lxml_html.fromstring(client.get(page).content)
    return {
        link.get("type"): link.get("href")
        for link in document.xpath("//head/link[@rel='alternate']")
    }


def test_author_and_month_pages_advertise_the_main_feeds(client, news):
    _teknis, author, articles = news
    published = articles[0].published_at.astimezone()
    month = f"/berita/{published:%Y}/{published:%m}/"

    for page in [author.get_absolute_url(), month]:
        assert advertised_feeds(client, page) == {RSS: "/feed/", ATOM: "/feed/atom/"}, page


def test_home_advertises_the_main_rss_and_atom_feeds(client, news):
    assert advertised_feeds(client, "/") == {RSS: "/feed/", ATOM: "/feed/atom/"}


def test_feed_titles_follow_the_office_name_administrators_set(client, news):
    from office.models import SINGLETON_PK, SiteSettings
    from office.site import defaults

    SiteSettings.objects.update_or_create(
        pk=SINGLETON_PK, defaults={**defaults(), "name": "KPU Kota Contoh"}
    )

    _response, feed = read_feed(client, "/divisi/teknis/feed/")

    assert feed.feed.title == "Berita Divisi Teknis Penyelenggaraan — KPU Kota Contoh"


# --- SITE_URL ----------------------------------------------------------------


def settings_value(name, **env):
    """A setting's value in production settings with `env` (a separate process)."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SITE_URL", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "DEBUG"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="kpu_site.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        TRUST_X_FORWARDED_FOR="true",
        **env,
    )
    return subprocess.run(  # noqa: S603 (our own settings)
        [sys.executable, "-c", f"from django.conf import settings; print(settings.{name})"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "site_url"),
    [
        ({"ALLOWED_HOSTS": "kpu-trenggalek.go.id,www.kpu-trenggalek.go.id"},
         "https://kpu-trenggalek.go.id"),
        ({"ALLOWED_HOSTS": ".kpu-trenggalek.go.id"}, "https://kpu-trenggalek.go.id"),
        ({"ALLOWED_HOSTS": "www.kpu-trenggalek.go.id", "SITE_URL": "https://kpu-trenggalek.go.id/"},
         "https://kpu-trenggalek.go.id"),
    ],
)  # fmt: skip
def test_production_always_has_one_public_address(env, site_url):
    result = settings_value("SITE_URL", **env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == site_url


@pytest.mark.parametrize("site_url", ["kpu-trenggalek.go.id", "https://kpu.example/berita"])
def test_a_site_url_that_is_not_an_origin_stops_the_site(site_url):
    result = settings_value("SITE_URL", ALLOWED_HOSTS="kpu.example", SITE_URL=site_url)

    assert result.returncode != 0
    assert "must be a scheme and host only" in result.stderr
