"""What only the newsroom's articles have, role by role: featuring, pictures in
the editor, divisions, authors, tags, bylines; and who manages users.

The workflow's rules (who edits, publishes, schedules, deletes which article)
are tested once over every publishable type: tests/publishing/test_role_matrix.py.
Refused means a 403 (or the login page for the anonymous and the deactivated),
and the database unchanged.
"""

from http import HTTPStatus

import pytest
from taggit.models import Tag

from accounts import roles
from news.models import Article, Author, Division
from tests.admin_forms import article_form_data, change_url
from tests.clients import login
from tests.factories import ArticleFactory, AuthorFactory
from tests.images import upload
from tests.people import PERSONAS, client_for, make_people

pytestmark = pytest.mark.django_db

ARTICLES = "/admin/news/article/"


@pytest.fixture
def people(django_user_model):
    return make_people(django_user_model)


def refused(response):
    """403, or sent to the login page (the anonymous and the deactivated)."""
    if response.status_code == HTTPStatus.FOUND:
        return response["Location"].startswith("/admin/login/")
    return response.status_code == HTTPStatus.FORBIDDEN


@pytest.mark.parametrize(("persona", "allowed"), [("writer", False), ("editor", True)])
def test_only_publishers_feature_an_article(people, persona, allowed):
    article = ArticleFactory(
        status=Article.Status.DRAFT, published_at=None, created_by=people["writer"]
    )
    response = client_for(people, persona).post(
        change_url(article), article_form_data(article, featured="on")
    )
    assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.OK, HTTPStatus.FORBIDDEN)
    assert Article.objects.get(pk=article.pk).featured is allowed


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
            "author_signature": "Baru",
        },
    )
    is_admin = persona == "administrator"
    assert (listing.status_code == HTTPStatus.OK) is is_admin
    assert django_user_model.objects.filter(username="baru").exists() is is_admin


def test_a_writer_signs_only_with_their_own_byline(writer, other_writer):
    """A writer cannot put a colleague's byline, nor the office's, on their own article,
    even by a crafted POST (more in tests/news/test_bylines.py)."""
    own = AuthorFactory(user=writer, name="Penulis Sendiri")
    colleague = AuthorFactory(user=other_writer, name="Rekan Kerja")
    office = AuthorFactory(user=None, name="Tim Humas")
    draft = ArticleFactory(
        status=Article.Status.DRAFT, published_at=None, created_by=writer, author=own
    )
    client = login(writer)
    choices = client.get(change_url(draft)).context["adminform"].form.fields["author"].queryset
    assert set(choices) == {own}

    for crafted in (colleague, office):
        response = client.post(change_url(draft), article_form_data(draft, author=crafted.pk))
        assert response.status_code == HTTPStatus.FOUND
        draft.refresh_from_db()
        assert draft.author == own


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
