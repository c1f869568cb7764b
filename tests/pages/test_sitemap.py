"""PageSitemap: every public page, with the later of its publication and last edit."""

from datetime import timedelta

import pytest
from django.utils import timezone

from pages.models import Page
from pages.sitemaps import PageSitemap
from tests.pages.conftest import make_page

pytestmark = pytest.mark.django_db


def test_sitemap_lists_public_pages_with_their_newest_change(django_assert_max_num_queries):
    profil = make_page("Profil")
    make_page("Visi dan Misi", parent=profil)
    make_page("Draf", status=Page.Status.DRAFT)
    make_page("Terjadwal", published_at=timezone.now() + timedelta(days=1))
    orphan_parent = make_page("Induk Draf", status=Page.Status.DRAFT)
    make_page("Anak Induk Draf", parent=orphan_parent)
    # Published an hour ago, edited now: the edit is the newer change.
    Page.objects.filter(pk=profil.pk).update(updated_at=timezone.now())
    sitemap = PageSitemap()
    with django_assert_max_num_queries(1):
        items = list(sitemap.items())
        locations = {sitemap.location(page): sitemap.lastmod(page) for page in items}
    assert set(locations) == {"/halaman/profil/", "/halaman/profil/visi-dan-misi/"}
    profil.refresh_from_db()
    assert locations["/halaman/profil/"] == profil.updated_at
    assert profil.updated_at > profil.published_at


def test_a_scheduled_page_edited_earlier_shows_its_publication_time():
    page = make_page("Profil", published_at=timezone.now() - timedelta(minutes=1))
    Page.objects.filter(pk=page.pk).update(updated_at=timezone.now() - timedelta(days=1))
    sitemap = PageSitemap()
    (item,) = sitemap.items()
    assert sitemap.lastmod(item) == page.published_at
