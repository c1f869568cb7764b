from datetime import timedelta
from http import HTTPStatus

import pytest
from django.db import InternalError, transaction
from django.test import Client
from django.utils import timezone

from accounts import audit
from accounts.models import AuditEvent
from news.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def actions():
    return list(AuditEvent.objects.order_by("id").values_list("action", "actor__username"))


def test_publish_schedule_and_unpublish_are_recorded_with_who(editor):
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    article.publish(by=editor, at=timezone.now() + timedelta(days=1))
    article.publish(by=editor, at=timezone.now() - timedelta(minutes=1))
    article.unpublish(by=editor)
    assert actions() == [
        (AuditEvent.Action.SCHEDULE, "editor"),
        (AuditEvent.Action.PUBLISH, "editor"),
        (AuditEvent.Action.UNPUBLISH, "editor"),
    ]
    event = AuditEvent.objects.first()
    assert event.target_type == "news.article" and event.target_id == str(article.pk)
    assert event.target_repr == article.title


def test_edits_that_change_no_public_state_are_not_recorded(editor):
    article = ArticleFactory()
    article.publish(by=editor)  # already published at that time
    assert actions() == []


def test_admin_form_changes_are_recorded(editor, writer):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=writer)
    data = {
        "title": article.title,
        "slug": article.slug,
        "lead": article.lead,
        "body": article.body,
        "division": article.division_id,
        "author": article.author_id,
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
    }
    writer_client, editor_client = Client(), Client()
    writer_client.force_login(writer)
    editor_client.force_login(editor)
    url = f"/admin/news/article/{article.pk}/change/"
    writer_client.post(url, {**data, "_submit_review": "1"})
    editor_client.post(url, {**data, "status": "review", "_publish": "1"})
    assert actions() == [
        (AuditEvent.Action.SUBMIT, "writer"),
        (AuditEvent.Action.PUBLISH, "editor"),
    ]


def test_the_database_refuses_to_change_or_delete_the_record(editor):
    event = audit.record(editor, AuditEvent.Action.PUBLISH, ArticleFactory())
    with pytest.raises(InternalError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(detail="dipalsukan")
    with pytest.raises(InternalError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).detail == ""


def test_administrators_read_the_record_and_nobody_edits_it(administrator, editor, admin):
    event = audit.record(editor, AuditEvent.Action.PUBLISH, ArticleFactory())
    for user, can_read in ((administrator, True), (admin, True), (editor, False)):
        client = Client()
        client.force_login(user)
        listing = client.get("/admin/accounts/auditevent/")
        assert (listing.status_code == HTTPStatus.OK) is can_read
        change = client.post(
            f"/admin/accounts/auditevent/{event.pk}/change/", {"detail": "dipalsukan"}
        )
        # Read-only even for administrators: a POST to the change page is refused.
        assert change.status_code == HTTPStatus.FORBIDDEN
        client.post(f"/admin/accounts/auditevent/{event.pk}/delete/", {"post": "yes"})
        assert client.get("/admin/accounts/auditevent/add/").status_code == HTTPStatus.FORBIDDEN
    event.refresh_from_db()
    assert event.detail == ""
