"""pages.menu.menu_pages(): the contract the header menu is built on."""

from datetime import timedelta

import pytest
from django.utils import timezone

from pages.menu import menu_pages
from pages.models import Page
from tests.pages.conftest import make_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_pages():
    profil = make_page("Profil", order=1)
    layanan = make_page("Layanan", order=2)
    make_page("Arsip", order=2)  # same order: by title, before Layanan
    make_page("Tersembunyi", order=0, in_menu=False)
    make_page("Draf Utama", order=0, status=Page.Status.DRAFT)
    make_page("Terjadwal", order=0, published_at=timezone.now() + timedelta(hours=1))
    make_page("Tugas dan Wewenang", parent=profil, order=2)
    make_page("Visi dan Misi", parent=profil, order=1)
    make_page("Struktur Organisasi", parent=profil, order=3, in_menu=False)
    make_page("Sejarah", parent=profil, order=4, status=Page.Status.DRAFT)
    hidden_parent = make_page("Bukan Menu", in_menu=False)
    make_page("Anak Tersembunyi", parent=hidden_parent)
    return {"profil": profil, "layanan": layanan}


def test_menu_has_the_published_menu_pages_in_order_with_their_children(site_pages):
    menu = menu_pages()
    assert isinstance(menu, tuple)
    assert [page.title for page in menu] == ["Profil", "Arsip", "Layanan"]
    profil = menu[0]
    assert isinstance(profil.menu_children, tuple)
    assert [child.title for child in profil.menu_children] == [
        "Visi dan Misi",
        "Tugas dan Wewenang",
    ]
    assert menu[1].menu_children == ()


def test_menu_costs_one_query_then_none(site_pages, django_assert_num_queries):
    with django_assert_num_queries(1):
        menu = menu_pages()
        # Addresses, children's included, cost nothing more.
        urls = [page.get_absolute_url() for page in menu]
        urls += [child.get_absolute_url() for page in menu for child in page.menu_children]
    assert "/halaman/profil/visi-dan-misi/" in urls
    with django_assert_num_queries(0):
        assert menu_pages() is menu


def test_an_edit_shows_in_the_menu_at_once(site_pages, settings):
    settings.PAGE_CACHE_SECONDS = 600
    assert "Layanan" in [page.title for page in menu_pages()]
    layanan = site_pages["layanan"]
    layanan.in_menu = False
    layanan.save()
    assert "Layanan" not in [page.title for page in menu_pages()]
