"""News lists as crawlers and screen-reader users meet them: one canonical address
per page of a list, search results kept out of indexes, and numbered pagination
(1 … 4 5 [6] 7 8 … 40) that says which page is open, at the same cost on page 6
of 40 as on page 1 of 3.
"""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.utils import timezone
from lxml import html as lxml_html

from news.views import ArticleListView
from search.views import SearchView
from tests.factories import ArticleFactory, AuthorFactory, DivisionFactory

pytestmark = pytest.mark.django_db

SITE_URL = "https://kpu-trenggalek.example.go.id"


@pytest.fixture
def news(db):
    """Twenty-five published articles, a day apart: three pages of ten."""

    def make(count=25):
        division = DivisionFactory(slug="teknis")
        author = AuthorFactory(slug="rina")
        for index in range(count):
            ArticleFactory(
                division=division,
                author=author,
                title=f"Sosialisasi pemilih pemula ke-{index}",
                tags=["pemilu"],
                published_at=timezone.now() - timedelta(days=index, hours=1),
            )

    return make


@pytest.fixture
def one_a_page(monkeypatch):
    """Lists of one article a page, so that forty articles make forty pages."""
    monkeypatch.setattr(ArticleListView, "paginate_by", 1)
    monkeypatch.setattr(SearchView, "paginate_by", 1)


def document(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == HTTPStatus.OK, url
    return lxml_html.fromstring(response.content)


def canonical(page):
    (link,) = page.xpath("//head/link[@rel='canonical']")
    return link.get("href")


def pagination(page):
    (nav,) = page.xpath("//nav[@class='pagination']")
    return nav


def seen(element):
    """An element's text as a sighted reader sees it: without visually hidden text."""
    hidden = "".join(element.xpath(".//span[@class='visually-hidden']//text()"))
    return " ".join(element.text_content().replace(hidden, "", 1).split())


def month_url():
    now = timezone.localtime()
    return f"/berita/{now:%Y}/{now:%m}/"


# --- Canonical links ---------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/berita/", "/divisi/teknis/", "/tag/pemilu/", "/penulis/rina/", "month"]
)
def test_every_list_names_its_canonical_address(client, news, url):
    news(3)
    url = month_url() if url == "month" else url

    assert canonical(document(client, url)) == f"http://testserver{url}"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", "/berita/"),
        ("?page=1", "/berita/"),
        ("?page=2", "/berita/?page=2"),
        ("?page=last", "/berita/?page=3"),
        ("?page=2&utm_source=whatsapp&fbclid=abc", "/berita/?page=2"),
        ("?utm_source=whatsapp", "/berita/"),
    ],
)
def test_a_lists_pages_each_have_one_canonical_address(client, news, query, expected):
    news(25)

    assert canonical(document(client, f"/berita/{query}")) == f"http://testserver{expected}"


def test_canonical_address_is_the_public_one_whatever_host_was_asked(client, settings, news):
    news(25)
    settings.SITE_URL = SITE_URL
    settings.ALLOWED_HOSTS = ["testserver", "www.kpu-trenggalek.example.go.id"]

    for host in ["testserver", "www.kpu-trenggalek.example.go.id"]:
        page = document(client, "/divisi/teknis/?page=2", HTTP_HOST=host)
        assert canonical(page) == f"{SITE_URL}/divisi/teknis/?page=2"


def test_search_results_are_noindex_and_name_no_canonical_address(client, news):
    news(3)

    page = document(client, "/cari/", data={"q": "sosialisasi"})

    assert page.xpath("//head/link[@rel='canonical']") == []
    assert page.xpath("//head/meta[@name='robots']/@content") == ["noindex, follow"]


# --- Pagination --------------------------------------------------------------


def test_pagination_numbers_the_pages_around_the_open_one(client, news, one_a_page):
    news(40)

    nav = pagination(document(client, "/berita/?page=6"))

    assert nav.get("aria-label") == "Halaman"
    assert [seen(element) for element in nav] == [
        "← Sebelumnya", "1", "…", "4", "5", "6", "7", "8", "…", "40", "Berikutnya →",
    ]  # fmt: skip
    links = {seen(link): link.get("href") for link in nav.iter("a")}
    assert links == {
        "← Sebelumnya": "?page=5", "1": "/berita/", "4": "?page=4", "5": "?page=5",
        "7": "?page=7", "8": "?page=8", "40": "?page=40", "Berikutnya →": "?page=7",
    }  # fmt: skip
    # Only the open page is current, not a link to itself, and announced in full.
    (current,) = nav.xpath(".//*[@aria-current]")
    assert (current.tag, current.get("aria-current")) == ("span", "page")
    assert current.xpath("string(span[@class='visually-hidden'])") == "Halaman 6 dari 40"
    # Each number link is announced as a page, not a bare number.
    assert {link.get("aria-label") for link in nav.iter("a") if seen(link).isdigit()} == {
        f"Halaman {number}" for number in (1, 4, 5, 7, 8, 40)
    }


def test_pagination_drops_rel_prev_and_next(client, news):
    news(25)

    page = document(client, "/berita/?page=2")

    assert page.xpath("//*[@rel='prev' or @rel='next']") == []


@pytest.mark.parametrize(
    ("url", "previous", "first"),
    [
        ("/berita/?page=2", "/berita/", "/berita/"),
        ("/tag/pemilu/?page=3", "?page=2", "/tag/pemilu/"),
    ],
)
def test_the_first_page_is_linked_by_the_lists_own_address(client, news, url, previous, first):
    news(25)

    nav = pagination(document(client, url))

    assert nav.xpath("a[1]/@href") == [previous]
    assert nav.xpath("a[@aria-label='Halaman 1']/@href") == [first]


def test_search_pagination_keeps_the_query(client, news, one_a_page):
    news(5)

    nav = pagination(document(client, "/cari/", data={"q": "sosialisasi", "page": "2"}))

    assert nav.xpath("a[1]/@href") == ["?q=sosialisasi"]
    assert nav.xpath("a[@aria-label='Halaman 3']/@href") == ["?q=sosialisasi&page=3"]


def test_a_list_of_one_page_has_no_pagination(client, news):
    news(3)

    assert document(client, "/berita/").xpath("//nav[@class='pagination']") == []


@pytest.mark.parametrize("url", ["/berita/", "/divisi/teknis/", "/tag/pemilu/", "/penulis/rina/"])
@pytest.mark.parametrize("page", ["-1", "0", "abc", "99999"])
def test_a_page_that_does_not_exist_is_404(client, news, url, page):
    news(3)

    assert client.get(url, {"page": page}).status_code == HTTPStatus.NOT_FOUND


def test_a_deep_page_costs_no_more_queries_than_the_first(
    client, news, one_a_page, django_assert_max_num_queries
):
    news(40)
    client.get("/berita/")  # the menu and the office settings, kept per process

    for url in ["/berita/", "/divisi/teknis/", "/tag/pemilu/", "/penulis/rina/"]:
        for page in ["1", "6", "last"]:
            # The count, the page's articles, and the division, tag or author
            # (the archive months on /berita/).
            with django_assert_max_num_queries(3):
                response = client.get(url, {"page": page})
            assert response.status_code == HTTPStatus.OK, (url, page)
