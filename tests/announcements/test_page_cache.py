"""Announcements on cached pages (publishing/page_cache.py): a validity period's
start and end take an announcement on and off the cached home page on time,
with no save and no scheduled job (announcements/validity.py)."""

import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from announcements import validity
from documents.models import Document
from news.models import Article
from publishing.page_cache import GENERATION_KEY
from tests.announcements.conftest import make_announcement
from tests.announcements.test_views import home_section
from tests.factories import ArticleFactory
from tests.news.test_page_cache import cache_state
from tests.redis_server import use_redis_cache

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["locmem", "redis"])
def page_cache(request, settings):
    """The page cache on, in local memory and in Redis (tests/redis_server.py)."""
    settings.PAGE_CACHE_SECONDS = 600
    if request.param == "redis":
        use_redis_cache(settings, request.getfixturevalue("redis_url"))
    return request.param


def wait_until(moment):
    time.sleep(max(0.0, (moment - timezone.now()).total_seconds()) + 0.1)


def test_a_cached_home_page_drops_an_announcement_at_its_end(page_cache, client):
    closing = make_announcement(
        "Pendaftaran PPS ditutup", valid_until=timezone.now() + timedelta(seconds=1)
    )
    first = client.get("/")
    assert cache_state(first) == "miss"
    assert closing.title in home_section(first)
    cached = client.get("/")
    assert cache_state(cached) == "hit"
    assert closing.title in home_section(cached)
    archive = client.get("/pengumuman/")
    assert "Berlaku sampai" in archive.text
    wait_until(closing.valid_until)

    home = client.get("/")
    assert cache_state(home) == "miss"
    assert closing.title not in home_section(home)
    archive = client.get("/pengumuman/")
    assert closing.title in archive.text
    assert "Sudah berakhir" in archive.text
    assert "Sudah berakhir" in client.get(closing.get_absolute_url()).text


def test_a_cached_home_page_shows_an_announcement_when_its_validity_starts(page_cache, client):
    opening = make_announcement(
        "Uji publik lokasi TPS",
        valid_from=timezone.now() + timedelta(seconds=1),
        valid_until=timezone.now() + timedelta(days=3),
    )
    assert opening.title not in home_section(client.get("/"))
    assert cache_state(client.get("/")) == "hit"
    wait_until(opening.valid_from)
    assert opening.title in home_section(client.get("/"))


def test_a_generation_ends_at_the_next_boundary_of_any_approved_announcement(page_cache):
    now = timezone.now()
    make_announcement("Sudah lewat", valid_from=now - timedelta(days=5), valid_until=now)
    make_announcement("Draf", status="draft", valid_until=now + timedelta(minutes=1))
    ends = make_announcement("Berakhir", valid_until=now + timedelta(minutes=3))
    starts = make_announcement(
        "Dimulai", valid_from=now + timedelta(minutes=2), valid_until=now + timedelta(days=1)
    )
    assert validity.next_change() == starts.valid_from
    starts.delete()
    assert validity.next_change() == ends.valid_until
    scheduled = make_announcement("Terjadwal", published_at=now + timedelta(seconds=90))
    assert validity.next_change() == scheduled.published_at
    # The save above started a generation, which ends at that moment.
    _token, ends_at = cache.get(GENERATION_KEY)
    assert ends_at == pytest.approx(scheduled.published_at.timestamp())


def test_attaching_a_document_shows_on_the_cached_page_at_once(page_cache, client):
    announcement = make_announcement("Penetapan DPT")
    document = Document.objects.create(
        title="Keputusan penetapan DPT",
        slug="keputusan-penetapan-dpt",
        document_date=timezone.now().date(),
        information_class=Document.InformationClass.PERIODIC,
        status=Document.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(hours=1),
    )
    url = announcement.get_absolute_url()
    client.get(url)
    assert cache_state(client.get(url)) == "hit"
    announcement.documents.add(document)
    page = client.get(url)
    assert cache_state(page) == "miss"
    assert document.title in page.text


def test_other_types_keep_the_default_their_next_scheduled_publication(db):
    """Publishable.next_public_change(), which watch() uses for a type with no clock of its own."""
    assert Article.next_public_change() is None
    soon = ArticleFactory(published_at=timezone.now() + timedelta(minutes=5))
    ArticleFactory(published_at=timezone.now() + timedelta(hours=5))
    ArticleFactory(published_at=timezone.now() - timedelta(hours=5))
    assert Article.next_public_change() == soon.published_at
