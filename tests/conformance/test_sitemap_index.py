"""sitemap.xml past one page of URLs: an index of /sitemap-<section>.xml?p=N pages,
each valid against its sitemaps.org schema (lxml, and xmllint),
together listing every URL once, each page answering 304 to an unchanged copy;
a page that does not exist is a 404.

Most tests lower the page size to 3 (kpu_site.sitemaps.PAGE_SIZE); one builds
more articles than the real page size holds.
"""

from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree

from kpu_site import sitemaps
from news.models import Article
from tests.conformance.xmllint import xmllint_errors
from tests.factories import ArticleFactory, AuthorFactory, DivisionFactory

from .test_sitemap import make_page

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "schemas"
URLSET_SCHEMA = SCHEMAS / "sitemap.xsd"
INDEX_SCHEMA = SCHEMAS / "siteindex.xsd"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(sitemaps, "PAGE_SIZE", 3)


@pytest.fixture
def site(db):
    """Seven articles by two authors in two divisions with four tags, three pages."""
    divisions = [DivisionFactory(slug="teknis"), DivisionFactory(slug="hukum")]
    authors = [AuthorFactory(slug="rina"), AuthorFactory(slug="budi")]
    for index in range(7):
        ArticleFactory(
            slug=f"berita-{index}",
            division=divisions[index % 2],
            author=authors[index % 2],
            tags=[f"tag-{index % 4}"],
        )
    profil = make_page("Profil", "profil")
    make_page("Visi dan Misi", "visi-misi", parent=profil)
    make_page("Kontak", "kontak")


def schema_errors(content, schema):
    xsd = etree.XMLSchema(etree.parse(schema))
    xsd.validate(etree.fromstring(content))
    return [str(error) for error in xsd.error_log]


def get(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == HTTPStatus.OK, url
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    return response


def index_locations(client):
    root = etree.fromstring(get(client, "/sitemap.xml").content)
    assert root.tag == f"{SITEMAP}sitemapindex"
    return [element.findtext(f"{SITEMAP}loc") for element in root.iter(f"{SITEMAP}sitemap")]


def page_locations(client, url):
    root = etree.fromstring(get(client, url).content)
    assert root.tag == f"{SITEMAP}urlset"
    return [element.findtext(f"{SITEMAP}loc") for element in root.iter(f"{SITEMAP}url")]


def path_of(url):
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def all_listed(client):
    """Every URL of every page the index names, in order, with repeats."""
    return [
        location
        for page in index_locations(client)
        for location in page_locations(client, path_of(page))
    ]


def test_past_one_page_the_sitemap_is_an_index_valid_against_the_schema(client, site, small_pages):
    assert schema_errors(get(client, "/sitemap.xml").content, INDEX_SCHEMA) == []


def test_xmllint_finds_the_index_and_every_page_valid(client, site, small_pages, tmp_path):
    assert xmllint_errors(get(client, "/sitemap.xml").content, INDEX_SCHEMA, tmp_path) == ""
    for page in index_locations(client):
        content = get(client, path_of(page)).content
        assert xmllint_errors(content, URLSET_SCHEMA, tmp_path) == "", page


def test_the_index_names_each_sections_pages_on_the_public_address(
    client, settings, site, small_pages
):
    settings.SITE_URL = "https://kpu-trenggalek.example.go.id"

    pages = index_locations(client)

    assert all(page.startswith("https://kpu-trenggalek.example.go.id/sitemap-") for page in pages)
    sections = [urlsplit(page).path for page in pages]
    # In the order of SECTIONS; articles (seven) take three pages of three at most.
    names = ["utama", "halaman", "divisi", "tag", "penulis", "berita"]
    assert list(dict.fromkeys(sections)) == [f"/sitemap-{name}.xml" for name in names]
    # Seven keys in a row span three pages of three, or four when they start late in one.
    assert sections.count("/sitemap-berita.xml") in (3, 4)


def test_every_page_is_valid_and_holds_at_most_the_page_size(client, site, small_pages):
    for page in index_locations(client):
        content = get(client, path_of(page)).content
        assert schema_errors(content, URLSET_SCHEMA) == [], page
        assert len(page_locations(client, path_of(page))) <= 3, page


def test_the_pages_list_what_the_one_page_sitemap_listed_each_once(
    client, monkeypatch, site, small_pages
):
    paged = all_listed(client)
    monkeypatch.setattr(sitemaps, "PAGE_SIZE", 1000)
    root = etree.fromstring(get(client, "/sitemap.xml").content)
    whole = [element.findtext(f"{SITEMAP}loc") for element in root.iter(f"{SITEMAP}url")]

    assert root.tag == f"{SITEMAP}urlset"
    assert len(paged) == len(set(paged)) == len(whole) == 2 + 3 + 2 + 4 + 2 + 7
    assert sorted(paged) == sorted(whole)


def test_a_page_whose_articles_were_all_withdrawn_stays_valid(client, site, small_pages):
    pages = [page for page in index_locations(client) if "sitemap-berita" in page]
    # A page between the first and the last: the index still names it.
    middle = path_of(pages[1])
    withdrawn = [urlsplit(url).path for url in page_locations(client, middle)]
    Article.objects.filter(slug__in=[path.split("/")[2] for path in withdrawn]).update(
        status=Article.Status.DRAFT
    )

    content = get(client, middle).content

    assert middle in [path_of(page) for page in index_locations(client)]
    assert schema_errors(content, URLSET_SCHEMA) == []
    # A <urlset> needs one <url>: the site's home.
    assert page_locations(client, middle) == ["http://testserver/"]


@pytest.mark.parametrize(
    "url",
    [
        "/sitemap-berita.xml?p=0",
        "/sitemap-berita.xml?p=-1",
        "/sitemap-berita.xml?p=abc",
        "/sitemap-berita.xml?p=",
        "/sitemap-berita.xml?p=01",
        f"/sitemap-berita.xml?p={10**30}",
        "/sitemap-berita.xml?p=1000",
        "/sitemap-utama.xml?p=2",
        "/sitemap-rahasia.xml",
        "/sitemap-rahasia.xml?p=1",
    ],
)
def test_a_page_that_is_not_there_is_404(client, site, small_pages, url):
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_an_empty_section_has_no_pages(client, site, small_pages):
    # No public page at all: the index names none, and asking is a 404.
    from pages.models import Page

    Page.objects.update(status=Page.Status.DRAFT)

    assert not [page for page in index_locations(client) if "sitemap-halaman" in page]
    assert client.get("/sitemap-halaman.xml?p=1").status_code == HTTPStatus.NOT_FOUND


def test_the_index_and_a_page_each_cost_one_query(
    client, site, small_pages, django_assert_num_queries
):
    page = path_of(index_locations(client)[-1])

    with django_assert_num_queries(1):
        get(client, "/sitemap.xml")
    with django_assert_num_queries(1):
        get(client, page)


def test_an_unchanged_index_answers_304_and_a_new_page_changes_it(client, site, small_pages):
    etag = get(client, "/sitemap.xml")["ETag"]

    assert client.get("/sitemap.xml", headers={"If-None-Match": etag}).status_code == (
        HTTPStatus.NOT_MODIFIED
    )
    # Three more keys than the last: past the last page of three, whatever its fill.
    for _ in range(3):
        ArticleFactory(division=DivisionFactory(), author=AuthorFactory())
    response = client.get("/sitemap.xml", headers={"If-None-Match": etag})

    assert response.status_code == HTTPStatus.OK
    assert response["ETag"] != etag


def test_an_unchanged_page_answers_304_and_a_withdrawn_article_changes_it(
    client, site, small_pages
):
    # A page between the first and the last: full, and still named without one article.
    page = path_of([page for page in index_locations(client) if "sitemap-berita" in page][1])
    etag = get(client, page)["ETag"]

    assert client.get(page, headers={"If-None-Match": etag}).status_code == (
        HTTPStatus.NOT_MODIFIED
    )
    withdrawn = urlsplit(page_locations(client, page)[0]).path.split("/")[2]
    Article.objects.filter(slug=withdrawn).update(status=Article.Status.DRAFT)
    response = client.get(page, headers={"If-None-Match": etag})

    assert response.status_code == HTTPStatus.OK
    assert response["ETag"] != etag
    assert f"/berita/{withdrawn}/".encode() not in response.content


def test_more_articles_than_one_page_holds_are_all_listed_once(client):
    division, author = DivisionFactory(slug="teknis"), AuthorFactory(slug="rina")
    count = sitemaps.PAGE_SIZE + 200
    Article.objects.bulk_create(
        ArticleFactory.build_batch(count, division=division, author=author), batch_size=500
    )
    pages = index_locations(client)

    listed = []
    for page in pages:
        content = get(client, path_of(page)).content
        assert schema_errors(content, URLSET_SCHEMA) == [], page
        listed += page_locations(client, path_of(page))

    assert len([page for page in pages if "sitemap-berita" in page]) >= 2
    articles = [url for url in listed if "/berita/rapat-pleno-rekapitulasi-" in url]
    assert len(articles) == len(set(articles)) == count
