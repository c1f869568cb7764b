"""Link previews (Open Graph and Twitter tags) as extruct reads them, on the
article page and on every list page: a WhatsApp or Facebook share of any page
shows a picture whose stated size and type are the file's own.
"""

from datetime import UTC, datetime

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains

from news.models import Article
from tests.conformance.conftest import (
    BASE_URL,
    cover_file,
    image_file,
    meta_by_name,
    open_graph,
    parse,
)
from tests.factories import ArticleFactory, AuthorFactory, DivisionFactory

pytestmark = pytest.mark.django_db

DEFAULT_IMAGE = f"{BASE_URL}/static/img/share-default.png"


def preview(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    return open_graph(parse(html, BASE_URL + url)), meta_by_name(html)


def assert_image_is_described_truly(og, twitter):
    (url,) = og["og:image"]
    media_type, width, height = image_file(url)
    assert og["og:image:type"] == [media_type]
    assert og["og:image:width"] == [str(width)]
    assert og["og:image:height"] == [str(height)]
    (alt,) = og["og:image:alt"]
    assert alt.strip()
    assert twitter["twitter:image"] == [url]
    assert twitter["twitter:image:alt"] == [alt]
    assert twitter["twitter:card"] == ["summary_large_image"]
    return url


def test_article_preview_is_the_share_crop_with_its_size_type_and_alt(client, story):
    og, twitter = preview(client, story.get_absolute_url())
    url = assert_image_is_described_truly(og, twitter)
    assert url == f"{BASE_URL}/media/{story.cover_renditions['share']['name']}"
    assert og["og:image:width"] == ["1200"] and og["og:image:height"] == ["630"]
    assert og["og:image:alt"] == [story.cover_alt]
    assert og["og:type"] == ["article"]
    assert og["og:url"] == [BASE_URL + story.get_absolute_url()]
    assert twitter["twitter:title"] == og["og:title"] == [story.title]


def test_article_names_its_tags_and_its_last_change(client, story):
    Article.objects.filter(pk=story.pk).update(updated_at=datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC))
    og, _twitter = preview(client, story.get_absolute_url())
    assert og["article:tag"] == ["data pemilih", "pemilu 2024"]
    assert og["article:modified_time"] == ["2030-01-02T10:04:05+07:00"]
    assert og["article:published_time"] == [timezone.localtime(story.published_at).isoformat()]


def test_article_before_its_renditions_shows_the_cover_at_its_own_size(client, db):
    article = ArticleFactory(cover=cover_file((900, 600)), cover_alt="Kotak suara")
    og, twitter = preview(client, article.get_absolute_url())
    assert assert_image_is_described_truly(og, twitter) == BASE_URL + article.cover.url
    assert og["og:image:width"] == ["900"]


def test_article_without_cover_shows_the_office_picture_described(client, db):
    article = ArticleFactory(cover="")
    og, twitter = preview(client, article.get_absolute_url())
    assert assert_image_is_described_truly(og, twitter) == DEFAULT_IMAGE
    assert og["og:image:alt"] == ["Berita KPU — Komisi Pemilihan Umum"]


@pytest.fixture
def site(db):
    """Two divisions' news, the newest with a cover, and one author's."""
    division = DivisionFactory(name="Divisi Teknis", slug="teknis", description="Tahapan teknis.")
    author = AuthorFactory(name="Rina Wulandari", slug="rina", bio="Staf humas KPU.")
    older = ArticleFactory(
        division=division,
        author=author,
        tags=["pemilu 2024"],
        published_at=datetime(2024, 3, 4, 9, tzinfo=UTC),
    )
    return {"division": division, "author": author, "older": older}


LIST_PAGES = {
    "home": ("/", "KPU Kabupaten Trenggalek"),
    "news": ("/berita/", "Berita"),
    "division": ("/divisi/teknis/", "Divisi Teknis"),
    "tag": ("/tag/pemilu-2024/", "#pemilu 2024"),
    "author": ("/penulis/rina/", "Rina Wulandari"),
    "month": ("/berita/2024/03/", "Berita Maret 2024"),
    "search": ("/cari/?q=rapat", "Hasil pencarian “rapat”"),
}


@pytest.mark.parametrize(("path", "title"), LIST_PAGES.values(), ids=LIST_PAGES.keys())
def test_every_list_page_has_a_website_preview_with_a_described_picture(client, site, path, title):
    og, twitter = preview(client, path)
    assert og["og:type"] == ["website"]
    assert og["og:title"] == twitter["twitter:title"] == [title]
    assert og["og:url"] == [BASE_URL + path.partition("?")[0]]
    assert og["og:site_name"] == ["KPU Kabupaten Trenggalek"]
    assert og["og:locale"] == ["id_ID"]
    (description,) = og["og:description"]
    assert description.strip() and twitter["twitter:description"] == [description]
    assert_image_is_described_truly(og, twitter)


def test_list_descriptions_come_from_the_division_and_author(client, site):
    assert preview(client, "/divisi/teknis/")[0]["og:description"] == ["Tahapan teknis."]
    assert preview(client, "/penulis/rina/")[0]["og:description"] == ["Staf humas KPU."]
    assert preview(client, "/")[0]["og:description"] == ["Berita resmi KPU Kabupaten Trenggalek."]


def test_a_division_shows_its_newest_articles_picture(client, site, story):
    story.division = site["division"]
    story.save()
    og, twitter = preview(client, "/divisi/teknis/")
    url = assert_image_is_described_truly(og, twitter)
    assert url == f"{BASE_URL}/media/{story.cover_renditions['share']['name']}"
    assert og["og:image:alt"] == [story.cover_alt]
    # The home page and the search keep the office's picture.
    assert preview(client, "/")[0]["og:image"] == [DEFAULT_IMAGE]
    assert preview(client, "/cari/?q=pemilih")[0]["og:image"] == [DEFAULT_IMAGE]


def test_preview_url_keeps_the_page_number_and_drops_other_parameters(client, db):
    for _ in range(11):
        ArticleFactory()
    og, _twitter = preview(client, "/berita/?page=2&utm_source=wa")
    assert og["og:url"] == [f"{BASE_URL}/berita/?page=2"]
    og, _twitter = preview(client, "/berita/?utm_source=wa")
    assert og["og:url"] == [f"{BASE_URL}/berita/"]


def test_list_preview_adds_no_query(client, site, story, django_assert_num_queries):
    """The picture comes from the articles the page lists anyway."""
    story.division = site["division"]
    story.save()
    client.get("/divisi/teknis/")  # the office settings and the menu, kept per process
    with django_assert_num_queries(2):  # the division and the page's articles (the count is kept)
        response = client.get("/divisi/teknis/")
    assertContains(response, story.cover_renditions["share"]["name"])
