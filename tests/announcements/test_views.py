"""The public announcement pages, the home page's section, the feeds and the sitemap."""

import json
import re
import time
from datetime import timedelta
from http import HTTPStatus

import feedparser
import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from announcements.models import Announcement
from documents.models import Document
from tests.announcements.conftest import make_announcement

pytestmark = pytest.mark.django_db


def home_section(response):
    """The home page's "Pengumuman" section, or "" when it has none."""
    found = re.search(r'<section class="home-announcements".*?</section>', response.text, re.S)
    return found.group(0) if found else ""


def titles_in_order(response, titles):
    text = response.text
    return sorted(titles, key=text.index)


def sitemap_locations(client):
    return re.findall(r"<loc>([^<]+)</loc>", client.get("/sitemap.xml").text)


# --- List and detail ----------------------------------------------------------


def test_list_shows_those_in_force_first_each_marked(client):
    now = timezone.now()
    ended = make_announcement(
        "Hasil seleksi PPK",
        published_at=now - timedelta(minutes=5),
        valid_from=now - timedelta(days=10),
        valid_until=now - timedelta(days=1),
    )
    valid = make_announcement("Pendaftaran PPS", published_at=now - timedelta(days=3))
    coming = make_announcement(
        "Uji publik lokasi TPS",
        published_at=now - timedelta(days=4),
        valid_from=now + timedelta(days=2),
        valid_until=now + timedelta(days=9),
    )
    page = client.get("/pengumuman/")
    assert page.status_code == HTTPStatus.OK
    assert [a.pk for a in page.context["announcements"]] == [valid.pk, coming.pk, ended.pk]
    assertContains(page, "<h1>Pengumuman</h1>", html=True)
    items = re.findall(r'<li class="announcement-item.*?</li>', page.text, re.S)
    assert "Berlaku sampai" in items[0] and "Sudah berakhir" not in items[0]
    assert "Berlaku mulai" in items[1]
    assert "Sudah berakhir" in items[2] and "announcement-item--ended" in items[2]
    assertContains(page, f'href="{ended.get_absolute_url()}"')


def test_detail_shows_body_validity_division_and_sharing(client, announcement):
    page = client.get("/pengumuman/pendaftaran-calon-anggota-pps/")
    assert page.status_code == HTTPStatus.OK
    assertContains(page, '<h1 class="article__title">Pendaftaran calon anggota PPS</h1>', html=True)
    assertContains(page, "<p>Isi Pendaftaran calon anggota PPS.</p>", html=True)
    assertContains(page, "Masa berlaku")
    assertContains(page, "Berlaku sampai")
    assertContains(page, f'href="{announcement.division.get_absolute_url()}"')
    # Breadcrumbs: Beranda › Pengumuman › the title.
    assertContains(page, '<a href="/pengumuman/">Pengumuman</a>', html=True)
    url = "http://testserver/pengumuman/pendaftaran-calon-anggota-pps/"
    assertContains(page, f'<link rel="canonical" href="{url}">', html=True)
    for network in ("whatsapp", "facebook", "x"):
        assertContains(page, f"share__link--{network}")
    assertContains(page, "https://wa.me/?text=Pendaftaran+calon+anggota+PPS")
    assertContains(page, f'<meta property="og:url" content="{url}">', html=True)
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page.text, re.S).group(1)
    )
    assert data["headline"] == "Pendaftaran calon anggota PPS"
    assert data["expires"] == announcement.valid_until.isoformat()


def test_an_ended_announcement_stays_readable_marked_ended(client):
    now = timezone.now()
    ended = make_announcement(
        "Hasil seleksi PPK",
        valid_from=now - timedelta(days=10),
        valid_until=now - timedelta(days=1),
    )
    page = client.get(ended.get_absolute_url())
    assert page.status_code == HTTPStatus.OK
    assertContains(page, "Sudah berakhir")


@pytest.mark.parametrize(
    "state",
    [
        {"status": Announcement.Status.DRAFT},
        {"status": Announcement.Status.REVIEW},
        {"published_at": timezone.now() + timedelta(days=1)},
    ],
    ids=["draft", "review", "scheduled"],
)
def test_unpublished_announcements_are_404_and_listed_nowhere(client, state):
    hidden = make_announcement("Pengumuman rahasia", **state)
    assert client.get(hidden.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    for url in ("/", "/pengumuman/", "/pengumuman/feed/", "/pengumuman/feed/atom/"):
        assert "Pengumuman rahasia" not in client.get(url).text, url
    assert not any("pengumuman-rahasia" in loc for loc in sitemap_locations(client))


def test_unknown_slug_is_404(client, db):
    assert client.get("/pengumuman/tidak-ada/").status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("page", ["abc", "0", "-1", "3", "1.0", "9" * 30])
def test_bad_page_numbers_are_404(client, page):
    for number in range(12):
        make_announcement(f"Pengumuman nomor {number}")
    assert client.get("/pengumuman/", {"page": "2"}).status_code == HTTPStatus.OK
    assert client.get("/pengumuman/", {"page": page}).status_code == HTTPStatus.NOT_FOUND


def test_the_page_lists_only_public_documents_linked_to_their_pages(client, announcement):
    now = timezone.now()

    def document(title, **fields):
        slug = title.lower().replace(" ", "-")
        fields.setdefault("status", Document.Status.PUBLISHED)
        fields.setdefault("published_at", now - timedelta(hours=1))
        fields.setdefault("information_class", Document.InformationClass.PERIODIC)
        return Document.objects.create(
            title=title, slug=slug, document_date=now.date(), number="12 Tahun 2024", **fields
        )

    public = document("Keputusan penetapan DPT")
    hidden = [
        document("Surat dikecualikan", information_class=Document.InformationClass.EXCEPTED),
        document("Draf keputusan", status=Document.Status.DRAFT, published_at=None),
        document("Keputusan terjadwal", published_at=now + timedelta(days=1)),
    ]
    announcement.documents.set([public, *hidden])

    page = client.get(announcement.get_absolute_url())
    assertContains(page, "Dokumen lampiran")
    assertContains(
        page, f'<a href="/dokumen/{public.slug}/">Keputusan penetapan DPT</a>', html=True
    )
    assertContains(page, "Nomor 12 Tahun 2024")
    for document in hidden:
        assertNotContains(page, document.title)
        assertNotContains(page, document.slug)


def test_without_public_documents_there_is_no_attachment_section(client, announcement):
    assertNotContains(client.get(announcement.get_absolute_url()), "Dokumen lampiran")


# --- The home page ------------------------------------------------------------


def test_home_shows_valid_announcements_pinned_first_then_newest_at_most_five(client):
    now = timezone.now()
    pinned = make_announcement("Yang disematkan", pinned=True, published_at=now - timedelta(days=9))
    recent = [
        make_announcement(f"Pengumuman baru {number}", published_at=now - timedelta(hours=number))
        for number in range(1, 6)
    ]
    make_announcement(
        "Sudah lewat",
        valid_from=now - timedelta(days=9),
        valid_until=now - timedelta(minutes=1),
    )
    make_announcement(
        "Belum mulai", valid_from=now + timedelta(days=1), valid_until=now + timedelta(days=5)
    )
    section = home_section(client.get("/"))
    shown = re.findall(r'class="home-announcements__title" href="[^"]+">([^<]+)</a>', section)
    assert shown == [pinned.title, *[item.title for item in recent[:4]]]
    assert "Penting" in section
    assert '<a class="more-link" href="/pengumuman/">Semua pengumuman' in section


def test_home_has_no_section_without_valid_announcements(client, article):
    make_announcement(
        "Sudah lewat",
        valid_from=timezone.now() - timedelta(days=9),
        valid_until=timezone.now() - timedelta(minutes=1),
    )
    assert home_section(client.get("/")) == ""


def test_an_announcement_leaves_home_at_its_end_and_stays_in_the_archive_marked_ended(client):
    """With no save and no job: the home page's kept list belongs to a cache
    generation that ends with the validity (page cache off here; on, in test_page_cache.py)."""
    closing = make_announcement(
        "Pendaftaran segera ditutup", valid_until=timezone.now() + timedelta(seconds=1)
    )
    assert closing.title in home_section(client.get("/"))
    assert closing.title in home_section(client.get("/"))  # the kept list, same generation
    time.sleep(max(0, (closing.valid_until - timezone.now()).total_seconds()) + 0.1)

    assert closing.title not in home_section(client.get("/"))
    archive = client.get("/pengumuman/")
    assertContains(archive, closing.title)
    assertContains(archive, "Sudah berakhir")
    assertContains(client.get(closing.get_absolute_url()), "Sudah berakhir")


def test_the_header_menu_links_the_announcements_and_the_documents(client, article):
    menu = re.search(r'<nav class="site-nav".*?</nav>', client.get("/").text, re.S).group(0)
    assert '<a class="site-nav__link" href="/pengumuman/">Pengumuman</a>' in menu
    assert '<a class="site-nav__link" href="/dokumen/">Dokumen</a>' in menu


# --- Feeds and the sitemap -------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "content_type"),
    [
        ("/pengumuman/feed/", "application/rss+xml"),
        ("/pengumuman/feed/atom/", "application/atom+xml"),
    ],
)
def test_feeds_list_published_announcements_newest_first(client, settings, url, content_type):
    settings.SITE_URL = "https://kpu.example.go.id"
    now = timezone.now()
    older = make_announcement("Pengumuman lama", published_at=now - timedelta(days=2))
    newer = make_announcement("Pengumuman baru", published_at=now - timedelta(hours=1))
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith(content_type)
    text = response.text
    assert text.index(newer.title) < text.index(older.title)
    assert f"https://kpu.example.go.id{newer.get_absolute_url()}" in text
    assert f"pengumuman/{newer.pk}" in text  # the tag URI id
    # A reader polling an unchanged feed gets 304.
    etag = response["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == HTTPStatus.NOT_MODIFIED


@pytest.mark.parametrize("url", ["/pengumuman/feed/", "/pengumuman/feed/atom/"])
def test_feedparser_reads_the_feeds_without_complaint(client, announcement, url):
    parsed = feedparser.parse(client.get(url).content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title == "Pengumuman KPU Kabupaten Trenggalek"
    [entry] = parsed.entries
    assert entry.title == announcement.title
    assert "Berlaku sampai" in entry.summary


def test_the_list_advertises_its_feeds(client, announcement):
    page = client.get("/pengumuman/")
    assertContains(page, 'type="application/rss+xml" href="/pengumuman/feed/"')
    assertContains(page, 'type="application/atom+xml" href="/pengumuman/feed/atom/"')


def test_sitemap_lists_published_announcements_ended_ones_too(client, settings, announcement):
    settings.SITE_URL = "https://kpu.example.go.id"
    ended = make_announcement(
        "Hasil seleksi PPK",
        valid_from=timezone.now() - timedelta(days=10),
        valid_until=timezone.now() - timedelta(days=1),
    )
    make_announcement("Draf saja", status=Announcement.Status.DRAFT)
    listed = sitemap_locations(client)
    assert f"https://kpu.example.go.id{announcement.get_absolute_url()}" in listed
    assert f"https://kpu.example.go.id{ended.get_absolute_url()}" in listed
    assert not any("draf-saja" in loc for loc in listed)


# --- Escaping -------------------------------------------------------------------


def test_markup_in_a_title_or_summary_is_shown_as_text_everywhere(client):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    item = make_announcement(attack, slug="serangan", summary=attack)
    for url in ("/", "/pengumuman/", item.get_absolute_url()):
        text = client.get(url).text
        assert "<script>alert" not in text, url
        assert "<img src=x" not in text, url
        assert "&lt;script&gt;alert(" in text, url
    for url in ("/pengumuman/feed/", "/pengumuman/feed/atom/"):
        text = client.get(url).text
        assert "<script>alert" not in text, url
        assert "<img src=x" not in text, url


def test_a_script_in_the_body_is_removed_on_save(client):
    item = make_announcement("Isi berbahaya", body="<p>Aman</p><script>alert(1)</script>")
    item.refresh_from_db()
    assert "<script>" not in item.body
    assert "<script>alert(1)" not in client.get(item.get_absolute_url()).text


# --- Queries ----------------------------------------------------------------------


@pytest.mark.parametrize("count", [3, 30])
def test_list_and_detail_query_counts_do_not_grow(client, django_assert_max_num_queries, count):
    for number in range(count):
        make_announcement(f"Pengumuman nomor {number}")
    detail = Announcement.objects.first().get_absolute_url()
    # The list: its count and its page; what every page draws (the menu's
    # divisions and pages, the office's settings) is read once per generation.
    with django_assert_max_num_queries(5):
        assert client.get("/pengumuman/").status_code == HTTPStatus.OK
    with django_assert_max_num_queries(2):
        assert client.get("/pengumuman/").status_code == HTTPStatus.OK
    # The page: the announcement with its division, and its public documents.
    with django_assert_max_num_queries(2):
        assert client.get(detail).status_code == HTTPStatus.OK
    with django_assert_max_num_queries(2):
        assert client.get("/pengumuman/feed/").status_code == HTTPStatus.OK


def test_the_home_sections_list_is_one_query_per_generation(client, django_assert_max_num_queries):
    for number in range(8):
        make_announcement(f"Pengumuman nomor {number}")
    client.get("/")
    # The home page's own statement alone: the announcements are kept.
    with django_assert_max_num_queries(1):
        assert "Pengumuman nomor 7" in client.get("/").text
