"""Pages in the site search (/cari/): a "Halaman" group above the articles."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from pages.models import Page
from pages.search import MAX_PAGE_RESULTS, search_pages
from tests.factories import ArticleFactory
from tests.pages.conftest import make_page

pytestmark = pytest.mark.django_db


def test_search_finds_a_page_by_a_word_in_its_body_above_the_articles(client):
    profil = make_page("Profil")
    make_page(
        "Maklumat Pelayanan",
        parent=profil,
        summary="Janji layanan kantor.",
        body="<p>Permohonan informasi dijawab paling lambat sepuluh hari kerja.</p>",
    )
    ArticleFactory(title="Permohonan informasi publik meningkat", slug="permohonan-informasi")
    response = client.get("/cari/", {"q": "permohonan"})
    html = response.content.decode()
    assertContains(response, '<h2 id="search-pages-heading" class="section-heading">Halaman</h2>')
    assert 'href="/halaman/profil/maklumat-pelayanan/"' in html
    assert html.index("/halaman/profil/maklumat-pelayanan/") < html.index(
        "/berita/permohonan-informasi/"
    )


def test_search_does_not_show_unpublished_pages(client):
    make_page("Rencana Rahasia", body="<p>Kata sandi gudang logistik.</p>", status="draft")
    response = client.get("/cari/", {"q": "gudang"})
    assertNotContains(response, "Rencana Rahasia")
    assertNotContains(response, "search-pages-heading")


def test_title_weighs_over_body_and_results_are_capped():
    make_page("Catatan", body="<p>Sebutan logistik sekali saja.</p>")
    make_page("Logistik Pemilu", body="<p>Penjelasan.</p>")
    for index in range(MAX_PAGE_RESULTS + 2):
        make_page(f"Halaman {index}", body="<p>Tentang logistik.</p>")
    found = search_pages("logistik")
    assert found[0].title == "Logistik Pemilu"
    assert len(found) == MAX_PAGE_RESULTS


def test_pages_show_on_the_first_results_page_only(client):
    make_page("Logistik Pemilu")
    for index in range(25):
        ArticleFactory(title=f"Distribusi logistik {index}")
    assertContains(client.get("/cari/", {"q": "logistik"}), "search-pages-heading")
    assertNotContains(client.get("/cari/", {"q": "logistik", "page": 2}), "search-pages-heading")


def test_the_page_group_costs_one_query(client, django_assert_max_num_queries):
    make_page("Logistik Pemilu")
    client.get("/cari/", {"q": "apa saja"})  # the menu and settings, kept per process
    # Articles' ids, their cards (none here: no article matches), the pages.
    with django_assert_max_num_queries(2):
        response = client.get("/cari/", {"q": "logistik"})
    assertContains(response, "Logistik Pemilu")
    assert Page.objects.count() == 1
