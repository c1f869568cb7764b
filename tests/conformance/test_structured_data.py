"""schema.org data as extruct reads it (what Google's rich results read): the
article's NewsArticle with the three image shapes Google documents, its
publisher's logo and the breadcrumb trail; the office with its contacts on
the home page; the trail on list pages.
"""

import json
from datetime import UTC, datetime

import pytest
from django.core.files.base import ContentFile

from news.models import Article
from news.renditions import make_cover_renditions, ratio_geometry
from office.models import SiteSettings
from tests.conformance.conftest import (
    BASE_URL,
    LEAD,
    breadcrumb_trail,
    cover_file,
    image_file,
    parse,
    visible_breadcrumbs,
)
from tests.factories import ArticleFactory, DivisionFactory
from tests.images import image_bytes

pytestmark = pytest.mark.django_db


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    return html, parse(html, BASE_URL + url)


def of_type(items, type_name):
    found = [item for item in items if item.get("@type") == type_name]
    assert len(found) == 1, items
    return found[0]


def graph(json_ld):
    """Every top-level item of every block, @graph members included."""
    for block in json_ld:
        yield from block.get("@graph", [block])


def test_article_images_are_one_to_one_four_to_three_and_sixteen_to_nine(client, story):
    _html, data = page(client, story.get_absolute_url())
    article = of_type(data["json-ld"], "NewsArticle")
    shapes = []
    for image in article["image"]:
        assert image["@type"] == "ImageObject"
        media_type, width, height = image_file(image["url"])
        assert (image["width"], image["height"]) == (width, height)
        assert media_type == "image/jpeg"
        assert width >= 1200  # the cover (1600 × 1200) allows it
        shapes.append(width / height)
    assert shapes == pytest.approx([1, 4 / 3, 16 / 9], abs=0.01)


def test_small_cover_gives_crops_no_wider_than_itself_but_large_enough_for_google():
    assert ratio_geometry(800, 450, (1, 1)) == "450x450"
    assert ratio_geometry(800, 450, (4, 3)) == "600x450"
    assert ratio_geometry(800, 450, (16, 9)) == "800x450"
    assert ratio_geometry(3000, 2000, (16, 9)) == "1200x675"
    # 120 × 68 would give 68 × 68 pixels, which Google ignores: enlarged instead.
    assert ratio_geometry(120, 68, (1, 1)) == "1200x1200"


def test_article_names_author_dates_and_publisher_with_its_logo(client, story):
    Article.objects.filter(pk=story.pk).update(updated_at=datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC))
    _html, data = page(client, story.get_absolute_url())
    article = of_type(data["json-ld"], "NewsArticle")
    assert article["headline"] == story.title
    assert article["description"] == LEAD
    assert datetime.fromisoformat(article["datePublished"]) == story.published_at
    assert datetime.fromisoformat(article["dateModified"]) == datetime(
        2030, 1, 2, 3, 4, 5, tzinfo=UTC
    )
    (author,) = article["author"]
    assert author == {
        "@type": "Person",
        "name": "Dian Kartikasari",
        "url": f"{BASE_URL}/penulis/dian/",
    }
    assert client.get(author["url"].removeprefix(BASE_URL)).status_code == 200
    publisher = article["publisher"]
    assert publisher["@type"] == "GovernmentOrganization"
    assert publisher["name"] == "KPU Kabupaten Trenggalek"
    logo = publisher["logo"]
    media_type, width, height = image_file(logo["url"])
    assert media_type in {"image/png", "image/jpeg", "image/webp"}  # Google reads no SVG logo
    assert (logo["width"], logo["height"]) == (width, height)
    assert min(width, height) >= 112  # Google's minimum for a logo


def test_publisher_logo_is_the_offices_own_when_it_has_one(client, story):
    SiteSettings.objects.create(
        name="KPU Kabupaten Trenggalek",
        region="Kabupaten Trenggalek, Jawa Timur",
        logo=ContentFile(image_bytes("PNG", size=(300, 200)), name="logo-kpu.png"),
    )
    _html, data = page(client, story.get_absolute_url())
    logo = of_type(data["json-ld"], "NewsArticle")["publisher"]["logo"]
    assert "/media/office/" in logo["url"]
    assert image_file(logo["url"]) == ("image/png", 300, 200)
    assert (logo["width"], logo["height"]) == (300, 200)


def test_article_breadcrumbs_match_the_visible_trail(client, story):
    html, data = page(client, story.get_absolute_url())
    article = of_type(data["json-ld"], "NewsArticle")
    trail = breadcrumb_trail(article["mainEntityOfPage"]["breadcrumb"])
    assert trail == visible_breadcrumbs(html)
    assert trail == [
        ("Beranda", f"{BASE_URL}/"),
        ("Berita", f"{BASE_URL}/berita/"),
        ("Divisi Perencanaan dan Data", f"{BASE_URL}/divisi/perencanaan-data/"),
        (story.title, None),
    ]
    # One JSON-LD block: the trail is the page's, not a second item.
    assert len(data["json-ld"]) == 1


def test_article_microdata_marks_the_whole_text_as_its_body(client, story):
    _html, data = page(client, story.get_absolute_url())
    (item,) = data["microdata"]
    assert item["@type"] == "NewsArticle"
    assert item["id"] == of_type(data["json-ld"], "NewsArticle")["@id"]  # one entity
    assert item["headline"] == story.title
    assert item["articleBody"].strip().startswith(LEAD)
    assert "kpu.go.id sepanjang hari kerja." in item["articleBody"]
    assert item["author"]["name"] == "Dian Kartikasari"
    assert item["author"]["url"] == f"{BASE_URL}/penulis/dian/"
    assert item["datePublished"] and item["dateModified"]
    assert item["image"].endswith(story.cover_renditions["share"]["name"])


@pytest.fixture
def office(db):
    return SiteSettings.objects.create(
        name="KPU Kabupaten Trenggalek",
        region="Kabupaten Trenggalek, Jawa Timur",
        address="Jl. Supriyadi No. 12,\nKelurahan Ngantru, Trenggalek 66312",
        phone="0355 791234",
        email="kab_trenggalek@kpu.go.id",
        instagram_url="https://www.instagram.com/kpu_trenggalek/",
    )


def test_home_describes_the_office_with_its_contacts_and_the_website(client, office):
    _html, data = page(client, "/")
    items = list(graph(data["json-ld"]))
    organisation = of_type(items, "GovernmentOrganization")
    assert organisation["name"] == "KPU Kabupaten Trenggalek"
    assert organisation["url"] == f"{BASE_URL}/"
    (contact,) = organisation["contactPoint"]
    assert contact["@type"] == "ContactPoint"
    assert contact["telephone"] == "0355 791234"
    assert contact["email"] == "kab_trenggalek@kpu.go.id"
    assert contact["contactType"]
    assert organisation["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Jl. Supriyadi No. 12, Kelurahan Ngantru, Trenggalek 66312",
        "addressRegion": "Kabupaten Trenggalek, Jawa Timur",
        "addressCountry": "ID",
    }
    assert organisation["sameAs"] == ["https://www.instagram.com/kpu_trenggalek/"]
    assert image_file(organisation["logo"]["url"])[1:] == (
        organisation["logo"]["width"],
        organisation["logo"]["height"],
    )
    website = of_type(items, "WebSite")
    assert website["url"] == f"{BASE_URL}/"
    assert website["publisher"] == {"@id": organisation["@id"]}


def test_home_leaves_out_contacts_the_office_has_not_given(client, db):
    _html, data = page(client, "/")
    organisation = of_type(list(graph(data["json-ld"])), "GovernmentOrganization")
    assert "contactPoint" not in organisation or all(
        contact.get("telephone") or contact.get("email") for contact in organisation["contactPoint"]
    )


@pytest.fixture
def lists(db):
    division = DivisionFactory(name="Divisi Teknis", slug="teknis")
    ArticleFactory(division=division, tags=["pemilu 2024"])
    return division


@pytest.mark.parametrize(
    "path", ["/berita/", "/divisi/teknis/", "/tag/pemilu-2024/", "/cari/?q=rapat"]
)
def test_list_breadcrumbs_match_the_visible_trail(client, lists, path):
    html, data = page(client, path)
    (trail,) = [item for item in graph(data["json-ld"]) if item["@type"] == "BreadcrumbList"]
    assert breadcrumb_trail(trail) == visible_breadcrumbs(html)
    assert len(visible_breadcrumbs(html)) >= 2


def test_breadcrumb_data_keeps_a_hostile_division_name_inside_its_block(client, db):
    name = "</script><script>alert(1)</script> & “Teknis”"
    ArticleFactory(division=DivisionFactory(name=name, slug="jahat"))
    response = client.get("/divisi/jahat/")
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    block = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert json.loads(block)["itemListElement"][-1]["name"] == name


def test_crops_are_made_with_the_other_renditions(db):
    article = ArticleFactory(cover=cover_file((1600, 900)), cover_alt="Kotak suara")
    ratios = make_cover_renditions(article)["ratios"]
    assert [(entry["width"], entry["height"]) for entry in ratios] == [
        (900, 900),
        (1200, 900),
        (1200, 675),
    ]
