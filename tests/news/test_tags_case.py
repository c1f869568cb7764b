"""Tags as people type them: one tag whatever its case, commas alone separating,
names shown back without quotes, existing tags suggested as one types, and the
duplicates made before all this merged (news/tags.py, news/tag_admin.py,
news/migrations/0011_merge_case_duplicate_tags.py)."""

import importlib
from http import HTTPStatus

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from taggit.models import Tag, TaggedItem

from news.models import Article
from news.tags import string_from_tags, tags_from_string, validate_tags
from tests.admin_forms import article_form_data, change_url
from tests.clients import login
from tests.factories import ArticleFactory, AuthorFactory, DivisionFactory

pytestmark = pytest.mark.django_db

SUGGESTIONS = "/admin/news/article/tag-suggestions/"
merge_migration = importlib.import_module("news.migrations.0011_merge_case_duplicate_tags")


@pytest.mark.parametrize(
    ("typed", "tags"),
    [
        ("Pilkada 2024", ["Pilkada 2024"]),
        ("pemilu 2024, logistik", ["logistik", "pemilu 2024"]),
        ("  Pilkada   2024 ,, logistik,  ", ["Pilkada 2024", "logistik"]),
        ("Pilkada 2024, pilkada 2024, PILKADA  2024", ["Pilkada 2024"]),
        ('"pemilu 2024", logistik', ["logistik", "pemilu 2024"]),
        ("", []),
    ],
)
def test_commas_alone_separate_tags(typed, tags):
    assert tags_from_string(typed) == tags


def test_tags_are_shown_back_without_quotes():
    tags = [Tag(name="pemilu 2024"), Tag(name="Logistik"), Tag(name="data pemilih")]
    assert string_from_tags(tags) == "data pemilih, Logistik, pemilu 2024"
    assert tags_from_string(string_from_tags(tags)) == ["Logistik", "data pemilih", "pemilu 2024"]


@pytest.fixture
def writer_article(writer):
    author = AuthorFactory(user=writer)
    return ArticleFactory(
        status=Article.Status.DRAFT, published_at=None, created_by=writer, author=author
    )


def test_a_tag_typed_in_another_case_is_the_existing_tag(writer, writer_article):
    existing = ArticleFactory(tags=["pilkada 2024"]).tags.get()
    response = login(writer).post(
        change_url(writer_article),
        article_form_data(writer_article, tags="Pilkada 2024, PILKADA 2024"),
    )
    assert response.status_code == HTTPStatus.FOUND
    assert list(writer_article.tags.all()) == [existing]
    assert Tag.objects.count() == 1


def test_the_form_shows_multi_word_tags_without_quotes(writer, writer_article):
    writer_article.tags.set(["pemilu 2024", "data pemilih"])
    form = login(writer).get(change_url(writer_article)).context["adminform"].form
    html = str(form["tags"])
    assert 'value="data pemilih, pemilu 2024"' in html
    assert "&quot;" not in html


def test_names_without_an_address_are_still_refused():
    with pytest.raises(ValidationError, match="huruf Latin"):
        validate_tags("logistik, 🎉")
    validate_tags("Pilkada 2024, logistik")


def test_the_database_refuses_a_duplicate_in_another_case():
    Tag.objects.create(name="pilkada 2024", slug="pilkada-2024")
    with pytest.raises(IntegrityError), transaction.atomic():
        Tag.objects.create(name="PILKADA 2024", slug="pilkada-2024-2")


# --- Suggestions as one types ----------------------------------------------


def test_suggestions_list_existing_tags_starting_with_the_text_first(writer):
    ArticleFactory(tags=["Pilkada 2024", "logistik pilkada", "pemilu", "Pilpres"])
    response = login(writer).get(SUGGESTIONS, {"q": "  pilka "})
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"tags": ["Pilkada 2024", "logistik pilkada"]}


def test_suggestions_are_bounded(writer):
    ArticleFactory(tags=[f"pemilu {number}" for number in range(15)])
    client = login(writer)
    assert len(client.get(SUGGESTIONS, {"q": "pemilu"}).json()["tags"]) == 10
    assert client.get(SUGGESTIONS, {"q": "p" * 101}).json() == {"tags": []}
    assert client.get(SUGGESTIONS).json() == {"tags": []}


def test_suggestions_are_for_those_who_tag_articles(client, django_user_model):
    ArticleFactory(tags=["rahasia dapur"])
    anonymous = client.get(SUGGESTIONS, {"q": "rahasia"})
    assert anonymous.status_code == HTTPStatus.FOUND
    assert anonymous["Location"].startswith("/admin/login/")
    no_role = django_user_model.objects.create_user("tamu", password="pw-tamu", is_staff=True)
    response = login(no_role).get(SUGGESTIONS, {"q": "rahasia"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert b"rahasia dapur" not in response.content


def test_a_writer_is_never_suggested_a_tag_only_a_colleagues_unpublished_article_has(
    writer, other_writer, editor, writer_article
):
    ArticleFactory(tags=["rahasia terbit"])
    for status in (Article.Status.DRAFT, Article.Status.REVIEW):
        ArticleFactory(
            tags=[f"rahasia {status}"], status=status, published_at=None, created_by=other_writer
        )
    writer_article.tags.add("rahasia milik sendiri")
    suggested = login(writer).get(SUGGESTIONS, {"q": "rahasia"}).json()["tags"]
    assert suggested == ["rahasia milik sendiri", "rahasia terbit"]
    assert len(login(editor).get(SUGGESTIONS, {"q": "rahasia"}).json()["tags"]) == 4


def test_the_tag_field_asks_for_suggestions(writer, writer_article):
    response = login(writer).get(change_url(writer_article))
    html = str(response.context["adminform"].form["tags"])
    assert f'data-tag-suggestions="{SUGGESTIONS}"' in html
    assert "js/admin-tags.js" in str(response.context["media"])


# --- Merging ----------------------------------------------------------------


def test_the_tags_admin_merges_case_variants_into_the_spelling_typed(editor):
    first = ArticleFactory(tags=["pilkada"])
    second = ArticleFactory(tags=["pemilu", "logistik"])
    client = login(editor)
    client.post(
        "/admin/taggit/tag/",
        {
            "action": "render_tag_form",
            "_selected_action": list(
                Tag.objects.filter(name__in=["pilkada", "pemilu"]).values_list("pk", flat=True)
            ),
        },
    )
    response = client.post("/admin/taggit/tag/merge-tags/", {"new_tag_name": "PILKADA"})
    assert response.status_code == HTTPStatus.FOUND
    assert set(Tag.objects.values_list("name", flat=True)) == {"PILKADA", "logistik"}
    assert [tag.name for tag in first.tags.all()] == ["PILKADA"]
    assert {tag.name for tag in second.tags.all()} == {"PILKADA", "logistik"}


def duplicates_allowed():
    """Tags in several cases, as before migration 0011: its index set aside for the
    test's transaction (rolled back with it)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {merge_migration.INDEX}")


def run_merge():
    with connection.schema_editor() as schema_editor:
        merge_migration.merge_case_duplicates(apps, schema_editor)


def test_the_migration_merges_case_duplicates_and_every_article_keeps_its_tags():
    duplicates_allowed()
    division = DivisionFactory()
    author = AuthorFactory()
    mixed = Tag.objects.create(name="Pilkada 2024", slug="pilkada-2024")
    lower = Tag.objects.create(name="pilkada 2024", slug="pilkada-2024-1")
    upper = Tag.objects.create(name="PILKADA 2024", slug="pilkada-2024-2")
    other = Tag.objects.create(name="logistik", slug="logistik")

    def article(*tags):
        item = ArticleFactory(author=author, division=division)
        for tag in tags:
            TaggedItem.objects.create(content_object=item, tag=tag)
        return item

    # "pilkada 2024" is on the most articles: it stays, with its address.
    articles = [
        article(mixed),
        article(mixed, lower),
        article(lower, upper, other),
        article(lower),
        article(upper),
        article(other),
    ]
    run_merge()

    assert set(Tag.objects.values_list("name", "slug")) == {
        ("pilkada 2024", "pilkada-2024-1"),
        ("logistik", "logistik"),
    }
    names = [sorted(tag.name for tag in item.tags.all()) for item in articles]
    assert names == [
        ["pilkada 2024"],
        ["pilkada 2024"],
        ["logistik", "pilkada 2024"],
        ["pilkada 2024"],
        ["pilkada 2024"],
        ["logistik"],
    ]
    assert TaggedItem.objects.count() == 7
    # And the database can hold the rule again.
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE UNIQUE INDEX {merge_migration.INDEX} ON taggit_tag (upper(name))")


def test_the_migration_leaves_tags_without_duplicates_alone():
    duplicates_allowed()
    article = ArticleFactory(tags=["pemilu", "logistik"])
    run_merge()
    assert sorted(tag.name for tag in article.tags.all()) == ["logistik", "pemilu"]
    assert Tag.objects.count() == 2


def test_renaming_a_tag_into_another_ones_name_in_another_case_is_refused(editor):
    Tag.objects.create(name="PILKADA 2024", slug="pilkada-2024")
    other = Tag.objects.create(name="pilkades", slug="pilkades")
    response = login(editor).post(
        f"/admin/taggit/tag/{other.pk}/change/", {"name": "Pilkada 2024", "slug": "pilkades"}
    )
    assert response.status_code == HTTPStatus.OK
    assert "sudah ada" in " ".join(response.context["adminform"].form.errors["name"])
    other.refresh_from_db()
    assert other.name == "pilkades"
    # Its own name in another case is fine.
    response = login(editor).post(
        f"/admin/taggit/tag/{other.pk}/change/", {"name": "Pilkades", "slug": "pilkades"}
    )
    assert response.status_code == HTTPStatus.FOUND


def test_unchanged_tags_are_not_a_change(writer, writer_article):
    """The revision history names the fields that changed: saving tags as they were
    must not list them."""
    writer_article.tags.set(["Pemilu 2024", "data pemilih", "Logistik"])
    form = login(writer).get(change_url(writer_article)).context["adminform"].form
    shown = string_from_tags(writer_article.tags.all())  # the field's text in the browser
    assert f'value="{shown}"' in str(form["tags"])
    bound = type(form)(article_form_data(writer_article, tags=shown), instance=writer_article)
    assert "tags" not in bound.changed_data
