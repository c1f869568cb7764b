"""An editor sends an item in review back to its writer with a note; the writer
reads it at the top of the item's form."""

from http import HTTPStatus

import pytest
from pytest_django.asserts import assertContains, assertNotContains
from reversion.models import Version

from accounts.models import AuditEvent
from kpu_site.formatting import date_and_time
from publishing.models import ReviewNote, Status
from tests.clients import login
from tests.publishing.content_types import content_types

pytestmark = pytest.mark.django_db

NOTE = "Foto kedua belum ada keterangannya.\nSebutkan juga <b>jam</b> pleno."


@pytest.fixture(params=list(content_types()))
def kind(request):
    return content_types()[request.param]


@pytest.fixture
def waiting(kind, writer):
    return kind.make(writer, Status.REVIEW, title="Pleno rekapitulasi")


def send_back_url(kind, item):
    return f"{kind.admin_url}{item.pk}/send-back/"


def test_editor_sends_back_with_a_note(kind, waiting, editor, writer):
    client = login(editor)
    assertContains(client.get(kind.change_url(waiting)), send_back_url(kind, waiting))
    response = client.post(send_back_url(kind, waiting), {"note": NOTE, "version": 1})
    assert response["Location"] == f"{kind.admin_url}?status=tinjauan"

    waiting.refresh_from_db()
    assert (waiting.status, waiting.version, waiting.updated_by) == (Status.DRAFT, 2, editor)
    note = ReviewNote.objects.about(waiting).get()
    assert (note.kind, note.text, note.author) == (ReviewNote.Kind.SENT_BACK, NOTE, editor)
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.target_id) == (
        AuditEvent.Action.SEND_BACK,
        editor,
        str(waiting.pk),
    )
    revision = Version.objects.get_for_object(waiting).get().revision
    assert (revision.get_comment(), revision.user) == ("Dikembalikan ke penulis", editor)

    # The writer reads it at the top of the form, as text.
    form = login(writer).get(kind.change_url(waiting))
    assertContains(form, "Catatan dari redaktur")
    assertContains(form, "Foto kedua belum ada keterangannya.<br>Sebutkan juga &lt;b&gt;jam")
    assertNotContains(form, "<b>jam</b>")
    assertContains(form, "Status: <strong>Draf</strong>")


def test_notes_are_listed_latest_first_with_who_and_when(kind, waiting, editor, writer):
    editor.first_name = "Budi"
    editor.save()
    login(editor).post(send_back_url(kind, waiting), {"note": "Catatan pertama", "version": 1})
    kind.model.objects.filter(pk=waiting.pk).update(status=Status.REVIEW)
    login(editor).post(send_back_url(kind, waiting), {"note": "Catatan kedua", "version": 2})
    content = " ".join(login(writer).get(kind.change_url(waiting)).content.decode().split())
    assert content.index("Catatan kedua") < content.index("Catatan pertama")
    when = date_and_time(ReviewNote.objects.first().created_at)
    assert content.count(f"<strong>Dikembalikan</strong> oleh Budi, {when}") == 2


def test_a_note_is_required_and_nothing_changes_without_it(kind, waiting, editor):
    response = login(editor).post(send_back_url(kind, waiting), {"note": "  ", "version": 1})
    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Bidang ini tidak boleh kosong")
    waiting.refresh_from_db()
    assert waiting.status == Status.REVIEW
    assert not ReviewNote.objects.exists() and not AuditEvent.objects.exists()


def test_a_note_written_on_an_outdated_page_is_kept_and_refused(kind, waiting, editor):
    waiting.title = "Pleno rekapitulasi (ralat)"
    waiting.version = 2
    waiting.save()
    response = login(editor).post(send_back_url(kind, waiting), {"note": NOTE, "version": 1})
    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Belum ada yang dilakukan")
    assertContains(response, "Foto kedua belum ada keterangannya.")  # still in the box
    waiting.refresh_from_db()
    assert waiting.status == Status.REVIEW and not ReviewNote.objects.exists()


def test_writers_cannot_send_back(kind, waiting, writer, other_writer):
    for user, refused in ((writer, HTTPStatus.FORBIDDEN), (other_writer, HTTPStatus.NOT_FOUND)):
        response = login(user).post(send_back_url(kind, waiting), {"note": NOTE, "version": 1})
        assert response.status_code == refused
    assertNotContains(login(writer).get(kind.change_url(waiting)), send_back_url(kind, waiting))
    waiting.refresh_from_db()
    assert waiting.status == Status.REVIEW and not ReviewNote.objects.exists()


def test_only_an_item_in_review_is_sent_back(kind, writer, editor):
    draft = kind.make(writer, Status.DRAFT)
    response = login(editor).post(send_back_url(kind, draft), {"note": NOTE, "version": 1})
    assert response.status_code == HTTPStatus.FOUND
    assert not ReviewNote.objects.exists() and not AuditEvent.objects.exists()
    assertNotContains(login(editor).get(kind.change_url(draft)), send_back_url(kind, draft))
