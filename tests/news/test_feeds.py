"""Feeds, sitemap.xml, robots.txt, and their answers to conditional GETs."""

from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from xml.etree import ElementTree

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.http import http_date

from news.menu import menu_divisions
from news.models import Article, Division
from tests.factories import ArticleFactory, DivisionFactory
from tests.images import image_bytes

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"

RSS_FEEDS = ["/feed/", "/divisi/teknis/feed/", "/tag/pemilu/feed/"]
ATOM_FEEDS = ["/feed/atom/", "/divisi/teknis/feed/atom/", "/tag/pemilu/feed/atom/"]
ALL_FEEDS = RSS_FEEDS + ATOM_FEEDS
UNPUBLISHED = [
    {"status": Article.Status.DRAFT, "published_at": None},
    {"status": Article.Status.REVIEW, "published_at": None},
    # Scheduled: approved, but its time has not come.
    {"status": Article.Status.PUBLISHED, "published_at": timezone.now() + timedelta(days=1)},
]


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)


def parse(content):
    return ElementTree.fromstring(content)  # noqa: S314 (our own response, not untrusted input)


def get_xml(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    return response, parse(response.content)


def entries(root):
    """The items of an RSS or Atom feed as (title, element), in document order."""
    if root.tag == f"{ATOM}feed":
        return [(entry.findtext(f"{ATOM}title"), entry) for entry in root.iter(f"{ATOM}entry")]
    return [(item.findtext("title"), item) for item in root.iter("item")]


def titles(client, url):
    return [title for title, _ in entries(get_xml(client, url)[1])]


def feed_title(root):
    return root.findtext(f"{ATOM}title") or root.findtext("channel/title")


def sitemap_entries(client):
    """{absolute URL: lastmod} of sitemap.xml."""
    _, root = get_xml(client, "/sitemap.xml")
    return {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in root}


def backdate(article, *, published_at, updated_at):
    # update() skips auto_now, so the test chooses updated_at.
    Article.objects.filter(pk=article.pk).update(published_at=published_at, updated_at=updated_at)


@pytest.fixture
def teknis():
    return DivisionFactory(slug="teknis", name="Divisi Teknis Penyelenggaraan")


@pytest.fixture
def many_articles(teknis):
    def make(count):
        for index in range(count):
            ArticleFactory(
                division=teknis,
                tags=["pemilu", f"tag-{index}", f"lain-{index}"],
                published_at=hours_ago(index + 1),
            )

    return make


# --- What the feeds list -------------------------------------------------------


@pytest.mark.parametrize("url", ALL_FEEDS)
def test_feed_lists_only_published_articles_newest_first(client, teknis, url):
    for hours, title in [(3, "Ketiga"), (1, "Pertama"), (2, "Kedua")]:
        ArticleFactory(title=title, division=teknis, tags=["pemilu"], published_at=hours_ago(hours))
    for fields in UNPUBLISHED:
        ArticleFactory(
            title=f"Belum terbit {fields['status']}", division=teknis, tags=["pemilu"], **fields
        )

    assert titles(client, url) == ["Pertama", "Kedua", "Ketiga"]


def test_feed_lists_the_twenty_newest_articles(client, many_articles):
    many_articles(25)
    newest = Article.objects.newest_first()[:20]

    assert titles(client, "/feed/") == [article.title for article in newest]


@pytest.mark.parametrize("url", ["/divisi/teknis/feed/", "/divisi/teknis/feed/atom/"])
def test_division_feed_lists_only_that_divisions_articles(client, settings, teknis, url):
    settings.OFFICE_NAME = "KPU Kota Contoh"
    ArticleFactory(title="Rekapitulasi suara", division=teknis)
    ArticleFactory(title="Laporan keuangan", division=DivisionFactory(slug="keuangan"))

    _, root = get_xml(client, url)

    assert [title for title, _ in entries(root)] == ["Rekapitulasi suara"]
    assert feed_title(root) == "Berita Divisi Teknis Penyelenggaraan — KPU Kota Contoh"


@pytest.mark.parametrize("url", ["/tag/pemilu/feed/", "/tag/pemilu/feed/atom/"])
def test_tag_feed_lists_only_articles_with_that_tag(client, settings, url):
    settings.OFFICE_NAME = "KPU Kota Contoh"
    ArticleFactory(title="Debat kandidat", tags=["pemilu", "debat"])
    ArticleFactory(title="Rapat anggaran", tags=["anggaran"])
    ArticleFactory(title="Tanpa tag")

    _, root = get_xml(client, url)

    assert [title for title, _ in entries(root)] == ["Debat kandidat"]
    assert feed_title(root) == "Berita bertag #pemilu — KPU Kota Contoh"


def test_main_feed_is_titled_with_the_office_name(client, settings, article):
    settings.OFFICE_NAME = "KPU Kota Contoh"

    for url in ["/feed/", "/feed/atom/"]:
        assert feed_title(get_xml(client, url)[1]) == "Berita KPU Kota Contoh"


@pytest.mark.parametrize(
    "url",
    [
        "/divisi/tidak-ada/feed/",
        "/divisi/tidak-ada/feed/atom/",
        "/tag/tidak-ada/feed/",
        "/tag/tidak-ada/feed/atom/",
    ],
)
def test_feed_of_unknown_division_or_tag_is_404(client, article, url):
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_division_feed_of_a_division_newer_than_the_menus_list(client, teknis, article):
    # The feed finds its division in the menu's list (news/menu.py), kept per
    # process; another process's edit, or a write that sends no signal, is not in it.
    menu_divisions()
    (new,) = Division.objects.bulk_create([Division(name="Divisi Baru", slug="baru")])
    Article.objects.filter(pk=article.pk).update(division=new)

    _, root = get_xml(client, "/divisi/baru/feed/")

    assert [title for title, _ in entries(root)] == [article.title]


@pytest.mark.parametrize(
    ("url", "content_type"),
    [
        ("/feed/", "application/rss+xml; charset=utf-8"),
        ("/feed/atom/", "application/atom+xml; charset=utf-8"),
        ("/divisi/teknis/feed/", "application/rss+xml; charset=utf-8"),
        ("/tag/pemilu/feed/atom/", "application/atom+xml; charset=utf-8"),
    ],
)
def test_feed_is_utf8_xml_dated_by_its_newest_change(client, day_old_article, url, content_type):
    edited_at = hours_ago(2)
    edited = ArticleFactory(division=day_old_article.division, tags=["pemilu"])
    backdate(edited, published_at=hours_ago(3), updated_at=edited_at)

    response = client.get(url)

    assert response["Content-Type"] == content_type
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n')
    assert response["Last-Modified"] == http_date(edited_at.timestamp())


# --- What an item carries ------------------------------------------------------


def test_rss_item_has_link_lead_date_author_categories_and_a_stable_guid(client, teknis):
    article = ArticleFactory(division=teknis, tags=["pemilu", "data pemilih"])
    ArticleFactory(division=teknis)

    _, root = get_xml(client, "/feed/")
    item = next(item for title, item in entries(root) if title == article.title)

    assert item.findtext("link") == f"http://testserver{article.get_absolute_url()}"
    assert item.findtext("description") == article.lead
    assert item.findtext(DC_CREATOR) == article.author.name
    assert sorted(c.text for c in item.findall("category")) == sorted(
        [teknis.name, "pemilu", "data pemilih"]
    )
    published = datetime.strptime(item.findtext("pubDate"), "%a, %d %b %Y %H:%M:%S %z")
    assert published == article.published_at.replace(microsecond=0)
    # The guid does not depend on the slug, so a corrected slug is not a new item.
    guid = item.find("guid")
    assert guid.get("isPermaLink") == "false"
    assert str(article.pk) in guid.text and article.slug not in guid.text
    guids = [item.findtext("guid") for _, item in entries(root)]
    assert len(set(guids)) == len(guids) == 2


def test_atom_entry_has_published_and_updated_dates_author_and_id(client, article):
    _, root = get_xml(client, "/feed/atom/")
    (_, entry), *_ = entries(root)

    assert datetime.fromisoformat(entry.findtext(f"{ATOM}published")) == article.published_at
    assert datetime.fromisoformat(entry.findtext(f"{ATOM}updated")) == article.updated_at
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == article.author.name
    assert entry.findtext(f"{ATOM}id").startswith("tag:testserver,")


@pytest.mark.parametrize(
    ("fmt", "name", "mime_type"),
    [("JPEG", "sampul.jpg", "image/jpeg"), ("PNG", "sampul.png", "image/png"),
     ("WEBP", "sampul.webp", "image/webp")],
)  # fmt: skip
def test_feed_enclosure_is_the_cover_with_absolute_url_length_and_type(
    client, article, fmt, name, mime_type
):
    data = image_bytes(fmt)
    article.cover = ContentFile(data, name=name)
    article.cover_alt = "Petugas menghitung surat suara"
    article.save()
    ArticleFactory(title="Tanpa sampul", published_at=hours_ago(2))
    cover_url = f"http://testserver{article.cover.url}"

    rss = dict(entries(get_xml(client, "/feed/")[1]))
    enclosure = rss[article.title].find("enclosure")
    assert enclosure.attrib == {"url": cover_url, "length": str(len(data)), "type": mime_type}
    assert rss["Tanpa sampul"].find("enclosure") is None

    atom = dict(entries(get_xml(client, "/feed/atom/")[1]))
    link = atom[article.title].find(f"{ATOM}link[@rel='enclosure']")
    assert (link.get("href"), link.get("length"), link.get("type")) == (
        cover_url,
        str(len(data)),
        mime_type,
    )


def test_feed_skips_the_enclosure_of_a_cover_whose_file_is_missing(client, article):
    article.cover = ContentFile(image_bytes(), name="hilang.jpg")
    article.cover_alt = "Foto yang berkasnya hilang"
    article.save()
    article.cover.storage.delete(article.cover.name)

    (_, item), *_ = entries(get_xml(client, "/feed/")[1])

    assert item.find("enclosure") is None


@pytest.mark.parametrize("count", [5, 30])
@pytest.mark.parametrize("url", ALL_FEEDS)
def test_feed_query_count_does_not_grow_with_articles(
    client, many_articles, django_assert_max_num_queries, count, url
):
    many_articles(count)

    # The conditional-GET check, the division or tag, the articles, their tags,
    # and the office's name (office/site.py, read once per process and generation).
    with django_assert_max_num_queries(5):
        response = client.get(url)

    assert len(entries(parse(response.content))) == min(count, 20)


# --- sitemap.xml and robots.txt ------------------------------------------------


def test_sitemap_lists_published_articles_divisions_and_tags_with_lastmod(client, teknis):
    published = ArticleFactory(division=teknis, tags=["pemilu"])
    empty_division = DivisionFactory(slug="kosong")
    for index, fields in enumerate(UNPUBLISHED):
        ArticleFactory(slug=f"belum-{index}", division=empty_division, tags=["rahasia"], **fields)

    listed = sitemap_entries(client)

    assert set(listed) == {
        "http://testserver/",
        "http://testserver/berita/",
        f"http://testserver{published.get_absolute_url()}",
        "http://testserver/divisi/teknis/",
        "http://testserver/tag/pemilu/",
        f"http://testserver{published.author.get_absolute_url()}",
    }
    # Every entry but the tag has a lastmod (news/sitemaps.py says why tags have none).
    assert [url for url, lastmod in listed.items() if not lastmod] == [
        "http://testserver/tag/pemilu/"
    ]


def test_sitemap_lastmod_is_the_newest_change_among_published_articles(client, teknis):
    def at(day):
        return datetime(2024, 5, day, 5, tzinfo=UTC)  # noon in Jakarta: no date boundary

    old = ArticleFactory(division=teknis, tags=["pemilu"])
    backdate(old, published_at=at(1), updated_at=at(2))
    edited = ArticleFactory(division=teknis, tags=["pemilu"])
    backdate(edited, published_at=at(3), updated_at=at(10))
    # Scheduled long ago, appeared on the 12th: its page is new since then.
    scheduled = ArticleFactory(division=teknis, tags=["debat"])
    backdate(scheduled, published_at=at(12), updated_at=at(4))
    draft = ArticleFactory(division=teknis, tags=["pemilu"], status=Article.Status.DRAFT)
    backdate(draft, published_at=None, updated_at=at(20))

    listed = sitemap_entries(client)

    assert listed[f"http://testserver{old.get_absolute_url()}"] == "2024-05-02"
    assert listed[f"http://testserver{edited.get_absolute_url()}"] == "2024-05-10"
    assert listed[f"http://testserver{scheduled.get_absolute_url()}"] == "2024-05-12"
    assert listed["http://testserver/divisi/teknis/"] == "2024-05-12"
    assert listed["http://testserver/tag/pemilu/"] is None
    assert listed["http://testserver/tag/debat/"] is None


@pytest.mark.parametrize("count", [5, 30])
def test_sitemap_query_count_does_not_grow_with_articles(
    client, many_articles, django_assert_max_num_queries, count
):
    many_articles(count)

    # The sections' key bounds, then one query per section (home and the list,
    # pages, divisions, tags, authors, articles).
    with django_assert_max_num_queries(7):
        listed = sitemap_entries(client)

    # Home and the list, articles, division, tags, authors (one an article).
    assert len(listed) == 2 + count + 1 + (1 + 2 * count) + count


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_admin(client):
    response = client.get("/robots.txt")

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "",
        "Sitemap: http://testserver/sitemap.xml",
    ]


def test_robots_txt_names_the_sitemap_at_the_public_address(client, settings):
    settings.SITE_URL = "https://kpu-trenggalek.go.id"

    response = client.get("/robots.txt", HTTP_HOST="localhost")

    assert "Sitemap: https://kpu-trenggalek.go.id/sitemap.xml" in response.content.decode()


def test_an_article_names_itself_at_the_public_address_whatever_the_host(client, settings):
    settings.SITE_URL = "https://kpu-trenggalek.go.id"
    article = ArticleFactory()
    url = f"https://kpu-trenggalek.go.id{article.get_absolute_url()}"

    html = client.get(article.get_absolute_url(), HTTP_HOST="localhost").content.decode()

    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert "localhost" not in html


@pytest.mark.parametrize("url", [*ALL_FEEDS, "/sitemap.xml", "/robots.txt"])
def test_feeds_sitemap_and_robots_set_no_cookie(client, teknis, url):
    ArticleFactory(division=teknis, tags=["pemilu"])

    response = client.get(url)

    assert response.status_code == HTTPStatus.OK
    assert response.cookies == {}


# --- Conditional GETs ----------------------------------------------------------


@pytest.fixture
def day_old_article(teknis):
    # A day old, so that anything published in the test is a later second.
    article = ArticleFactory(division=teknis, tags=["pemilu"])
    backdate(article, published_at=hours_ago(25), updated_at=hours_ago(24))
    return article


# The sitemap's ETag is its body's hash (kpu_site/sitemaps.py): tests/conformance/.
@pytest.mark.parametrize("url", ALL_FEEDS)
def test_unchanged_feed_or_sitemap_answers_304_without_rendering(
    client, day_old_article, django_assert_num_queries, url
):
    last_modified = client.get(url)["Last-Modified"]

    # One query decides; the feed itself is not built.
    with django_assert_num_queries(1):
        response = client.get(url, headers={"If-Modified-Since": last_modified})

    assert response.status_code == HTTPStatus.NOT_MODIFIED
    assert response.content == b""

    ArticleFactory(division=day_old_article.division, tags=["pemilu"])
    response = client.get(url, headers={"If-Modified-Since": last_modified})

    assert response.status_code == HTTPStatus.OK
    assert response["Last-Modified"] != last_modified


@pytest.mark.parametrize("url", [*ALL_FEEDS, "/sitemap.xml"])
def test_feed_or_sitemap_is_modified_when_a_listed_article_is_withdrawn(
    client, day_old_article, url
):
    # Older than the newest listed article: withdrawing it changes no date still
    # listed, so only the ETag can tell.
    withdrawn = ArticleFactory(division=day_old_article.division, tags=["pemilu"])
    backdate(withdrawn, published_at=hours_ago(30), updated_at=hours_ago(30))
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == (HTTPStatus.NOT_MODIFIED)

    Article.objects.filter(pk=withdrawn.pk).update(status=Article.Status.DRAFT)
    response = client.get(url, headers={"If-None-Match": etag})

    assert response.status_code == HTTPStatus.OK
    assert withdrawn.get_absolute_url().encode() not in response.content
