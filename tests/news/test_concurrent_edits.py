"""Two staff editing one article: the second save is refused, and nothing is lost."""

import threading
import time
from http import HTTPStatus

import pytest
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from pytest_django.asserts import assertContains
from reversion.models import Version

from news.models import Article
from tests.admin_forms import change_url, open_article_form
from tests.clients import login
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def budi(django_user_model, editor):
    editor.first_name, editor.last_name = "Budi", "Santoso"
    editor.save()
    return editor


@pytest.fixture
def draft(writer):
    return ArticleFactory(
        status=Article.Status.DRAFT, published_at=None, created_by=writer, title="Judul awal"
    )


def test_second_save_is_refused_naming_who_saved_and_when(budi, administrator, draft):
    as_budi, as_other = login(budi), login(administrator)
    budi_form, other_form = open_article_form(as_budi, draft), open_article_form(as_other, draft)

    saved = as_budi.post(change_url(draft), {**budi_form, "title": "Judul dari Budi"})
    assert saved.status_code == HTTPStatus.FOUND

    refused = as_other.post(
        change_url(draft),
        {**other_form, "title": "Judul lain", "body": "<p>Paragraf yang ditulis lama.</p>"},
    )
    assert refused.status_code == HTTPStatus.OK
    draft.refresh_from_db()
    when = timezone.localtime(draft.updated_at)
    weekday = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"][when.weekday()]
    assertContains(
        refused,
        f"Tidak tersimpan: berita ini sudah diubah oleh Budi Santoso pada {weekday}, {when.day} ",
    )
    assertContains(refused, f"{when:%Y %H.%M} WIB saat Anda menyuntingnya")
    # Their input is still in the form, and nothing of it was written.
    form = refused.context["adminform"].form
    assert form["title"].value() == "Judul lain"
    assert form["body"].value() == "<p>Paragraf yang ditulis lama.</p>"
    assert (draft.title, draft.version) == ("Judul dari Budi", 2)
    assert "Paragraf yang ditulis lama" not in draft.body


def test_saving_again_after_the_warning_overwrites_and_keeps_both_texts(budi, administrator, draft):
    as_budi, as_other = login(budi), login(administrator)
    budi_form, other_form = open_article_form(as_budi, draft), open_article_form(as_other, draft)
    as_budi.post(change_url(draft), {**budi_form, "title": "Judul dari Budi"})

    refused = as_other.post(change_url(draft), {**other_form, "title": "Judul lain"})
    # The form now carries the version it was refused against: a deliberate second save.
    resubmitted = {**other_form, "title": "Judul lain", "version": 2}
    assert refused.context["adminform"].form["version"].value() == 2
    assert as_other.post(change_url(draft), resubmitted).status_code == HTTPStatus.FOUND

    draft.refresh_from_db()
    assert (draft.title, draft.version) == ("Judul lain", 3)
    kept = [v.field_dict["title"] for v in Version.objects.get_for_object(draft)]
    assert kept == ["Judul lain", "Judul dari Budi"]


def test_every_save_raises_the_version_by_one(editor, draft):
    client = login(editor)
    for expected in (2, 3):
        form = open_article_form(client, draft)
        assert client.post(change_url(draft), form).status_code == HTTPStatus.FOUND
        draft.refresh_from_db()
        assert draft.version == expected


def test_publishing_from_the_list_outdates_open_forms(editor, administrator, draft):
    as_other = login(administrator)
    stale = open_article_form(as_other, draft)
    login(editor).post(
        "/admin/news/article/",
        {"action": "publish_selected", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert draft.is_published() and draft.version == 2

    refused = as_other.post(change_url(draft), {**stale, "title": "Judul lain"})
    assertContains(refused, "Tidak tersimpan: berita ini sudah diubah oleh editor pada")
    draft.refresh_from_db()
    assert draft.title == "Judul awal"


def test_the_view_counter_does_not_outdate_open_forms(client, editor):
    article = ArticleFactory()
    as_editor = login(editor)
    form = open_article_form(as_editor, article)
    reader = "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 Chrome/120 Mobile"
    counted = client.post(f"/berita/{article.slug}/dilihat/", HTTP_USER_AGENT=reader)
    assert counted.json()["counted"] is True

    article.refresh_from_db()
    assert (article.view_count, article.version) == (1, 1)
    assert not Version.objects.get_for_object(article).exists()
    assert as_editor.post(change_url(article), form).status_code == HTTPStatus.FOUND


@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_are_serialised_by_the_database(editor, administrator, draft):
    """Both requests pass the check at the same instant: the row lock decides.

    The test holds the article's row locked while both saves start, waits until
    both are queued on that lock, then lets go. A check that merely read the
    version would let both through.
    """
    forms = {user: open_article_form(login(user), draft) for user in (editor, administrator)}
    statuses = {}

    def save(user):
        response = login(user).post(
            change_url(draft), {**forms[user], "title": f"Judul dari {user.username}"}
        )
        statuses[user.username] = response.status_code
        connection.close()

    with transaction.atomic():
        Article.objects.select_for_update().get(pk=draft.pk)
        threads = [threading.Thread(target=save, args=[user]) for user in forms]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 20
        while _waiting_on_locks() < 2:
            assert time.monotonic() < deadline, "the saves never queued on the row lock"
            time.sleep(0.05)
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(statuses.values()) == [HTTPStatus.OK, HTTPStatus.FOUND]
    draft.refresh_from_db()
    winner = next(name for name, status in statuses.items() if status == HTTPStatus.FOUND)
    assert (draft.title, draft.version) == (f"Judul dari {winner}", 2)


@pytest.mark.django_db(transaction=True)
def test_views_counted_while_a_save_waits_are_kept(editor, draft):
    """The save loads the article, then waits on the row while readers are counted."""
    form = open_article_form(login(editor), draft)
    statuses = []

    def save():
        statuses.append(login(editor).post(change_url(draft), form).status_code)
        connection.close()

    with transaction.atomic():
        Article.objects.select_for_update().get(pk=draft.pk)
        thread = threading.Thread(target=save)
        thread.start()
        deadline = time.monotonic() + 20
        while _waiting_on_locks() < 1:
            assert time.monotonic() < deadline, "the save never queued on the row lock"
            time.sleep(0.05)
        # What the counter's UPDATE does, committed before the save goes on.
        Article.objects.filter(pk=draft.pk).update(view_count=F("view_count") + 5)
    thread.join(timeout=30)

    assert statuses == [HTTPStatus.FOUND]
    draft.refresh_from_db()
    assert (draft.view_count, draft.version) == (5, 2)


def _waiting_on_locks():
    with connection.cursor() as cursor:
        # Within a transaction PostgreSQL keeps showing the first snapshot of this view.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]
