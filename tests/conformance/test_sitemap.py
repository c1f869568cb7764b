"""sitemap.xml as crawlers see it: valid against the sitemaps.org schema (with lxml,
and with xmllint where it is installed, as the validators' run uses it), listing
every kind of public page on the site's one public address, and answering an
unchanged copy with 304 after one query.
"""

import shutil
import subprocess
from datetime import timedelta
from http import HTTPStatus
from pathlib import Path

import pytest
from django.utils import timezone
from lxml import etree

from news.models import Article
from pages.models import Page
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


@pytest.mark.skipif(not shutil.which("xmllint"), reason="xmllint (libxml2-utils) not installed")
def test_xmllint_finds_the_sitemap_valid(client, site, tmp_path):
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_bytes(get_sitemap(client).content)

    result = subprocess.run(  # noqa: S603 (a fixed command on our own file)
        [shutil.which("xmllint"), "--noout", "--schema", str(SCHEMA), str(sitemap)],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert "validates" in result.stderr


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


def test_every_entry_has_a_lastmod_and_home_has_the_newest_news(client, site):
    root = etree.fromstring(get_sitemap(client).content)
    lastmods = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in root.iter(f"{SITEMAP}url")
    }

    assert all(lastmods.values())
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

    # The conditional-GET check; home's date; then a count and a page for each
    # section (pages, divisions, tags, authors, articles).
    with django_assert_max_num_queries(12):
        listed = locations(get_sitemap(client))

    assert len(listed) == 2 + count + 1 + count + count + count


# --- Conditional GETs --------------------------------------------------------


@pytest.fixture
def settled_site(site):
    """The site as it was a day ago: anything changed in a test is a later second."""
    day_ago = timezone.now() - timedelta(days=1)
    Article.objects.update(published_at=day_ago, updated_at=day_ago)
    Page.objects.exclude(status=Page.Status.DRAFT).update(published_at=day_ago, updated_at=day_ago)


def test_an_unchanged_sitemap_answers_304_after_one_query(
    client, settled_site, django_assert_num_queries
):
    first = get_sitemap(client)

    with django_assert_num_queries(1):
        by_date = client.get("/sitemap.xml", headers={"If-Modified-Since": first["Last-Modified"]})
    with django_assert_num_queries(1):
        by_etag = client.get("/sitemap.xml", headers={"If-None-Match": first["ETag"]})

    assert by_date.status_code == by_etag.status_code == HTTPStatus.NOT_MODIFIED


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
    conditional = {"If-None-Match": first["ETag"], "If-Modified-Since": first["Last-Modified"]}

    change()
    response = client.get("/sitemap.xml", headers=conditional)

    assert response.status_code == HTTPStatus.OK
    assert locations(response) != locations(first) or response["ETag"] != first["ETag"]
