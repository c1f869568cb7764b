"""Restoring a revision is one explicit action from the history: checked like an
edit, kept as one new revision, audited as a restore, and it never publishes."""

from http import HTTPStatus

import pytest
from django.utils.text import capfirst
from pytest_django.asserts import assertContains
from reversion.models import Version

from accounts.models import AuditEvent
from publishing.models import Status
from tests.clients import login
from tests.publishing.content_types import content_types

pytestmark = pytest.mark.django_db


@pytest.fixture(params=list(content_types()))
def kind(request):
    return content_types()[request.param]


def save(client, kind, item, **changes):
    data = {**kind.form_data(item, **changes), "version": item.version}
    response = client.post(kind.change_url(item), data)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    item.refresh_from_db()


def summaries(item):
    return [v.revision.get_comment() for v in Version.objects.get_for_object(item)]


@pytest.fixture
def edited(kind, writer):
    """The writer's draft saved twice: "Rapat pleno" then "Rapat pleno diundur"."""
    item = kind.make(writer, Status.DRAFT, title="Rapat pleno")
    save(login(writer), kind, item, title="Rapat pleno")
    save(login(writer), kind, item, title="Rapat pleno diundur")
    return item


def restore_url(kind, item, version):
    return f"{kind.admin_url}{item.pk}/history/{version.pk}/"


def test_history_has_a_restore_button_posting_the_version(kind, edited, writer):
    response = login(writer).get(f"{kind.admin_url}{edited.pk}/history/")
    oldest = Version.objects.get_for_object(edited).last()
    assertContains(response, f'<form id="restore-{oldest.revision_id}" method="post"')
    assertContains(response, f'<input type="hidden" name="version" value="{edited.version}">')
    assertContains(response, "Pulihkan revisi ini")


def test_restore_is_one_revision_and_one_audit_event(kind, edited, writer):
    oldest = Version.objects.get_for_object(edited).last()
    client = login(writer)
    response = client.post(restore_url(kind, edited, oldest), {"version": edited.version})
    assert response["Location"] == f"{kind.admin_url}{edited.pk}/history/"
    edited.refresh_from_db()
    assert (edited.title, edited.status) == ("Rapat pleno", Status.DRAFT)
    newest = summaries(edited)
    assert len(newest) == 3 and newest[0].startswith("Dipulihkan dari revisi ")
    assert list(AuditEvent.objects.values_list("action", "actor")) == [
        (AuditEvent.Action.RESTORE, writer.pk)
    ]
    # The next save is an ordinary one, with an ordinary summary.
    save(client, kind, edited, title="Rapat pleno ditunda")
    title = kind.model._meta.get_field("title").verbose_name
    assert summaries(edited)[0] == f"{capfirst(title)} diubah"  # "Judul diubah"


def test_restoring_a_published_revision_never_publishes(kind, writer, editor):
    item = kind.make(writer, Status.DRAFT, title="Rapat pleno")
    save(login(editor), kind, item, _publish="1")
    save(login(editor), kind, item, title="Rapat pleno ralat", status="draft")
    published = Version.objects.get_for_object(item)[1]
    assert published.field_dict["status"] == Status.PUBLISHED
    before = AuditEvent.objects.count()
    login(editor).post(restore_url(kind, item, published), {"version": item.version})
    item.refresh_from_db()
    assert (item.title, item.status) == ("Rapat pleno", Status.DRAFT)
    events = AuditEvent.objects.order_by("pk").values_list("action", flat=True)[before:]
    assert list(events) == [AuditEvent.Action.RESTORE]


def test_restore_after_someone_elses_save_is_refused(kind, edited, writer, editor):
    oldest = Version.objects.get_for_object(edited).last()
    seen = edited.version
    save(login(editor), kind, edited, title="Rapat pleno diundur sepekan")
    response = login(writer).post(restore_url(kind, edited, oldest), {"version": seen}, follow=True)
    assertContains(response, "Belum ada yang dilakukan")
    edited.refresh_from_db()
    assert edited.title == "Rapat pleno diundur sepekan"
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.RESTORE).exists()


def test_the_old_address_shows_what_restoring_would_change(kind, edited, writer):
    oldest = Version.objects.get_for_object(edited).last()
    response = login(writer).get(restore_url(kind, edited, oldest))
    assertContains(response, "<del> diundur</del>", html=True)
    assertContains(response, 'value="Pulihkan revisi ini"')
    edited.refresh_from_db()
    assert edited.title == "Rapat pleno diundur" and len(summaries(edited)) == 2


def test_restore_follows_the_rules_of_editing(kind, edited, other_writer, writer, editor):
    oldest = Version.objects.get_for_object(edited).last()
    url = restore_url(kind, edited, oldest)
    data = {"version": edited.version}
    assert login(other_writer).post(url, data).status_code == HTTPStatus.NOT_FOUND
    save(login(editor), kind, edited, _publish="1")
    assert login(writer).post(url, {"version": edited.version}).status_code == (
        HTTPStatus.FORBIDDEN
    )
    edited.refresh_from_db()
    assert edited.title == "Rapat pleno diundur"
