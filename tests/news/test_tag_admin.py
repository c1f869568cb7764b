"""The tags' admin: taggit's merge view behind the editors' permissions, and no tag
without an address (news/tag_admin.py, news/tags.py)."""

from http import HTTPStatus

import pytest
from django.db import IntegrityError, transaction
from django.db.models.query import QuerySet
from pytest_django.asserts import assertContains
from taggit.models import Tag, TaggedItem

from tests.clients import login
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

MERGE = "/admin/taggit/tag/merge-tags/"
CHANGELIST = "/admin/taggit/tag/"


def choose(client, tags):
    """The changelist's "merge" action, as an editor's browser sends it."""
    return client.post(
        CHANGELIST,
        {"action": "render_tag_form", "_selected_action": [tag.pk for tag in tags]},
    )


@pytest.fixture
def tagged():
    first = ArticleFactory(tags=["pemilu", "Pemilu 2024"])
    second = ArticleFactory(tags=["pemilu"])
    third = ArticleFactory(tags=["Pemilu 2024", "logistik"])
    return first, second, third


def test_writer_can_neither_open_nor_post_the_merge_view(writer, tagged):
    client = login(writer)
    with_session = client.session
    with_session["selected_tag_ids"] = list(Tag.objects.values_list("pk", flat=True))
    with_session.save()
    assert client.get(MERGE).status_code == HTTPStatus.FORBIDDEN
    response = client.post(MERGE, {"new_tag_name": "semua jadi satu"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert set(Tag.objects.values_list("name", flat=True)) == {"logistik", "pemilu", "Pemilu 2024"}
    assert choose(client, Tag.objects.all()).status_code == HTTPStatus.FORBIDDEN


def test_editor_merges_tags_into_one(editor, tagged):
    first, second, third = tagged
    client = login(editor)
    chosen = Tag.objects.filter(name__in=["pemilu", "Pemilu 2024"])
    response = choose(client, chosen)
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == MERGE
    assertContains(client.get(MERGE), "Pemilu 2024")

    response = client.post(MERGE, {"new_tag_name": "Pemilu Serentak"})
    assert response.status_code == HTTPStatus.FOUND

    assert set(Tag.objects.values_list("name", flat=True)) == {"logistik", "Pemilu Serentak"}
    # The article that had both tags carries the merged one once.
    assert [t.name for t in first.tags.all()] == ["Pemilu Serentak"]
    assert [t.name for t in second.tags.all()] == ["Pemilu Serentak"]
    assert {t.name for t in third.tags.all()} == {"logistik", "Pemilu Serentak"}
    assert client.get("/tag/pemilu-serentak/").status_code == HTTPStatus.OK


@pytest.mark.parametrize("name", ["🎉🎉", "انتخابات", "   ", "x" * 101])
def test_merge_refuses_a_name_without_an_address(editor, tagged, name):
    client = login(editor)
    choose(client, Tag.objects.all())
    response = client.post(MERGE, {"new_tag_name": name})
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors
    assert Tag.objects.count() == 3
    # Every article page still answers.
    for article in tagged:
        assert client.get(article.get_absolute_url()).status_code == HTTPStatus.OK


def test_a_merge_that_fails_midway_changes_nothing(editor, tagged, monkeypatch):
    client = login(editor)
    choose(client, Tag.objects.filter(name__in=["pemilu", "logistik"]))
    before = sorted(TaggedItem.objects.values_list("tag__name", "object_id"))

    def fail(*args, **kwargs):
        raise IntegrityError("the database went away midway")

    monkeypatch.setattr(QuerySet, "update", fail)
    with pytest.raises(IntegrityError):
        client.post(MERGE, {"new_tag_name": "gabungan"})
    monkeypatch.undo()

    assert not Tag.objects.filter(name="gabungan").exists()
    assert sorted(TaggedItem.objects.values_list("tag__name", "object_id")) == before


@pytest.mark.parametrize(
    ("name", "slug"),
    [("Pesta", "🎉"), ("Pesta", "pesta-ملف"), ("Pesta", "_pesta"), ("Pesta", "pesta rakyat")],
)
def test_tag_form_refuses_a_tag_without_an_address(editor, name, slug):
    response = login(editor).post(f"{CHANGELIST}add/", {"name": name, "slug": slug})
    assert response.status_code == HTTPStatus.OK
    assert response.context["adminform"].form.errors
    assert not Tag.objects.exists()


@pytest.mark.parametrize(("name", "slug"), [("🎉🎉", ""), ("ملف", "ملف"), ("Pesta", "_1")])
def test_the_database_refuses_a_tag_without_an_address(name, slug):
    """Whatever path creates it (taggit's own slug fallback included)."""
    with pytest.raises(IntegrityError), transaction.atomic():
        Tag.objects.create(name=name, slug=slug)
    assert not Tag.objects.exists()


def test_an_editor_gives_a_name_in_another_script_an_address_writers_can_then_use(editor, writer):
    response = login(editor).post(f"{CHANGELIST}add/", {"name": "انتخابات", "slug": "intikhabat"})
    assert response.status_code == HTTPStatus.FOUND
    article = ArticleFactory(tags=["انتخابات"])
    assert article.tags.get().slug == "intikhabat"
    assertContains(login(writer).get(article.get_absolute_url()), "/tag/intikhabat/")
