"""What each save says it did: the message after it, and its line in the history,
which names only what really changed, the state included."""

from datetime import datetime, timedelta
from http import HTTPStatus
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone
from reversion.models import Version

from news.models import Article
from publishing.models import Status
from tests.admin_forms import article_form_data, change_url
from tests.clients import login
from tests.factories import ArticleFactory
from tests.notices.models import Notice
from tests.publishing.content_types import NoticeType

pytestmark = pytest.mark.django_db

ARTICLES = "/admin/news/article/"
TUESDAY_MORNING = datetime(2030, 12, 3, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
SCHEDULE = {"published_at_0": "03/12/2030", "published_at_1": "09:00:00"}


def draft(writer, **fields):
    return ArticleFactory(status=Status.DRAFT, published_at=None, created_by=writer, **fields)


def post(client, article, **changes):
    """Save the article's form with `changes`: the message shown after it, and
    the summary of the revision it kept."""
    response = client.post(change_url(article), article_form_data(article, **changes))
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    article.refresh_from_db()
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    return messages, Version.objects.get_for_object(article).first().revision.get_comment()


def test_submitting_for_review_changes_only_the_status(writer):
    article = draft(writer)
    saved = post(login(writer), article, _submit_review="1")
    assert saved == (["Berita dikirim untuk ditinjau"], "Dikirim untuk ditinjau")
    assert article.status == Status.REVIEW


def test_saving_what_was_typed_back_unchanged_claims_no_change(writer):
    # The editor sends the body back as it typed it; stored, it is the same text.
    article = draft(writer, body="<p>Rapat pleno berlangsung tertib.</p>")
    saved = post(login(writer), article, body="<p>Rapat pleno berlangsung tertib.</p>\n")
    assert saved == (["Draf disimpan"], "Disimpan tanpa perubahan")


def test_text_changed_and_published_in_one_save(writer, editor):
    article = draft(writer)
    saved = post(
        login(editor),
        article,
        title="Rapat pleno terbuka",
        body="<p>Rapat dihadiri saksi partai.</p>",
        _publish="1",
    )
    assert saved == (["Berita diterbitkan"], "Judul dan isi berita diubah; diterbitkan")
    assert article.is_published()


def test_a_schedule_says_when(writer, editor):
    article = draft(writer)
    saved = post(login(editor), article, status="published", **SCHEDULE)
    when = "Selasa, 3 Desember 2030 · 09.00 WIB"
    assert saved == ([f"Berita dijadwalkan untuk {when}"], f"Dijadwalkan untuk {when}")
    assert article.is_scheduled()

    saved = post(login(editor), article, status="published", lead="Diundur.", **SCHEDULE)
    assert saved == (
        [f"Perubahan disimpan; berita tetap dijadwalkan untuk {when}"],
        "Ringkasan diubah",
    )


def test_an_edit_of_a_published_article_keeps_it_published(editor):
    article = ArticleFactory()
    local = timezone.localtime(article.published_at)
    time = {"published_at_0": f"{local:%d/%m/%Y}", "published_at_1": f"{local:%H:%M:%S.%f}"}
    saved = post(login(editor), article, title="Rapat pleno diralat", **time)
    assert saved == (["Perubahan disimpan; berita tetap terbit"], "Judul diubah")


def test_unpublishing_in_the_form(editor):
    article = ArticleFactory()
    saved = post(login(editor), article, status="draft")
    assert saved == (
        ["Berita ditarik dari situs dan kembali menjadi draf"],
        "Ditarik dari situs dan kembali menjadi draf",
    )


def test_a_writer_takes_their_article_back_from_review(writer):
    article = draft(writer)
    Article.objects.filter(pk=article.pk).update(status=Status.REVIEW)
    article.refresh_from_db()
    saved = post(login(writer), article, status="draft")
    assert saved[0] == ["Berita ditarik dari tinjauan dan kembali menjadi draf"]


def test_adding_says_what_was_added(editor):
    response = login(editor).post(
        "/admin/notices/notice/add/",
        {"title": "Jadwal pleno", "text": "<p>Pleno.</p>", "status": "review", **SCHEDULE},
    )
    assert response.status_code == HTTPStatus.FOUND
    notice = Notice.objects.get()
    assert Version.objects.get_for_object(notice).get().revision.get_comment() == (
        "Ditambahkan; dikirim untuk ditinjau"
    )
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Notice dikirim untuk ditinjau"
    ]


def test_bulk_actions_say_what_they_did(writer, editor):
    now, later = draft(writer), draft(writer)
    Article.objects.filter(pk=later.pk).update(published_at=TUESDAY_MORNING)
    client = login(editor)
    response = client.post(
        ARTICLES, {"action": "publish_selected", "_selected_action": [now.pk, later.pk]}
    )
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "1 berita diterbitkan",
        "1 berita dijadwalkan terbit pada waktunya",
    ]
    comment = Version.objects.get_for_object(now).first().revision.get_comment()
    assert comment == "Diterbitkan atau dijadwalkan dari daftar."

    response = login(editor).post(
        ARTICLES, {"action": "unpublish_selected", "_selected_action": [now.pk, later.pk]}
    )
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "2 berita ditarik dari situs dan kembali menjadi draf"
    ]


def test_every_type_has_its_own_name_in_the_messages(editor):
    notice = NoticeType(Notice, has_preview=False).make(editor, Status.DRAFT)
    response = login(editor).post(
        f"/admin/notices/notice/{notice.pk}/change/",
        {"title": notice.title, "text": notice.text, "status": "draft", "_publish": "1"},
    )
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Notice diterbitkan"]
    assert timezone.now() - Notice.objects.get().published_at < timedelta(minutes=1)
