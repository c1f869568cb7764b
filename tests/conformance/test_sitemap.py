"""sitemap.xml as crawlers see it: valid against the sitemaps.org schemas (with lxml,
and with xmllint, as the validators' run uses it), listing
every kind of public page on the site's one public address; past one page of
URLs an index of pages (tests/conformance/test_sitemap_index.py); and answering
an unchanged copy with 304.
"""

from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from pathlib import Path

import pytest
from django.utils import timezone
from lxml import etree

from news.models import Article
from pages.models import Page
from tests.conformance.xmllint import xmllint_errors
from tests.factories import ArticleFactory, AuthorFactory, DivisionFactory

pytestmark = pytest.mark.django_db

SCHEMA = Path(__file__).parent / "schemas" / "sitemap.xsd"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITE_URL = "https://kpu-trenggalek.example.go.id"


def make_page(title, slug, **fields):
    fields.setdefault("status", Page.Status.PUBLISHED)
    fields.setdefault("published_at", timezone.now() - timedelta(hours=2))
    return Page.objects.create(title=title, slug=slug, **fields)


@pytest.fixture
def site(db):
    """What a district office's site holds: news by two authors, one byline with
    nothing published, fixed pages (one a draft), a division with no news."""
    teknis = DivisionFactory(slug="teknis")
    DivisionFactory(slug="kosong")
    rina, budi = AuthorFactory(slug="rina"), AuthorFactory(slug="budi")
    AuthorFactory(slug="belum-menulis")
    ArticleFactory(slug="pleno-dpt", division=teknis, author=rina, tags=["pemilu"])
    ArticleFactory(slug="debat", division=teknis, author=budi, tags=["debat"])
    ArticleFactory(
        slug="draf", author=AuthorFactory(slug="hanya-draf"), tags=["rahasia"],
        status=Article.Status.DRAFT, published_at=None,
    )  # fmt: skip
    profil = make_page("Profil", "profil")
    make_page("Visi dan Misi", "visi-misi", parent=profil)
    make_page("Draf halaman", "draf-halaman", status=Page.Status.DRAFT, published_at=None)


def get_sitemap(client, **headers):
    response = client.get("/sitemap.xml", **headers)
    assert response.status_code == HTTPStatus.OK
    return response


def locations(response):
    root = etree.fromstring(response.content)
    return [url.findtext(f"{SITEMAP}loc") for url in root.iter(f"{SITEMAP}url")]


def entries(response):
    """{loc: lastmod or None} of a <urlset>."""
    root = etree.fromstring(response.content)
    return {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in root.iter(f"{SITEMAP}url")
    }


def schema_errors(content):
    schema = etree.XMLSchema(etree.parse(SCHEMA))
    schema.validate(etree.fromstring(content))
    return [str(error) for error in schema.error_log]


@pytest.mark.parametrize("site_url", ["", SITE_URL])
def test_sitemap_is_valid_against_the_sitemaps_org_schema(client, settings, site, site_url):
    settings.SITE_URL = site_url

    assert schema_errors(get_sitemap(client).content) == []


def test_sitemap_of_a_site_without_news_is_valid_too(client, db):
    # Home and the news list are listed even then: the urlset is never empty.
    response = get_sitemap(client)

    assert schema_errors(response.content) == []
    assert locations(response) == ["http://testserver/", "http://testserver/berita/"]


def test_xmllint_finds_the_sitemap_valid(client, site, tmp_path):
    assert xmllint_errors(get_sitemap(client).content, SCHEMA, tmp_path) == ""


def test_sitemap_lists_home_news_list_pages_divisions_tags_authors_and_articles(client, site):
    listed = locations(get_sitemap(client))

    base = "http://testserver"
    assert listed[:2] == [f"{base}/", f"{base}/berita/"]
    assert set(listed) == {
        f"{base}{path}"
        for path in [
            "/", "/berita/",
            "/halaman/profil/", "/halaman/profil/visi-misi/",
            "/divisi/teknis/",
            "/tag/pemilu/", "/tag/debat/",
            "/penulis/rina/", "/penulis/budi/",
            "/berita/pleno-dpt/", "/berita/debat/",
        ]
    }  # fmt: skip
    assert len(listed) == len(set(listed))


def test_every_entry_but_tags_has_a_lastmod_and_home_has_the_newest_news(client, site):
    root = etree.fromstring(get_sitemap(client).content)
    lastmods = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in root.iter(f"{SITEMAP}url")
    }

    # A tag's newest article would cost reading every tagging (news/sitemaps.py).
    assert {loc for loc, lastmod in lastmods.items() if not lastmod} == {
        "http://testserver/tag/pemilu/",
        "http://testserver/tag/debat/",
    }
    assert lastmods["http://testserver/"] == max(
        lastmod for loc, lastmod in lastmods.items() if "/berita/" in loc and loc.count("/") > 4
    )


def test_sitemap_names_the_public_address_whatever_host_the_crawler_asked(client, settings, site):
    settings.SITE_URL = SITE_URL
    settings.ALLOWED_HOSTS = ["testserver", "www.kpu-trenggalek.example.go.id"]

    listed = locations(get_sitemap(client))

    assert listed == locations(get_sitemap(client, HTTP_HOST="www.kpu-trenggalek.example.go.id"))
    assert all(loc.startswith(f"{SITE_URL}/") for loc in listed)


@pytest.mark.parametrize("count", [3, 30])
def test_sitemap_query_count_does_not_grow_with_the_site(
    client, django_assert_max_num_queries, count
):
    division = DivisionFactory(slug="teknis")
    for index in range(count):
        ArticleFactory(division=division, author=AuthorFactory(), tags=[f"tag-{index}"])
        make_page(f"Halaman {index}", f"halaman-{index}")

    # The sections' bounds; then one query per section (home and the list,
    # pages, divisions, tags, authors, articles).
    with django_assert_max_num_queries(7):
        listed = locations(get_sitemap(client))

    assert len(listed) == 2 + count + 1 + count + count + count


# --- Pages -------------------------------------------------------------------


@pytest.mark.parametrize("time_zone", ["Asia/Jakarta", "Asia/Jayapura"])
def test_pages_are_listed_with_the_day_of_their_newest_change(client, settings, time_zone):
    # Both zones put these times on the same days: the day is the zone's, not UTC's.
    settings.TIME_ZONE = time_zone
    profil = make_page("Profil", "profil")
    make_page("Visi dan Misi", "visi-misi", parent=profil)
    make_page("Terjadwal", "terjadwal", published_at=timezone.now() + timedelta(days=1))
    draft_parent = make_page("Induk Draf", "induk-draf", status=Page.Status.DRAFT)
    make_page("Anak Induk Draf", "anak-induk-draf", parent=draft_parent)
    # 20:00 in Jakarta on 1 May; edited 3 May, 02:00 in Jakarta (still 2 May in UTC).
    Page.objects.filter(pk=profil.pk).update(
        published_at=datetime(2024, 5, 1, 13, tzinfo=UTC),
        updated_at=datetime(2024, 5, 2, 19, tzinfo=UTC),
    )
    # Scheduled long ago, edited before it appeared: its day is the publication's.
    Page.objects.filter(slug="visi-misi").update(
        published_at=datetime(2024, 5, 4, 5, tzinfo=UTC),
        updated_at=datetime(2024, 5, 1, 5, tzinfo=UTC),
    )

    lastmods = entries(get_sitemap(client))

    assert {loc: lastmod for loc, lastmod in lastmods.items() if "/halaman/" in loc} == {
        "http://testserver/halaman/profil/": "2024-05-03",
        "http://testserver/halaman/profil/visi-misi/": "2024-05-04",
    }


# --- What cannot be an address -------------------------------------------------


def test_a_slug_the_urls_cannot_hold_is_left_out_and_the_sitemap_stays_valid(client, site):
    # Written past the form (update(), an import): & and < would break the XML.
    Article.objects.filter(slug="debat").update(slug="debat&<b>")

    response = get_sitemap(client)

    assert schema_errors(response.content) == []
    assert not any("debat" in loc for loc in locations(response) if "/berita/" in loc)


def test_the_sites_address_is_escaped(client, settings, site):
    settings.SITE_URL = "https://kpu.example.go.id/a&b"

    response = get_sitemap(client)

    assert schema_errors(response.content) == []
    assert locations(response)[0] == "https://kpu.example.go.id/a&b/"


# --- Conditional GETs --------------------------------------------------------


@pytest.fixture
def settled_site(site):
    """The site as it was a day ago: anything changed in a test is a later day."""
    day_ago = timezone.now() - timedelta(days=1)
    Article.objects.update(published_at=day_ago, updated_at=day_ago)
    Page.objects.exclude(status=Page.Status.DRAFT).update(published_at=day_ago, updated_at=day_ago)


def test_an_unchanged_sitemap_answers_304_with_no_body(client, settled_site):
    first = get_sitemap(client)

    again = client.get("/sitemap.xml", headers={"If-None-Match": first["ETag"]})

    assert again.status_code == HTTPStatus.NOT_MODIFIED
    assert again.content == b""


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda: Page.objects.get(slug="visi-misi").save(), id="page edited"),
        pytest.param(lambda: make_page("Kontak", "kontak-baru"), id="page published"),
        pytest.param(
            lambda: Page.objects.filter(slug="profil").update(status=Page.Status.DRAFT),
            id="parent page withdrawn",
        ),
        pytest.param(lambda: ArticleFactory(slug="baru"), id="article published"),
        pytest.param(
            lambda: Article.objects.filter(slug="debat").update(status=Article.Status.DRAFT),
            id="article withdrawn",
        ),
    ],
)
def test_sitemap_is_sent_again_when_a_listed_page_or_article_changes(client, settled_site, change):
    first = get_sitemap(client)

    change()
    response = client.get("/sitemap.xml", headers={"If-None-Match": first["ETag"]})

    assert response.status_code == HTTPStatus.OK
    assert response["ETag"] != first["ETag"]
    assert response.content != first.content
