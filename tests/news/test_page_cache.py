"""The whole-page cache for anonymous readers (publishing/page_cache.py)."""

import threading
import time
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import cache
from django.db import connections
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from news.models import Article
from publishing import page_cache as page_cache_module
from publishing.page_cache import GENERATION_KEY, cache_public_page
from tests.admin_forms import change_url, open_article_form
from tests.factories import ArticleFactory, DivisionFactory
from tests.redis_server import use_redis_cache

pytestmark = pytest.mark.django_db

READER = (
    "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36"
)


@pytest.fixture(params=["locmem", "redis"])
def page_cache(request, settings):
    """The page cache on, in local memory and in Redis (tests/redis_server.py)."""
    settings.PAGE_CACHE_SECONDS = 600
    if request.param == "redis":
        use_redis_cache(settings, request.getfixturevalue("redis_url"))
    return request.param


def cache_state(response):
    return response.get("X-Page-Cache")


def test_second_anonymous_request_is_served_from_cache_without_queries(
    page_cache, client, article, django_assert_num_queries
):
    first = client.get(article.get_absolute_url())
    assert cache_state(first) == "miss"
    with django_assert_num_queries(0):
        second = client.get(article.get_absolute_url())
    assert cache_state(second) == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_a_hit_is_answered_before_sessions_and_still_carries_the_security_headers(
    page_cache, client, article, monkeypatch
):
    """PageCacheHitMiddleware answers a hit above the session, CSRF and
    authentication middleware, below those that add the security headers."""
    url = article.get_absolute_url()
    miss = client.get(url)
    reached = []
    load_session = SessionMiddleware.process_request

    def process_request(self, request):
        reached.append(request.path)
        load_session(self, request)

    monkeypatch.setattr(SessionMiddleware, "process_request", process_request)
    hit = client.get(url)
    assert cache_state(hit) == "hit"
    assert reached == []
    for header in (
        "Content-Security-Policy",
        "Permissions-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
    ):
        assert hit[header] == miss[header], header
    # A reader with a session cookie goes the whole way, and is drawn a private page.
    client.cookies["sessionid"] = "made-up"
    with_session = client.get(url)
    assert reached == [url]
    assert cache_state(with_session) is None
    assert "private" in with_session["Cache-Control"]


def test_cached_pages_carry_no_cookie(page_cache, client, article):
    client.get("/")
    hit = client.get("/")
    assert cache_state(hit) == "hit"
    assert not hit.cookies
    assert "Set-Cookie" not in str(hit.serialize_headers())
    assert "Cookie" not in hit.get("Vary", "")


def test_a_response_that_sets_a_cookie_is_never_stored(page_cache):
    calls = []

    @cache_public_page
    def view(request):
        calls.append(request)
        response = HttpResponse("halo")
        response.set_cookie("pelacak", "rahasia")
        return response

    factory = RequestFactory()
    for _ in range(2):
        response = view(factory.get("/halo/"))
        assert response.cookies["pelacak"].value == "rahasia"
    assert len(calls) == 2


def test_staff_never_get_nor_fill_a_cached_page(page_cache, editor_client, article):
    client = Client()
    # Staff first: their responses carry a refreshed session cookie and are not stored.
    staff_page = editor_client.get(article.get_absolute_url())
    assert staff_page.cookies.get("sessionid")
    assert cache_state(staff_page) is None
    reader_page = client.get(article.get_absolute_url())
    assert cache_state(reader_page) == "miss"
    assert not reader_page.cookies

    # A change made behind the cache's back (no signal) shows to staff at once.
    Article.objects.filter(pk=article.pk).update(title="Judul yang hanya dilihat staf")
    assert "Judul yang hanya dilihat staf" in editor_client.get(article.get_absolute_url()).text
    assert "Judul yang hanya dilihat staf" not in client.get(article.get_absolute_url()).text


def test_unrelated_query_parameters_share_one_entry(page_cache, client, article):
    client.get("/berita/")
    assert cache_state(client.get("/berita/?utm_source=whatsapp&x=1")) == "hit"
    assert cache_state(client.get("/berita/?page=1")) == "miss"


def test_error_pages_are_not_cached(page_cache, client):
    assert client.get("/berita/tidak-ada/").status_code == HTTPStatus.NOT_FOUND
    again = client.get("/berita/tidak-ada/")
    assert again.status_code == HTTPStatus.NOT_FOUND
    assert cache_state(again) is None


def test_publishing_shows_at_once_everywhere(page_cache, client, editor, article):
    draft = ArticleFactory(
        title="Jadwal pemutakhiran data pemilih",
        status=Article.Status.DRAFT,
        division=article.division,
        author=article.author,
        tags=["pemilih"],
    )
    pages = ["/", "/berita/", article.division.get_absolute_url(), "/feed/"]
    for url in pages:
        client.get(url)
    assert cache_state(client.get("/")) == "hit"

    draft.publish(by=editor)

    for url in [*pages, article.author.get_absolute_url(), "/tag/pemilih/"]:
        assert "Jadwal pemutakhiran data pemilih" in client.get(url).text, url
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.OK


def test_admin_edit_shows_at_once(page_cache, editor_client, article):
    client = Client()
    url = article.get_absolute_url()
    assert article.title in client.get(url).text
    data = {
        **open_article_form(editor_client, article),
        "title": "Hasil rekapitulasi diperbarui",
        "_save": "Simpan",
    }
    saved = editor_client.post(change_url(article), data)
    assert saved.status_code == HTTPStatus.FOUND, saved.context["adminform"].form.errors

    page = client.get(url)
    assert cache_state(page) == "miss"
    assert "Hasil rekapitulasi diperbarui" in page.text


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda a: a.division.__class__.objects.get(pk=a.division_id), id="division"),
        pytest.param(lambda a: a.author.__class__.objects.get(pk=a.author_id), id="author"),
        pytest.param(lambda a: Tag.objects.get(name="pemilu"), id="tag"),
    ],
)
def test_renaming_a_division_author_or_tag_shows_at_once(page_cache, client, change):
    article = ArticleFactory(tags=["pemilu"])
    url = article.get_absolute_url()
    client.get(url)
    assert cache_state(client.get(url)) == "hit"

    thing = change(article)
    thing.name = "Nama Baru Sekali"
    thing.save()

    assert "Nama Baru Sekali" in client.get(url).text


def test_tags_added_to_an_article_show_at_once(page_cache, client, article):
    url = article.get_absolute_url()
    client.get(url)
    article.tags.add("rekapitulasi-suara")
    assert "rekapitulasi-suara" in client.get(url).text


def test_deleting_an_article_removes_it_at_once(page_cache, client, article):
    url = article.get_absolute_url()
    assert client.get(url).status_code == HTTPStatus.OK
    assert article.title in client.get("/").text
    article.delete()
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    assert article.title not in client.get("/").text


def test_a_scheduled_article_appears_when_its_time_comes(page_cache, client):
    ArticleFactory(title="Berita yang sudah terbit")
    ArticleFactory(
        title="Pengumuman terjadwal",
        published_at=timezone.now() + timedelta(seconds=1),
    )
    assert "Pengumuman terjadwal" not in client.get("/").text
    assert cache_state(client.get("/")) == "hit"
    time.sleep(1.2)
    assert "Pengumuman terjadwal" in client.get("/").text


def test_cached_article_shows_an_old_count_and_the_beacon_the_fresh_one(page_cache, client):
    article = ArticleFactory(view_count=41)
    page = client.get(article.get_absolute_url())
    assert "41" in page.text
    beacon = Client().post(f"/berita/{article.slug}/dilihat/", HTTP_USER_AGENT=READER)
    assert beacon.json()["views"] == 42
    # The counter does not throw pages away: the page says 41 until the next
    # edit, and its script shows the beacon's 42.
    cached = client.get(article.get_absolute_url())
    assert cache_state(cached) == "hit"
    assert "data-view-counter" in cached.text


def test_an_edit_in_another_worker_shows_within_a_second(client, settings, redis_url):
    """Each worker checks the shared generation at most once a second."""
    settings.PAGE_CACHE_SECONDS = 600
    use_redis_cache(settings, redis_url)
    article = ArticleFactory(title="Judul pertama")
    url = article.get_absolute_url()
    client.get(url)
    assert cache_state(client.get(url)) == "hit"

    # Another worker saves: the row changes and the shared generation ends;
    # this process's own copy of the generation knows nothing yet.
    Article.objects.filter(pk=article.pk).update(title="Judul kedua")
    cache.delete(GENERATION_KEY)

    assert "Judul pertama" in client.get(url).text
    time.sleep(settings.PAGE_CACHE_GENERATION_CHECK_SECONDS + 0.1)
    assert "Judul kedua" in client.get(url).text


def test_an_edit_in_another_worker_shows_at_once_to_nginx(client, settings, redis_url):
    """nginx keeps what it fetches for its microcache's lifetime: a request it passes
    on (X-Microcache, deploy/nginx.conf) gets the newest generation, not one up to
    a second old, while a reader's own request still waits for the check."""
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_CACHE_GENERATION_CHECK_SECONDS = 60
    use_redis_cache(settings, redis_url)
    article = ArticleFactory(title="Judul pertama")
    url = article.get_absolute_url()
    client.get(url)
    assert cache_state(client.get(url, HTTP_X_MICROCACHE="1")) == "hit"

    Article.objects.filter(pk=article.pk).update(title="Judul kedua")
    cache.delete(GENERATION_KEY)

    assert "Judul pertama" in client.get(url).text
    from_nginx = client.get(url, HTTP_X_MICROCACHE="1")
    assert "Judul kedua" in from_nginx.text
    assert cache_state(from_nginx) == "miss"
    assert "Judul kedua" in client.get(url).text


def test_a_write_that_skips_save_shows_within_the_cache_lifetime(page_cache, client, settings):
    """QuerySet.update(), raw SQL and data migrations send no signal: every
    cached page still expires after PAGE_CACHE_SECONDS."""
    settings.PAGE_CACHE_SECONDS = 1
    article = ArticleFactory(title="Judul sebelum update")
    url = article.get_absolute_url()
    assert cache_state(client.get(url)) == "miss"

    Article.objects.filter(pk=article.pk).update(title="Judul sesudah update")

    stale = client.get(url)
    assert cache_state(stale) == "hit"
    assert "Judul sebelum update" in stale.text
    time.sleep(settings.PAGE_CACHE_SECONDS + 0.2)
    fresh = client.get(url)
    assert cache_state(fresh) == "miss"
    assert "Judul sesudah update" in fresh.text


def test_a_write_that_skips_save_shows_on_kept_cards_within_a_generation(
    page_cache, client, settings
):
    """Cards and the menu are kept per generation, even with the page cache off;
    a generation ends after PAGE_CACHE_GENERATION_SECONDS whatever happens."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.PAGE_CACHE_GENERATION_SECONDS = 1
    article = ArticleFactory(title="Kartu sebelum update")
    assert "Kartu sebelum update" in client.get("/berita/").text

    Article.objects.filter(pk=article.pk).update(title="Kartu sesudah update")
    article.division.__class__.objects.filter(pk=article.division_id).update(name="Divisi Baru")

    stale = client.get("/berita/")
    assert "Kartu sebelum update" in stale.text
    assert "Divisi Baru" not in site_menu(stale)
    time.sleep(settings.PAGE_CACHE_GENERATION_SECONDS + 0.2)
    fresh = client.get("/berita/")
    assert "Kartu sesudah update" in fresh.text
    assert "Divisi Baru" in site_menu(fresh)


def test_cards_drawn_once_show_an_edit_at_once(client):
    """Cards are kept per generation even with the page cache off (news/cards.py)."""
    article = ArticleFactory(title="Judul kartu lama")
    assert "Judul kartu lama" in client.get("/berita/").text
    article.title = "Judul kartu baru"
    article.save()
    page = client.get("/berita/")
    assert "Judul kartu baru" in page.text
    assert "Judul kartu lama" not in page.text
    # A search result's card carries its snippet, never a list's card.
    found = client.get("/cari/", {"q": "pleno"})
    assert "<mark>pleno</mark>" in found.text


def test_the_menu_drawn_once_shows_a_division_change_at_once(client):
    """The header's menu is kept per generation even with the page cache off (base.html)."""
    division = DivisionFactory(name="Divisi Lama")
    assert "Divisi Lama" in site_menu(client.get("/berita/"))
    division.name = "Divisi Baru"
    division.save()
    DivisionFactory(name="Divisi Tambahan")
    menu = site_menu(client.get("/berita/"))
    assert "Divisi Baru" in menu
    assert "Divisi Tambahan" in menu
    assert "Divisi Lama" not in menu


def test_every_stored_page_expires(settings, client, article, redis_url):
    use_redis_cache(settings, redis_url)
    settings.PAGE_CACHE_SECONDS = 600
    for url in ["/", "/berita/", article.get_absolute_url(), "/feed/"]:
        assert cache_state(client.get(url)) == "miss"
    redis = cache.client.get_client()
    pages = [
        key
        for key in redis.scan_iter(cache.make_key("page-cache:*", version="*"))
        if not key.endswith(GENERATION_KEY.encode())
    ]
    assert len(pages) == 4
    assert all(0 < redis.ttl(key) <= 600 for key in pages)


def in_thread(function):
    """`function` for a thread of its own, which closes the database connection it
    opened (a new generation reads the next scheduled time): left open, it would
    keep the test database from being dropped at the end of the run."""

    def run():
        try:
            function()
        finally:
            connections.close_all()

    return run


def test_a_thread_cannot_put_back_a_generation_another_thread_replaced(page_cache, monkeypatch):
    """gthread workers: one thread reads the shared generation while another
    starts a new one; the process must end up with the new one, not the old."""
    old = page_cache_module.current_generation()
    page_cache_module.forget_local()
    reading, replaced = threading.Event(), threading.Event()

    class SlowToAnswer:
        """The cache, answering the reader's question only after the new generation is
        written (or half a second, when the write waits for the reader)."""

        def get(self, key, *args, **kwargs):
            value = cache.get(key, *args, **kwargs)
            if threading.current_thread().name == "reader":
                reading.set()
                replaced.wait(timeout=0.5)
            return value

        def __getattr__(self, name):
            return getattr(cache, name)

    monkeypatch.setattr(page_cache_module, "cache", SlowToAnswer())
    reader = threading.Thread(target=in_thread(page_cache_module.current_generation), name="reader")
    reader.start()
    assert reading.wait(timeout=5)
    new = page_cache_module.new_generation()
    replaced.set()
    reader.join()

    assert new != old
    assert page_cache_module.current_generation() == new


def test_threads_reading_the_generation_while_it_changes_see_only_real_ones(page_cache, settings):
    settings.PAGE_CACHE_GENERATION_CHECK_SECONDS = 0.001
    made = [page_cache_module.new_generation()]
    seen, errors = set(), []
    done = threading.Event()

    def read():
        try:
            while not done.is_set():
                seen.add(page_cache_module.current_generation())
        except Exception as error:
            errors.append(error)

    readers = [threading.Thread(target=in_thread(read)) for _ in range(4)]
    for thread in readers:
        thread.start()
    for _ in range(20):
        made.append(page_cache_module.new_generation())
        time.sleep(0.005)
    done.set()
    for thread in readers:
        thread.join()

    assert not errors
    assert seen <= set(made)
    assert page_cache_module.current_generation() == made[-1]


def site_menu(page):
    start = page.text.index('<nav class="site-nav"')
    return page.text[start : page.text.index("</nav>", start)]


def cache_server_down(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            # Nothing listens there.
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2},
        },
    }


@pytest.mark.parametrize("page_cache_seconds", [600, 0])
def test_pages_still_render_while_the_cache_server_is_down(
    client, settings, article, page_cache_seconds
):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    cache_server_down(settings)
    for url in ["/", "/berita/", article.get_absolute_url(), article.division.get_absolute_url()]:
        page = client.get(url)
        assert page.status_code == HTTPStatus.OK, url
        assert article.division.name in site_menu(page)


def test_edits_are_kept_and_shown_while_the_cache_server_is_down(settings, editor_client, article):
    settings.PAGE_CACHE_SECONDS = 600
    reader = Client()
    reader.get("/berita/")  # stored while the cache still answered
    cache_server_down(settings)
    division = article.division
    division.name = "Divisi Berganti Nama"
    division.save()
    assert "Divisi Berganti Nama" in site_menu(reader.get("/berita/"))

    response = editor_client.post(
        reverse("admin:news_division_change", args=[division.pk]),
        {"name": "Divisi Diubah Redaktur", "slug": division.slug, "order": division.order},
    )
    assert response.status_code == HTTPStatus.FOUND
    division.refresh_from_db()
    assert division.name == "Divisi Diubah Redaktur"
    assert "Divisi Diubah Redaktur" in site_menu(reader.get(article.get_absolute_url()))


def stored_pages(page_cache):
    """How many pages the shared cache holds."""
    if page_cache == "redis":
        return len(set(cache.keys("page-cache:*", version="*")) - {GENERATION_KEY})
    return sum(":page-cache:" in key and "generation" not in key for key in cache._cache)


def test_searches_cannot_fill_the_cache(page_cache, client, article):
    """Every distinct query was once stored for the page cache's lifetime (25 KB each)."""
    client.get("/")
    before = stored_pages(page_cache)
    for n in range(30):
        response = client.get("/cari/", {"q": f"rapat pleno {n}"})
        assert response.status_code == HTTPStatus.OK
        assert cache_state(response) is None
    assert stored_pages(page_cache) == before


@pytest.mark.parametrize("page", ["01", "001", "1.0", " 1", "+1", "1e0"])
def test_page_numbers_written_another_way_have_no_entry_of_their_own(page_cache, client, page):
    ArticleFactory.create_batch(3)
    before = stored_pages(page_cache)
    for _ in range(2):
        response = client.get("/berita/", {"page": page})
        assert cache_state(response) is None
    assert stored_pages(page_cache) == before
    assert cache_state(client.get("/berita/", {"page": "1"})) == "miss"


@pytest.fixture
def render_limit(settings):
    settings.PUBLIC_RENDER_RATE_LIMIT = "5/m"


def test_a_made_up_session_cookie_gets_a_few_fresh_pages_then_429(
    page_cache, render_limit, article
):
    """A made-up session cookie skips the cache: such renders are limited per address."""
    attacker = Client(HTTP_COOKIE="sessionid=x")
    answers = [attacker.get(article.get_absolute_url()).status_code for _ in range(7)]
    assert answers == [HTTPStatus.OK] * 5 + [HTTPStatus.TOO_MANY_REQUESTS] * 2
    refused = attacker.get("/cari/", {"q": "pemilu"})
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert refused["Retry-After"] == "60"
    assert "Terlalu banyak permintaan" in refused.content.decode()
    # Another address is not held back.
    assert Client(REMOTE_ADDR="198.51.100.3").get("/cari/?q=a").status_code == HTTPStatus.OK
    # Cached pages are never limited, even for the address that used up its renders.
    assert cache_state(Client(REMOTE_ADDR="198.51.100.4").get("/")) == "miss"
    reader = Client()
    assert {cache_state(reader.get("/")) for _ in range(20)} == {"hit"}


def test_staff_are_not_held_back_by_the_render_limit(page_cache, render_limit, editor_client):
    ArticleFactory()
    answers = {editor_client.get("/cari/", {"q": f"q{n}"}).status_code for n in range(10)}
    assert answers == {HTTPStatus.OK}


def test_the_render_limit_holds_with_the_page_cache_off(render_limit, client, article):
    answers = [client.get("/cari/", {"q": f"q{n}"}).status_code for n in range(6)]
    assert answers[-1] == HTTPStatus.TOO_MANY_REQUESTS
