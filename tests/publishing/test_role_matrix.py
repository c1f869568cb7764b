"""The workflow's role matrix, written once and run over every publishable type:
Article, and Notice, a type declared only in the test suite (tests/notices/).

role × action → allowed or refused, on the server. Refused means a 403 (or the
login page for the anonymous and the deactivated), and the database unchanged.
Every request is a crafted one: the test client POSTs what it likes, whatever
the form showed.
"""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.utils import timezone

from accounts import roles
from accounts.models import AuditEvent
from publishing.models import Publishable, Status, publishable_models
from tests.people import PERSONAS, client_for, make_people
from tests.publishing.content_types import content_types

pytestmark = pytest.mark.django_db


@pytest.fixture(params=list(content_types()))
def kind(request):
    return content_types()[request.param]


@pytest.fixture
def people(django_user_model):
    return make_people(django_user_model)


@pytest.fixture
def items(kind, people):
    """Items by the writer in every state, and a draft by another writer."""
    return {
        "own_draft": kind.make(people["writer"], Status.DRAFT, title="Draf sendiri"),
        "own_review": kind.make(people["writer"], Status.REVIEW, title="Tinjauan sendiri"),
        "own_published": kind.make(
            people["writer"], Status.PUBLISHED, timezone.now(), title="Terbit sendiri"
        ),
        "others_draft": kind.make(people["other_writer"], Status.DRAFT, title="Draf rekan"),
    }


def snapshot(kind):
    return list(
        kind.model.objects.order_by("pk").values_list("pk", "title", "status", "published_at")
    )


def refused(response):
    """403, or sent to the login page (the anonymous and the deactivated)."""
    if response.status_code == HTTPStatus.FOUND:
        return response["Location"].startswith("/admin/login/")
    return response.status_code == HTTPStatus.FORBIDDEN


def test_the_test_type_declared_itself_and_nothing_more():
    from tests.notices.models import Notice

    assert Notice in publishable_models()
    assert {"notices.publish_notice", "notices.edit_all_notice"} <= roles.permissions(roles.EDITOR)
    writer = roles.permissions(roles.WRITER)
    assert "notices.add_notice" in writer and "notices.publish_notice" not in writer


# persona → allowed?  (anonymous, deactivated, writer, editor, administrator)
EDIT_MATRIX = {
    "own_draft": [False, False, True, True, True],
    "own_review": [False, False, True, True, True],
    "own_published": [False, False, False, True, True],
    "others_draft": [False, False, False, True, True],
}


@pytest.mark.parametrize("story", list(EDIT_MATRIX))
@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_edit_which_item(kind, people, items, persona, story):
    item = items[story]
    allowed = EDIT_MATRIX[story][PERSONAS.index(persona)]
    before = snapshot(kind)
    response = client_for(people, persona).post(
        kind.change_url(item), kind.form_data(item, title="Judul diubah")
    )
    if allowed:
        assert response.status_code == HTTPStatus.FOUND, response.content[:500]
        assert kind.model.objects.get(pk=item.pk).title == "Judul diubah"
    else:
        if persona in ("anonymous", "deactivated"):
            assert response.status_code == HTTPStatus.FOUND
            assert response["Location"].startswith("/admin/login/")
        elif story == "others_draft":
            # Not in the writer's queryset: Django says it does not exist.
            assert response.status_code == HTTPStatus.FOUND
            assert response["Location"] == "/admin/"
        else:
            assert response.status_code == HTTPStatus.FORBIDDEN
        assert snapshot(kind) == before


@pytest.mark.parametrize("story", list(EDIT_MATRIX))
@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_delete_which_item(kind, people, items, persona, story):
    item = items[story]
    allowed = EDIT_MATRIX[story][PERSONAS.index(persona)]
    response = client_for(people, persona).post(
        f"{kind.admin_url}{item.pk}/delete/", {"post": "yes"}
    )
    assert kind.model.objects.filter(pk=item.pk).exists() is not allowed, response.status_code


PUBLISH_ATTEMPTS = {
    "status field": {"status": "published"},
    "publish button": {"_publish": "1"},
    "schedule": {"status": "published", "published_at_0": "01/01/2030", "published_at_1": "08:00"},
}


@pytest.mark.parametrize("attempt", list(PUBLISH_ATTEMPTS))
def test_writer_cannot_publish_or_schedule_through_the_form(kind, people, items, attempt):
    item = items["own_draft"]
    before = snapshot(kind)
    response = client_for(people, "writer").post(
        kind.change_url(item), kind.form_data(item, **PUBLISH_ATTEMPTS[attempt])
    )
    after = kind.model.objects.get(pk=item.pk)
    assert not after.is_published() and not after.is_scheduled()
    assert after.published_at is None
    if response.status_code == HTTPStatus.OK:  # the form refused the choice
        assert snapshot(kind) == before
    else:
        assert response.status_code in (HTTPStatus.FORBIDDEN, HTTPStatus.FOUND)


@pytest.mark.parametrize("attempt", list(PUBLISH_ATTEMPTS))
def test_writer_cannot_publish_a_new_item_either(kind, people, attempt):
    template = kind.make(people["writer"], Status.DRAFT, title="Baru sekali")
    kind.model.objects.filter(pk=template.pk).delete()
    client_for(people, "writer").post(
        f"{kind.admin_url}add/", kind.form_data(template, **PUBLISH_ATTEMPTS[attempt])
    )
    for item in kind.model.objects.filter(title="Baru sekali"):
        assert item.status != Status.PUBLISHED


@pytest.mark.parametrize("attempt", list(PUBLISH_ATTEMPTS))
def test_editor_can_publish_and_schedule(kind, people, items, attempt):
    item = items["others_draft"]
    response = client_for(people, "editor").post(
        kind.change_url(item), kind.form_data(item, **PUBLISH_ATTEMPTS[attempt])
    )
    assert response.status_code == HTTPStatus.FOUND
    after = kind.model.objects.get(pk=item.pk)
    assert after.is_scheduled() if attempt == "schedule" else after.is_published()
    action = AuditEvent.Action.SCHEDULE if attempt == "schedule" else AuditEvent.Action.PUBLISH
    assert AuditEvent.objects.filter(
        action=action, target_type=kind.model._meta.label_lower, target_id=str(item.pk)
    ).exists()


def test_submitting_for_review_is_recorded(kind, people, items):
    item = items["own_draft"]
    response = client_for(people, "writer").post(
        kind.change_url(item), kind.form_data(item, _submit_review="1")
    )
    assert response.status_code == HTTPStatus.FOUND
    assert kind.model.objects.get(pk=item.pk).status == Status.REVIEW
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SUBMIT, actor=people["writer"])


@pytest.mark.parametrize("action", ["publish_selected", "unpublish_selected", "delete_selected"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_bulk_actions_need_the_right_role(kind, people, items, persona, action):
    targets = [items["own_draft"].pk, items["own_review"].pk, items["own_published"].pk]
    before = snapshot(kind)
    client_for(people, persona).post(
        kind.admin_url, {"action": action, "_selected_action": targets, "post": "yes"}
    )
    changed = snapshot(kind) != before
    assert changed is (persona in ("editor", "administrator"))


def test_writer_sees_only_their_own_items(kind, people, items):
    response = client_for(people, "writer").get(kind.admin_url)
    shown = {item.pk for item in response.context["cl"].result_list}
    assert shown == {items[name].pk for name in ("own_draft", "own_review", "own_published")}
    # Another writer's draft is not even reachable by its address.
    response = client_for(people, "writer").get(kind.change_url(items["others_draft"]))
    assert response.status_code == HTTPStatus.FOUND


def test_writer_reads_their_published_item_but_cannot_edit_it(kind, people, items):
    response = client_for(people, "writer").get(kind.change_url(items["own_published"]))
    assert response.status_code == HTTPStatus.OK
    assert not response.context["has_change_permission"]


def test_a_schedule_is_a_publishers_decision(kind, people, items):
    """An editor's schedule stays untouchable for the writer."""
    item = items["own_review"]
    item.publish(by=people["editor"], at=timezone.now() + timedelta(days=1))
    response = client_for(people, "writer").post(
        kind.change_url(item), kind.form_data(item, status="draft")
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert kind.model.objects.get(pk=item.pk).is_scheduled()


@pytest.mark.parametrize(
    ("persona", "story", "visible"),
    [
        ("writer", "own_draft", True),
        ("writer", "others_draft", False),
        ("editor", "others_draft", True),
        ("anonymous", "own_draft", False),
        ("deactivated", "own_draft", False),
    ],
)
def test_preview_follows_the_same_rules(kind, people, items, persona, story, visible):
    item = items[story]
    response = client_for(people, persona).get(f"{kind.admin_url}{item.pk}/preview/")
    if visible and kind.has_preview:
        assert response.status_code == HTTPStatus.OK
        assert item.title in response.content.decode()
    else:
        assert response.status_code in (HTTPStatus.NOT_FOUND, HTTPStatus.FOUND)
        assert item.title not in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "story", "allowed"),
    [
        ("writer", "own_draft", True),
        ("writer", "own_published", False),
        ("writer", "others_draft", False),
        ("editor", "others_draft", True),
        ("anonymous", "own_draft", False),
    ],
)
def test_history_and_restore_follow_the_editing_rules(kind, people, items, persona, story, allowed):
    item = items[story]
    # Two saves by an editor: two revisions to list, compare and restore.
    editor = client_for(people, "editor")
    for title in ("Versi satu", "Versi dua"):
        current = kind.model.objects.get(pk=item.pk)
        editor.post(kind.change_url(current), kind.form_data(current, title=title))
    client = client_for(people, persona)
    history = client.get(f"{kind.admin_url}{item.pk}/history/")
    if not allowed:
        assert history.status_code in (HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND, HTTPStatus.FOUND)
        return
    assert history.status_code == HTTPStatus.OK
    older, newer = reversed([a["revision"] for a in history.context["action_list"]][:2])
    compare = client.get(
        f"{kind.admin_url}{item.pk}/history/compare/", {"dari": older.pk, "ke": newer.pk}
    )
    assert compare.status_code == HTTPStatus.OK
    title = kind.model._meta.get_field("title").verbose_name
    assert [change["label"] for change in compare.context["changes"]] == [title]
    restore_url = history.context["action_list"][1]["url"]
    version = kind.model.objects.get(pk=item.pk).version
    assert client.post(restore_url, {"version": version}).status_code == HTTPStatus.FOUND
    assert kind.model.objects.get(pk=item.pk).title == "Versi satu"


def test_a_save_from_an_outdated_form_is_refused(kind, people, items):
    item = items["own_draft"]
    writer = client_for(people, "writer")
    opened = kind.form_data(item, version=item.version, title="Dari jendela pertama")
    saved = writer.post(kind.change_url(item), kind.form_data(item, title="Jendela kedua"))
    assert saved.status_code == HTTPStatus.FOUND
    refused_save = writer.post(kind.change_url(item), opened)
    assert refused_save.status_code == HTTPStatus.OK
    assert "conflict" in {
        e.code for e in refused_save.context["adminform"].form.non_field_errors().as_data()
    }
    assert kind.model.objects.get(pk=item.pk).title == "Jendela kedua"


@pytest.mark.parametrize("model", publishable_models(), ids=lambda model: model.__name__)
def test_instance_twins_agree_with_the_querysets(model, people):
    kind = next(k for k in content_types().values() if k.model is model)
    now = timezone.now()
    made = [
        kind.make(people["writer"], Status.DRAFT),
        kind.make(people["writer"], Status.REVIEW),
        kind.make(people["writer"], Status.PUBLISHED, now - timedelta(minutes=1)),
        kind.make(people["writer"], Status.PUBLISHED, now + timedelta(hours=1)),
    ]
    published = set(model.objects.published().values_list("pk", flat=True))
    scheduled = set(model.objects.scheduled().values_list("pk", flat=True))
    for item in made:
        assert item.is_published() is (item.pk in published)
        assert item.is_scheduled() is (item.pk in scheduled)


def test_published_with_no_time_means_now_on_every_path(kind, people):
    item = kind.make(people["writer"], Status.DRAFT)
    item.status = Status.PUBLISHED
    item.save()
    assert item.published_at is not None and item.is_published()
    assert issubclass(kind.model, Publishable)
