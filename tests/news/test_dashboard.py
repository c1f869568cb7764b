"""The admin's start page: what each role finds there (news/dashboard.py)."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from pytest_django.asserts import assertContains, assertNotContains

from accounts import audit
from accounts.models import AuditEvent
from corrections.models import Correction
from news import view_chart
from news.models import Article, DailyViews
from publishing.models import ReviewNote
from tests.clients import login
from tests.factories import ArticleFactory
from tests.notices.models import Notice

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
DRAFT, REVIEW = Article.Status.DRAFT, Article.Status.REVIEW


def start_page(user):
    return login(user).get("/admin/")


def section(response, heading_id):
    """The HTML of one panel of the start page, by its heading's id."""
    html = response.content.decode()
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', html, re.S)
    assert match, f"no panel {heading_id}"
    return match.group(0)


def send_back(item, editor, text):
    return ReviewNote.objects.create(
        item=item, kind=ReviewNote.Kind.SENT_BACK, text=text, author=editor
    )


# --- Editors ----------------------------------------------------------------------


def test_editor_sees_every_type_waiting_for_review_with_writer_and_latest_note(
    editor, writer, other_writer
):
    article = ArticleFactory(
        title="Jadwal rapat pleno", status=REVIEW, published_at=None, created_by=writer
    )
    audit.record(writer, AuditEvent.Action.SUBMIT, article)
    send_back(article, editor, "Judul terlalu panjang.")
    send_back(article, editor, "Tolong cantumkan sumber data.")
    Notice.objects.create(
        title="Pengumuman seleksi PPK", text="<p>Teks</p>", status=REVIEW, created_by=other_writer
    )
    ArticleFactory(title="Masih draf", status=DRAFT, published_at=None)

    queue = section(start_page(editor), "newsroom-review")

    assert "Jadwal rapat pleno" in queue
    assert "Pengumuman seleksi PPK" in queue
    assert "Masih draf" not in queue
    assert str(writer) in queue and str(other_writer) in queue
    # Only the latest note, with who wrote it.
    assert "Tolong cantumkan sumber data." in queue
    assert "Judul terlalu panjang." not in queue
    assert f"oleh {editor}" in queue
    sent = timezone.localtime(AuditEvent.objects.get().created_at)
    assert f"{sent:%H.%M} WIB" in queue
    assert f'href="/admin/news/article/{article.pk}/change/"' in queue
    assert "1 berita menunggu tinjauan" in queue
    assert 'href="/admin/news/article/?status=tinjauan"' in queue
    assert 'href="/admin/notices/notice/?status=tinjauan"' in queue


def test_review_queue_shows_ten_and_links_to_all(editor):
    ArticleFactory.create_batch(12, status=REVIEW, published_at=None)
    queue = section(start_page(editor), "newsroom-review")
    assert queue.count("<li>") == 10
    assert "12 berita menunggu tinjauan" in queue


def test_review_queue_lists_the_longest_waiting_first(editor, writer):
    late = ArticleFactory(title="Dikirim kemudian", status=REVIEW, published_at=None)
    early = ArticleFactory(title="Dikirim lebih dulu", status=REVIEW, published_at=None)
    # Sent in the other order than created: the audit record's time counts.
    audit.record(writer, AuditEvent.Action.SUBMIT, early)
    audit.record(writer, AuditEvent.Action.SUBMIT, late)
    queue = section(start_page(editor), "newsroom-review")
    assert queue.index("Dikirim lebih dulu") < queue.index("Dikirim kemudian")


def test_editor_sees_scheduled_items_with_their_time_in_indonesian(editor):
    ArticleFactory(
        title="Pengumuman hasil seleksi",
        published_at=datetime(2099, 12, 1, 9, 0, tzinfo=JAKARTA),
    )
    ArticleFactory(title="Sudah terbit")
    scheduled = section(start_page(editor), "newsroom-scheduled")
    assert "Pengumuman hasil seleksi" in scheduled
    assert "Selasa, 1 Desember 2099 · 09.00 WIB" in scheduled
    assert "Sudah terbit" not in scheduled


def test_empty_queue_says_so(editor):
    assertContains(start_page(editor), "Tidak ada yang menunggu tinjauan.")


def test_editor_sees_pending_corrections(editor, writer):
    article = ArticleFactory(title="Hasil rapat pleno", created_by=writer)
    Correction.propose(article, by=writer, values={"title": "Hasil rapat pleno terbuka"})
    corrections = section(start_page(editor), "newsroom-corrections")
    assert "Hasil rapat pleno" in corrections
    assert str(writer) in corrections
    assert "1 koreksi menunggu tinjauan" in corrections
    assertNotContains(start_page(writer), 'id="newsroom-corrections"')


def test_start_page_works_without_the_corrections_app(editor, monkeypatch):
    from django.apps import apps

    is_installed = apps.is_installed
    monkeypatch.setattr(
        apps, "is_installed", lambda name: name != "corrections" and is_installed(name)
    )
    ArticleFactory(title="Menunggu", status=REVIEW, published_at=None)
    response = start_page(editor)
    assert "Menunggu" in section(response, "newsroom-review")
    assertNotContains(response, 'id="newsroom-corrections"')


# --- Writers ----------------------------------------------------------------------


def test_writer_sees_own_drafts_newest_changed_first_and_nobody_elses(writer, other_writer):
    older = ArticleFactory(title="Draf lama", status=DRAFT, published_at=None, created_by=writer)
    ArticleFactory(title="Draf baru", status=DRAFT, published_at=None, created_by=writer)
    Article.objects.filter(pk=older.pk).update(updated_at=timezone.now() - timedelta(days=2))
    ArticleFactory(title="Draf rekan", status=DRAFT, published_at=None, created_by=other_writer)
    ArticleFactory(
        title="Tinjauan rekan", status=REVIEW, published_at=None, created_by=other_writer
    )

    response = start_page(writer)

    drafts = section(response, "newsroom-drafts")
    assert drafts.index("Draf baru") < drafts.index("Draf lama")
    assertNotContains(response, "Draf rekan")
    assertNotContains(response, "Tinjauan rekan")
    assertNotContains(response, 'id="newsroom-review"')  # the editors' queue


def test_writer_sees_what_was_sent_back_with_the_editors_note(writer, editor):
    article = ArticleFactory(
        title="Sosialisasi di pasar", status=DRAFT, published_at=None, created_by=writer
    )
    audit.record(writer, AuditEvent.Action.SUBMIT, article)
    send_back(article, editor, "Foto sampul belum ada teks alternatifnya.")

    response = start_page(writer)

    sent_back = section(response, "newsroom-sent-back")
    assert "Sosialisasi di pasar" in sent_back
    assert "Foto sampul belum ada teks alternatifnya." in sent_back
    assert "Sosialisasi di pasar" not in section(response, "newsroom-drafts")


def test_a_resubmitted_item_is_no_longer_sent_back(writer, editor):
    article = ArticleFactory(
        title="Dikirim ulang", status=DRAFT, published_at=None, created_by=writer
    )
    send_back(article, editor, "Perbaiki judul.")
    article.submit_for_review()
    article.save()
    audit.record(writer, AuditEvent.Action.SUBMIT, article)

    response = start_page(writer)

    assertNotContains(response, 'id="newsroom-sent-back"')
    assert "Dikirim ulang" in section(response, "newsroom-own-waiting")


def test_writer_sees_own_items_in_review_and_scheduled(writer):
    ArticleFactory(title="Menunggu redaktur", status=REVIEW, published_at=None, created_by=writer)
    ArticleFactory(
        title="Terbit besok",
        published_at=datetime(2099, 12, 1, 9, 0, tzinfo=JAKARTA),
        created_by=writer,
    )
    response = start_page(writer)
    assert "Menunggu redaktur" in section(response, "newsroom-own-waiting")
    own_scheduled = section(response, "newsroom-own-scheduled")
    assert "Terbit besok" in own_scheduled
    assert "Selasa, 1 Desember 2099 · 09.00 WIB" in own_scheduled


# --- The views chart ----------------------------------------------------------------


def views(article, days_ago, count):
    DailyViews.objects.create(
        article=article, date=timezone.localdate() - timedelta(days=days_ago), views=count
    )


def test_editor_chart_is_site_wide_and_writer_chart_their_own(editor, writer):
    own = ArticleFactory(title="Berita saya", created_by=writer)
    other = ArticleFactory(title="Berita rekan")
    views(own, 0, 1200)
    views(other, 0, 34)
    views(other, 40, 99_000)  # older than 30 days

    site = section(start_page(editor), "newsroom-views")
    assert "1.234 kali dilihat dalam 30 hari terakhir" in site
    assert "Berita rekan" in site

    mine = section(start_page(writer), "newsroom-views")
    assert "1.200 kali dilihat dalam 30 hari terakhir" in mine
    assert "Berita saya" in mine
    assert "Berita rekan" not in mine


def test_chart_is_an_svg_with_its_figures_in_a_table(editor):
    views(ArticleFactory(), 1, 7)
    panel = section(start_page(editor), "newsroom-views")
    svg = re.search(r"<svg.*?</svg>", panel, re.S).group(0)
    assert 'viewBox="0 0 360 200"' in svg
    assert svg.count('class="view-chart__bar"') == 30
    # Coordinates with a decimal point: the Indonesian comma would break the drawing.
    assert not re.search(r'(x|y|width|height)="[0-9]+,[0-9]', svg)
    assert "style=" not in panel and "<script" not in panel
    yesterday = timezone.localdate() - timedelta(days=1)
    table = re.search(r"<table>.*?</table>", panel, re.S).group(0)
    assert table.count("<tr>") == 31  # the header and 30 days
    assert f'<time datetime="{yesterday:%Y-%m-%d}">' in table
    assert re.search(rf"{yesterday.day} \w+ {yesterday.year}</time></th>\s*<td>7</td>", table)
    assert "Tanggal" in svg and "Kali dilihat" in svg


def test_daily_views_fills_days_without_views():
    article = ArticleFactory()
    views(article, 0, 5)
    views(article, 2, 3)
    figures = view_chart.daily_views(Article.objects.all(), days=4)
    today = timezone.localdate()
    assert figures == [(today - timedelta(days=n), v) for n, v in ((3, 0), (2, 3), (1, 0), (0, 5))]


def test_the_site_wide_chart_sums_finished_days_once_and_today_each_time(
    django_assert_num_queries,
):
    """Past days' buckets never change (the counter writes today's): an editor's
    chart sums them once a day; today's views show at once."""
    article, other = ArticleFactory(), ArticleFactory()
    views(article, 1, 10)
    views(other, 1, 4)
    views(article, 0, 5)
    today = timezone.localdate()
    assert view_chart.daily_views(Article.objects.all(), days=2, site_wide=True) == [
        (today - timedelta(days=1), 14),
        (today, 5),
    ]

    DailyViews.objects.filter(article=article, date=today).update(views=8)
    with django_assert_num_queries(1):  # today only
        figures = view_chart.daily_views(Article.objects.all(), days=2, site_wide=True)
    assert figures == [(today - timedelta(days=1), 14), (today, 8)]


def test_chart_marks_every_seventh_day_back_from_today_in_indonesian():
    last = date(2026, 12, 3)
    figures = [(last - timedelta(days=n), n) for n in range(29, -1, -1)]
    with translation.override("id"):
        chart = view_chart.draw(figures)
        assert [mark.text for mark in chart.dates] == [
            "5 Nov",
            "12 Nov",
            "19 Nov",
            "26 Nov",
            "3 Des",
        ]
        assert chart.bars[-1].date_label() == "Kamis, 3 Desember 2026"
    # The highest bar (29 views) reaches most of the way up an axis ending at 40.
    assert [tick.label() for tick in chart.ticks] == ["0", "10", "20", "30", "40"]
    assert chart.bars[0].height > chart.bars[-1].height == 0
    assert chart.dates[-1].anchor == "end"  # today's date stays inside the drawing


@pytest.mark.parametrize(
    ("peak", "top", "step"),
    [(0, 4, 1), (3, 4, 1), (7, 8, 2), (1234, 2000, 500), (40, 40, 10), (41, 80, 20)],
)
def test_the_vertical_axis_ends_at_a_round_number(peak, top, step):
    assert view_chart.axis_top(peak) == (top, step)


# --- Other roles, and the cost ---------------------------------------------------------


def test_administrator_without_writing_rights_sees_only_the_app_list(django_user_model):
    from django.contrib.auth.models import Permission

    manager = django_user_model.objects.create_user("manager", password="pw", is_staff=True)
    manager.user_permissions.set(Permission.objects.filter(codename="view_user"))
    ArticleFactory(status=REVIEW, published_at=None)
    response = start_page(manager)
    assertNotContains(response, "newsroom")
    assertContains(response, 'href="/admin/accounts/user/"')


def test_app_list_stays_below_the_newsroom(editor):
    response = start_page(editor)
    html = response.content.decode()
    assert html.index('class="newsroom"') < html.index('href="/admin/news/article/"')


def a_busy_day(n, editor, writer, user):
    """One of everything the start page lists, and 30 days of views."""
    article = ArticleFactory(status=REVIEW, published_at=None, created_by=writer)
    send_back(article, editor, f"Catatan {n}")
    sent_back = ArticleFactory(status=DRAFT, published_at=None, created_by=writer)
    send_back(sent_back, editor, f"Kembali {n}")
    ArticleFactory(status=DRAFT, published_at=None, created_by=user)
    ArticleFactory(published_at=timezone.now() + timedelta(days=n + 1), created_by=writer)
    Notice.objects.create(title=f"Notice {n}", text="<p>x</p>", status=REVIEW, created_by=writer)
    published = ArticleFactory(created_by=writer)
    Correction.propose(published, by=writer, values={"title": f"Judul {n}"})
    DailyViews.objects.bulk_create(
        DailyViews(article=published, date=timezone.localdate() - timedelta(days=d), views=d)
        for d in range(30)
    )


@pytest.mark.parametrize("role", ["editor", "writer"])
def test_start_page_queries_do_not_grow_with_the_content(
    role, request, django_assert_max_num_queries, editor, writer
):
    user = request.getfixturevalue(role)
    client = login(user)
    a_busy_day(0, editor, writer, user)
    client.get("/admin/")  # the session's and permissions' first reads
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/")
    for n in range(1, 15):
        a_busy_day(n, editor, writer, user)
    # The edits started a new cache generation: its first render reads again
    # what is kept per generation (the most-read window's day), as the first did.
    client.get("/admin/")
    # The session (read and saved), the user and their permissions, the admin's
    # recent actions, and the start page's fixed set: per list and type, the
    # notes, the corrections and their items, the chart and the most read.
    # Per type: articles, fixed pages, announcements, documents and the tests'
    # notices (tests/notices/); a writer's start page has one list more.
    with django_assert_max_num_queries(31) as many:
        response = client.get("/admin/")
    assert response.status_code == 200
    # The lists are full (15 of each wait), and cost what they did with one row.
    longest = "newsroom-review" if role == "editor" else "newsroom-sent-back"
    assert section(response, longest).count("<li>") == 10
    assert len(many) == len(few)
