"""The admin in good Indonesian: staff read no slips of the libraries' catalogues, no
English labels, no library names as headings, and every date as the public site writes it.

Django's, django-axes' and the others' Indonesian is corrected in the site's own
catalogue (kpu_site/library_messages.py says why it lists them); dates come from
kpu_site/formats/id/formats.py; the audit record's details are written for people
by accounts/admin.py. The view counts on the public pages say what they count.
"""

import contextlib
import re
from datetime import datetime, timedelta
from html.parser import HTMLParser
from http import HTTPStatus
from zoneinfo import ZoneInfo

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin as django_admin
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from pytest_django.asserts import assertContains, assertNotContains

from accounts import audit
from accounts.admin import readable_detail
from accounts.models import AuditEvent
from kpu_site.formatting import clock_time, long_date
from news.models import DailyViews
from tests.clients import login
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")

# What the libraries' own Indonesian (or the lack of it) showed staff (regular
# expressions, case-sensitive).
SLIPS = [
    "nama pengguna nama pengguna",  # the login error
    "utentidikasi",  # "Autentidikasi berdasarkan-sandi"
    "utentifikasi",
    "atau sedikit",  # "150 karakter atau sedikit"
    "dibawah",
    r"\b[Rr]ubah\b",
    "merubah",
    "Kapanpun",
    "Ubah riwayat:",  # "change the history", for "Change history: …"
    "Diadakan",
    "Ditiadakan",
    "Sandi anda",
    "penghapusanobjek",
    "Navigasi pencarian barang",
    "untuk melihat",  # "Pilih catatan audit untuk melihat"
    "accounts.user",
    "news.article",
    # django-axes' lists, in English
    "Attempt Time",
    "Attempt Remaining",
    "Failed Logins",
    "Locked Out",
    "Logout Time",
    "User Agent",
    "Meta Data",
    "Access lock out",
    "Clean up expired attempts",
    "Attempted Access",
    "Access Log for",
    "Failed access",
    # django-reversion's recover page
    "Choose a date from the list",
    "There are no deleted objects",
]


class VisibleText(HTMLParser):
    """The text a person reads on a page, and the titles and labels read out to them."""

    def __init__(self):
        super().__init__()
        self.parts = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style", "template")
        for name, value in attrs:
            if name in ("title", "aria-label", "placeholder") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style", "template")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(response):
    parser = VisibleText()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.parts).split())


def admin_date(value):
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


@pytest.fixture
def newsroom(admin, writer):
    """Something in every list an admin page shows: articles, tags, the audit record, logins."""
    article = ArticleFactory(
        tags=["pemilu 2024"], published_at=datetime(2022, 5, 31, 14, 30, tzinfo=JAKARTA)
    )
    audit.record(admin, AuditEvent.Action.PUBLISH, article, article.published_at.isoformat())
    audit.record(admin, AuditEvent.Action.CREATE_USER, writer, "Penulis")
    fields = {"username": "tamu", "ip_address": "10.0.0.7", "user_agent": "Firefox"}
    AccessAttempt.objects.create(
        **fields, failures_since_start=3, get_data="", post_data="", http_accept="*/*",
        path_info="/admin/login/",
    )  # fmt: skip
    AccessLog.objects.create(**fields, http_accept="*/*", path_info="/admin/login/")
    AccessFailureLog.objects.create(
        **fields, http_accept="*/*", path_info="/admin/login/", locked_out=True
    )
    return article


def admin_pages(user):
    """The text of every page of every list the user may see: the list (and each of its
    filters), its add form, an item's change form and history, the recover page."""
    client = login(user)
    request = RequestFactory().get("/")
    request.user = user
    lists, pages = set(), {reverse("admin:index"), reverse("admin:password_change")}
    for model, model_admin in django_admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        lists.add(reverse(f"{prefix}_changelist"))
        pages.add(reverse("admin:app_list", args=[model._meta.app_label]))
        pages.add(reverse(f"{prefix}_add"))
        first = model_admin.get_queryset(request).first()
        if first is not None:
            pages.add(reverse(f"{prefix}_change", args=[first.pk]))
            pages.add(reverse(f"{prefix}_history", args=[first.pk]))
        with contextlib.suppress(NoReverseMatch):  # only models under django-reversion
            pages.add(reverse(f"{prefix}_recover_list"))
    for url in lists:
        listing = client.get(url)
        if listing.status_code == HTTPStatus.OK:
            filters = re.findall(r'<li[^>]*>\s*<a href="(\?[^"#]*)"', listing.content.decode())
            pages.update(url + query.replace("&amp;", "&") for query in filters)
            pages.add(url)
    seen = {}
    for url in sorted(pages):
        response = client.get(url)
        if response.status_code == HTTPStatus.OK:  # else not this role's page
            seen[url] = visible_text(response)
    return seen


@pytest.mark.parametrize("role", ["writer", "editor", "administrator", "admin"])
def test_no_page_of_the_admin_shows_a_known_slip(request, newsroom, role):
    pages = admin_pages(request.getfixturevalue(role))
    assert {"/admin/", "/admin/password_change/", "/admin/news/article/add/"} <= set(pages)
    if role in ("administrator", "admin"):
        assert {"/admin/accounts/user/add/", "/admin/axes/accessattempt/"} <= set(pages)
    found = {(url, slip) for url, text in pages.items() for slip in SLIPS if re.search(slip, text)}
    assert sorted(found) == []


def test_the_login_error_says_it_once_and_clearly(client, writer):
    response = client.post(reverse("admin:login"), {"username": "writer", "password": "salah"})
    text = visible_text(response)
    assert (
        "Masukkan nama pengguna dan sandi yang benar untuk akun staf. "
        "Huruf besar dan kecil dibedakan."
    ) in text
    # What was typed stays in the form.
    assertContains(response, 'value="writer"')


def test_logging_out_says_so_plainly(editor):
    text = visible_text(login(editor).post(reverse("admin:logout")))
    assert "Anda telah keluar. Terima kasih. Masuk kembali" in text
    assert "waktu berkualitas" not in text  # Django's "quality time with the web site"


def test_the_user_form_explains_itself_in_plain_indonesian(administrator, writer):
    client = login(administrator)
    change = visible_text(client.get(reverse("admin:accounts_user_change", args=[writer.pk])))
    assert "Wajib. Paling banyak 150 karakter: huruf, angka, dan @/./+/-/_ saja." in change
    assert "Hanya pengguna aktif yang dapat masuk." in change
    add = visible_text(client.get(reverse("admin:accounts_user_add")))
    assert "Masuk dengan sandi" in add
    assert "Sandi Anda tidak boleh hanya berisi angka." in add
    assert "Setelah pengguna dibuat, Anda dapat mengubah data lainnya." in add


def test_the_admin_index_heads_each_part_by_what_it_holds(admin, newsroom):
    response = login(admin).get(reverse("admin:index"))
    headings = re.findall(r"<caption>\s*<a[^>]*>([^<]+)</a>", response.content.decode())
    assert {"Berita", "Pengguna", "Tag", "Keamanan masuk"} <= set(headings)
    assert not {"Taggit", "Axes", "Reversion"} & set(headings)
    assert "<title>Ruang redaksi | Ruang redaksi</title>" not in response.content.decode()
    app = login(admin).get(reverse("admin:app_list", args=["axes"]))
    assertContains(app, "<title>Keamanan masuk | Ruang redaksi</title>", html=True)


def test_the_lockout_lists_speak_indonesian(administrator, newsroom):
    text = visible_text(login(administrator).get(reverse("admin:axes_accessattempt_changelist")))
    for label in ("Waktu percobaan", "Alamat IP", "Gagal masuk", "2 kesempatan tersisa"):
        assert label in text
    assert "Berdasarkan Terkunci" in text
    text = visible_text(login(administrator).get(reverse("admin:axes_accesslog_changelist")))
    assert "Waktu keluar" in text and "Riwayat masuk" in text


def test_a_login_record_is_named_in_indonesian(administrator, newsroom):
    attempt = AccessAttempt.objects.get()
    page = login(administrator).get(reverse("admin:axes_accessattempt_change", args=[attempt.pk]))
    when = admin_date(attempt.attempt_time)
    assertContains(page, f"<h2>Gagal masuk sebagai “tamu” dari 10.0.0.7, terakhir {when}</h2>")
    failure = AccessFailureLog.objects.get()
    assert str(failure) == (
        f"Gagal masuk sebagai “tamu” dari 10.0.0.7, {admin_date(failure.attempt_time)}, terkunci"
    )


def test_the_audit_record_reads_in_jakarta_time(administrator, newsroom):
    response = login(administrator).get(reverse("admin:accounts_auditevent_changelist"))
    text = visible_text(response)
    # The publication time in the detail: stored in UTC, shown as readers see it.
    assert "Selasa, 31 Mei 2022 · 14.30 WIB" in text
    assert "+00:00" not in text and "07:30:00" not in text
    event = AuditEvent.objects.filter(action=AuditEvent.Action.PUBLISH).get()
    assert admin_date(event.created_at) in text
    assert admin_date(event.created_at).endswith(" WIB")
    # Targets by their kind, in the column and the filter.
    assert "Berdasarkan jenis sasaran Semua Berita Pengguna" in text

    detail = login(administrator).get(reverse("admin:accounts_auditevent_change", args=[event.pk]))
    assertContains(detail, "Selasa, 31 Mei 2022 · 14.30 WIB")
    assertContains(detail, "Berita")
    assertNotContains(detail, event.detail)


def test_the_audit_filter_by_kind_still_filters(administrator, newsroom):
    response = login(administrator).get(
        reverse("admin:accounts_auditevent_changelist"), {"target_type": "news.article"}
    )
    assert [event.action for event in response.context["cl"].result_list] == ["publish"]


@pytest.mark.parametrize(
    ("detail", "shown"),
    [
        ("2022-05-31T07:30:00+00:00", "Selasa, 31 Mei 2022 · 14.30 WIB"),
        ("2022-05-31T07:30:00.123456+00:00", "Selasa, 31 Mei 2022 · 14.30 WIB"),
        ("2022-05-31T07:30:00Z", "Selasa, 31 Mei 2022 · 14.30 WIB"),
        ("2022-05-31T16:30:00+09:00", "Selasa, 31 Mei 2022 · 14.30 WIB"),
        # A row written without its zone was written in the site's.
        ("2022-05-31T14:30:00", "Selasa, 31 Mei 2022 · 14.30 WIB"),
        ("dijadwalkan 2022-05-31T07:30+00:00", "dijadwalkan Selasa, 31 Mei 2022 · 14.30 WIB"),
        ("Penulis → Redaktur", "Penulis → Redaktur"),
        ("bukan superuser", "bukan superuser"),
        ("2022-13-45T99:99:00+00:00", "2022-13-45T99:99:00+00:00"),
        ("", ""),
    ],
)
def test_audit_details_are_written_for_people(detail, shown):
    assert readable_detail(detail) == shown


def test_the_admin_writes_dates_as_the_public_site_does(editor):
    when = datetime(2022, 5, 31, 14, 30, tzinfo=JAKARTA)
    assert admin_date(when) == f"{long_date(when)} · {clock_time(when)}"
    ArticleFactory(title="Pleno DPT", published_at=when)
    text = visible_text(login(editor).get(reverse("admin:news_article_changelist")))
    assert "Selasa, 31 Mei 2022 · 14.30 WIB" in text
    assert "31 Mei 2022, 14.30" not in text  # Django's own "j N Y, G.i"


def test_staff_in_another_zone_read_that_zone(editor, settings):
    settings.TIME_ZONE = "Asia/Makassar"
    ArticleFactory(published_at=datetime(2022, 5, 31, 14, 30, tzinfo=JAKARTA))
    text = visible_text(login(editor).get(reverse("admin:news_article_changelist")))
    assert "Selasa, 31 Mei 2022 · 15.30 WITA" in text


@pytest.mark.parametrize("url_name", ["admin:index", "admin:login", "admin:password_change"])
def test_every_admin_page_has_the_site_icon_and_stylesheet(editor, url_name):
    client = login(editor) if url_name != "admin:login" else Client()
    response = client.get(reverse(url_name))
    assertContains(
        response, '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">'
    )
    assertContains(response, '<link rel="stylesheet" href="/static/css/admin-site.css">')
    # The site's name is still the admin's heading.
    assertContains(response, '<div id="site-name"><a href="/admin/">KPU Kabupaten Trenggalek</a>')


def test_the_change_form_has_the_site_icon_too(editor):
    article = ArticleFactory()
    response = login(editor).get(reverse("admin:news_article_change", args=[article.pk]))
    assertContains(response, 'href="/static/img/favicon.svg"', count=1)


# --- The view figures on the public pages ------------------------------------


def test_the_most_read_box_says_it_counts_the_last_seven_days(client):
    article = ArticleFactory(title="Ramai dibaca", view_count=9000)
    DailyViews.objects.create(article=article, date=timezone.localdate(), views=1234)
    DailyViews.objects.create(
        article=article, date=timezone.localdate() - timedelta(days=30), views=5000
    )
    response = client.get("/")
    assertContains(response, "1.234 kali dibaca dalam 7 hari terakhir")
    assertNotContains(response, "9.000")


def test_the_article_page_says_its_count_is_since_publication(client):
    article = ArticleFactory(view_count=1234)
    DailyViews.objects.create(article=article, date=timezone.localdate(), views=20)
    response = client.get(article.get_absolute_url())
    assertContains(response, 'title="Jumlah kunjungan sejak terbit"')
    assert "Dilihat 1.234 kali sejak terbit" in visible_text(response)


def test_the_date_picker_and_action_hints_match_the_rest(editor):
    """The admin's scripts have their own catalogue (djangojs), corrected the same way."""
    script = login(editor).get(reverse("admin:jsi18n")).content.decode()
    assert '"Friday": "Jumat"' in script
    assert '"6 p.m.": "18.00"' in script
    assert "tombol Jalankan, bukan tombol Simpan" in script
    assert "Jum'at" not in script
