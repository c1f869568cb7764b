"""The permission matrix: role × action → allowed or refused, on the server.

Refused means a 403 (or the login page for the anonymous and the deactivated),
and the database unchanged. Every request is a crafted one: the test client
POSTs what it likes, whatever the form showed.
"""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from taggit.models import Tag

from accounts import roles
from news.models import Article, Author, Division
from tests.admin_forms import article_form_data, change_url
from tests.clients import login
from tests.factories import ArticleFactory, AuthorFactory, DivisionFactory
from tests.images import upload

pytestmark = pytest.mark.django_db

ARTICLES = "/admin/news/article/"
PERSONAS = ["anonymous", "deactivated", "writer", "editor", "administrator"]


@pytest.fixture
def people(django_user_model):
    def make(username, role, **extra):
        user = django_user_model.objects.create_user(
            username, password=f"pw-{username}", is_staff=True, **extra
        )
        user.groups.set(Group.objects.filter(name=role))
        return user

    return {
        "writer": make("writer", roles.WRITER),
        "other_writer": make("other_writer", roles.WRITER),
        "editor": make("editor", roles.EDITOR),
        "administrator": make("administrator", roles.ADMINISTRATOR),
        "deactivated": make("deactivated", roles.EDITOR, is_active=False),
    }


def client_for(people, persona):
    client = Client()
    if persona != "anonymous":
        # force_login skips authentication, so the deactivated user really has a
        # session; the server must still refuse them on every request.
        client.force_login(people[persona])
    return client


@pytest.fixture
def stories(people):
    """Articles by the writer in every state, and a draft by another writer."""
    division, author = DivisionFactory(), AuthorFactory()

    def story(slug, owner, status, published_at=None):
        return ArticleFactory(
            slug=slug,
            created_by=people[owner],
            status=status,
            published_at=published_at,
            division=division,
            author=author,
        )

    return {
        "own_draft": story("own-draft", "writer", Article.Status.DRAFT),
        "own_review": story("own-review", "writer", Article.Status.REVIEW),
        "own_published": story("own-published", "writer", Article.Status.PUBLISHED, timezone.now()),
        "others_draft": story("others-draft", "other_writer", Article.Status.DRAFT),
    }


def snapshot():
    return list(
        Article.objects.order_by("pk").values_list(
            "pk", "title", "status", "published_at", "featured"
        )
    )


def refused(response):
    """403, or sent to the login page (the anonymous and the deactivated)."""
    if response.status_code == HTTPStatus.FOUND:
        return response["Location"].startswith("/admin/login/")
    return response.status_code == HTTPStatus.FORBIDDEN


# persona → allowed?  (anonymous, deactivated, writer, editor, administrator)
EDIT_MATRIX = {
    "own_draft": [False, False, True, True, True],
    "own_review": [False, False, True, True, True],
    "own_published": [False, False, False, True, True],
    "others_draft": [False, False, False, True, True],
}


@pytest.mark.parametrize("story", list(EDIT_MATRIX))
@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_edit_which_article(people, stories, persona, story):
    article = stories[story]
    allowed = EDIT_MATRIX[story][PERSONAS.index(persona)]
    before = snapshot()
    response = client_for(people, persona).post(
        f"{ARTICLES}{article.pk}/change/", article_form_data(article, title="Judul diubah")
    )
    if allowed:
        assert response.status_code == HTTPStatus.FOUND, response.content[:500]
        assert Article.objects.get(pk=article.pk).title == "Judul diubah"
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
        assert snapshot() == before


@pytest.mark.parametrize("story", list(EDIT_MATRIX))
@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_delete_which_article(people, stories, persona, story):
    article = stories[story]
    allowed = EDIT_MATRIX[story][PERSONAS.index(persona)]
    response = client_for(people, persona).post(f"{ARTICLES}{article.pk}/delete/", {"post": "yes"})
    assert Article.objects.filter(pk=article.pk).exists() is not allowed, response.status_code


PUBLISH_ATTEMPTS = {
    "status field": lambda a: article_form_data(a, status="published"),
    "publish button": lambda a: article_form_data(a, _publish="1"),
    "schedule": lambda a: article_form_data(
        a, status="published", published_at_0="01/01/2030", published_at_1="08:00:00"
    ),
    "feature": lambda a: article_form_data(a, featured="on"),
}


@pytest.mark.parametrize("attempt", list(PUBLISH_ATTEMPTS))
def test_writer_cannot_publish_schedule_or_feature_through_the_form(people, stories, attempt):
    article = stories["own_draft"]
    before = snapshot()
    response = client_for(people, "writer").post(
        f"{ARTICLES}{article.pk}/change/", PUBLISH_ATTEMPTS[attempt](article)
    )
    after = Article.objects.get(pk=article.pk)
    assert not after.is_published() and not after.is_scheduled() and not after.featured
    assert after.published_at is None
    if response.status_code == HTTPStatus.OK:  # the form refused the choice
        assert snapshot() == before
    else:
        assert response.status_code in (HTTPStatus.FORBIDDEN, HTTPStatus.FOUND)


@pytest.mark.parametrize("attempt", list(PUBLISH_ATTEMPTS))
def test_writer_cannot_publish_a_new_article_either(people, attempt):
    division, author = DivisionFactory(), AuthorFactory()
    template = ArticleFactory.build(slug="baru", division=division, author=author, status="draft")
    client_for(people, "writer").post(f"{ARTICLES}add/", PUBLISH_ATTEMPTS[attempt](template))
    for article in Article.objects.filter(slug="baru"):
        assert article.status != Article.Status.PUBLISHED and not article.featured


@pytest.mark.parametrize("attempt", list(PUBLISH_ATTEMPTS))
def test_editor_can_publish_schedule_and_feature(people, stories, attempt):
    article = stories["others_draft"]
    response = client_for(people, "editor").post(
        f"{ARTICLES}{article.pk}/change/", PUBLISH_ATTEMPTS[attempt](article)
    )
    assert response.status_code == HTTPStatus.FOUND
    after = Article.objects.get(pk=article.pk)
    if attempt == "feature":
        assert after.featured
    elif attempt == "schedule":
        assert after.is_scheduled()
    else:
        assert after.is_published()


@pytest.mark.parametrize("action", ["publish_selected", "unpublish_selected", "delete_selected"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_bulk_actions_need_the_right_role(people, stories, persona, action):
    targets = [stories["own_draft"].pk, stories["own_review"].pk, stories["own_published"].pk]
    before = snapshot()
    client_for(people, persona).post(
        ARTICLES, {"action": action, "_selected_action": targets, "post": "yes"}
    )
    changed = snapshot() != before
    assert changed is (persona in ("editor", "administrator"))


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_upload_pictures_into_the_editor(people, persona):
    response = client_for(people, persona).post(f"{ARTICLES}upload-image/", {"upload": upload()})
    if persona in ("writer", "editor", "administrator"):
        assert response.status_code == HTTPStatus.OK
    else:
        assert refused(response)


@pytest.mark.parametrize(
    ("url", "model", "data"),
    [
        (
            "/admin/news/division/add/",
            Division,
            {"name": "Divisi Baru", "slug": "baru", "order": 9},
        ),
        (
            "/admin/news/author/add/",
            Author,
            {"name": "Penulis Baru", "slug": "baru", "signature": "Br"},
        ),
    ],
    ids=["division", "author"],
)
@pytest.mark.parametrize("persona", PERSONAS)
def test_only_editors_and_administrators_manage_divisions_and_authors(
    people, persona, url, model, data
):
    count = model.objects.count()
    client_for(people, persona).post(url, data)
    created = model.objects.count() == count + 1
    assert created is (persona in ("editor", "administrator"))


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_editors_and_administrators_manage_tags(people, persona):
    client_for(people, persona).post("/admin/taggit/tag/add/", {"name": "baru", "slug": "baru"})
    assert Tag.objects.filter(slug="baru").exists() is (persona in ("editor", "administrator"))


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_administrators_manage_users(people, persona, django_user_model):
    client = client_for(people, persona)
    listing = client.get("/admin/accounts/user/")
    client.post(
        "/admin/accounts/user/add/",
        {
            "username": "baru",
            "usable_password": "true",
            "password1": "Sandi-Yang-Kuat-2024",
            "password2": "Sandi-Yang-Kuat-2024",
            "role": roles.WRITER,
            "is_active": "on",
        },
    )
    is_admin = persona == "administrator"
    assert (listing.status_code == HTTPStatus.OK) is is_admin
    assert django_user_model.objects.filter(username="baru").exists() is is_admin


def test_writer_sees_only_their_own_articles(people, stories):
    response = client_for(people, "writer").get(ARTICLES)
    shown = {article.slug for article in response.context["cl"].result_list}
    assert shown == {"own-draft", "own-review", "own-published"}
    # Another writer's draft is not even reachable by its address.
    other = stories["others_draft"]
    response = client_for(people, "writer").get(f"{ARTICLES}{other.pk}/change/")
    assert response.status_code == HTTPStatus.FOUND


def test_writer_reads_their_published_article_but_cannot_edit_it(people, stories):
    article = stories["own_published"]
    response = client_for(people, "writer").get(f"{ARTICLES}{article.pk}/change/")
    assert response.status_code == HTTPStatus.OK
    assert not response.context["has_change_permission"]


def test_scheduled_article_is_a_publishers_decision(people, stories):
    """An editor's schedule stays untouchable for the writer."""
    article = stories["own_review"]
    article.publish(by=people["editor"], at=timezone.now() + timedelta(days=1))
    response = client_for(people, "writer").post(
        f"{ARTICLES}{article.pk}/change/", article_form_data(article, status="draft")
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert Article.objects.get(pk=article.pk).is_scheduled()


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
def test_preview_follows_the_same_rules(people, stories, persona, story, visible):
    article = stories[story]
    response = client_for(people, persona).get(f"{ARTICLES}{article.pk}/preview/")
    if visible:
        assert response.status_code == HTTPStatus.OK
        assert article.title in response.content.decode()
    else:
        assert response.status_code in (HTTPStatus.NOT_FOUND, HTTPStatus.FOUND)
        assert article.title not in response.content.decode()


def test_a_writer_signs_only_with_their_own_byline_or_the_offices(writer, other_writer):
    """A writer cannot put a colleague's byline on their own article, even by a crafted POST."""
    own = AuthorFactory(user=writer, name="Penulis Sendiri")
    colleague = AuthorFactory(user=other_writer, name="Rekan Kerja")
    office = AuthorFactory(user=None, name="Tim Humas")
    draft = ArticleFactory(
        status=Article.Status.DRAFT, published_at=None, created_by=writer, author=own
    )
    client = login(writer)
    choices = client.get(change_url(draft)).context["adminform"].form.fields["author"].queryset
    assert set(choices) == {own, office}

    response = client.post(change_url(draft), article_form_data(draft, author=colleague.pk))
    assert response.status_code == HTTPStatus.OK
    assert "author" in response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.author == own
    saved = client.post(change_url(draft), article_form_data(draft, author=office.pk))
    assert saved.status_code == HTTPStatus.FOUND


def test_a_byline_an_editor_chose_stays_valid_for_the_writer(writer, other_writer):
    colleague = AuthorFactory(user=other_writer)
    draft = ArticleFactory(
        status=Article.Status.DRAFT, published_at=None, created_by=writer, author=colleague
    )
    response = login(writer).post(change_url(draft), article_form_data(draft, title="Diperbaiki"))
    assert response.status_code == HTTPStatus.FOUND
    draft.refresh_from_db()
    assert (draft.title, draft.author) == ("Diperbaiki", colleague)


def test_editors_choose_any_byline(editor, other_writer):
    colleague = AuthorFactory(user=other_writer)
    article = ArticleFactory()
    response = login(editor).post(
        change_url(article), article_form_data(article, author=colleague.pk)
    )
    assert response.status_code == HTTPStatus.FOUND
