"""One screen to add a writer: the user form makes, links or edits their author
profile, the byline on their articles (accounts/admin.py)."""

from http import HTTPStatus

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from accounts import roles
from accounts.models import User
from news.models import Author
from tests.clients import login
from tests.factories import AuthorFactory
from tests.images import upload

pytestmark = pytest.mark.django_db

USERS = "/admin/accounts/user/"


def new_user(**overrides):
    return {
        "username": "amirul",
        "first_name": "Amirul",
        "last_name": "Hakim",
        "email": "amirul@example.invalid",
        "usable_password": "true",
        "password1": "Pemilu-Jujur-Adil-2024",
        "password2": "Pemilu-Jujur-Adil-2024",
        "role": roles.WRITER,
        "is_active": "on",
        **overrides,
    }


def edit_user(user, **overrides):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": roles.role_of(user) or "",
        "is_active": "on" if user.is_active else "",
        **overrides,
    }
    return {key: value for key, value in data.items() if value != ""}


def test_a_writer_and_their_byline_are_made_on_one_screen(administrator):
    client = login(administrator)
    form_page = client.get(f"{USERS}add/")
    assertContains(form_page, 'name="author_signature"')
    assertNotContains(form_page, "vForeignKeyRawIdAdminField")
    response = client.post(
        f"{USERS}add/",
        new_user(
            author_signature=" Mrul ",
            author_bio="Staf humas sejak 2019.",
            author_photo=upload("amirul.jpg"),
        ),
    )
    assert response.status_code == HTTPStatus.FOUND
    author = Author.objects.get(user__username="amirul")
    assert (author.name, author.slug, author.signature, author.bio) == (
        "Amirul Hakim",
        "amirul-hakim",
        "Mrul",
        "Staf humas sejak 2019.",
    )
    assert author.photo.name.startswith("authors/")


def test_the_new_writer_then_writes_under_their_own_byline(administrator):
    login(administrator).post(f"{USERS}add/", new_user(author_signature="Mrul"))
    writer = User.objects.get(username="amirul")
    form = login(writer).get("/admin/news/article/add/").context["adminform"].form
    assert form["author"].value() == writer.author_profile.pk


@pytest.mark.parametrize("role", [roles.WRITER, roles.EDITOR])
def test_a_writing_role_needs_a_signature_and_nothing_typed_is_lost(administrator, role):
    data = new_user(role=role, author_name="Amirul H.", author_bio="Staf humas.")
    response = login(administrator).post(f"{USERS}add/", data)
    assert response.status_code == HTTPStatus.OK
    form = response.context["adminform"].form
    assert "author_signature" in form.errors
    assertContains(response, "perlu")
    assert (form["username"].value(), form["author_name"].value(), form["author_bio"].value()) == (
        "amirul",
        "Amirul H.",
        "Staf humas.",
    )
    assert not User.objects.filter(username="amirul").exists()
    assert not Author.objects.exists()


def test_others_get_no_byline_unless_one_is_typed(administrator):
    client = login(administrator)
    client.post(f"{USERS}add/", new_user(role=roles.ADMINISTRATOR))
    assert not Author.objects.exists()
    client.post(f"{USERS}add/", new_user(username="ketua", role="", author_signature="Ket"))
    assert Author.objects.get().user.username == "ketua"


def test_the_byline_slug_is_unique(administrator):
    AuthorFactory(name="Amirul Hakim", slug="amirul-hakim")
    login(administrator).post(f"{USERS}add/", new_user(author_signature="Mrul"))
    assert Author.objects.get(user__username="amirul").slug == "amirul-hakim-2"


def test_an_existing_byline_without_an_account_is_linked(administrator, writer):
    office = AuthorFactory(user=None, name="Dewi Anggraini", signature="Dew", bio="Lama.")
    client = login(administrator)
    page = client.get(f"{USERS}{writer.pk}/change/")
    assertContains(page, '<select name="author_existing"', html=False)
    response = client.post(
        f"{USERS}{writer.pk}/change/", edit_user(writer, author_existing=office.pk)
    )
    assert response.status_code == HTTPStatus.FOUND
    office.refresh_from_db()
    assert (office.user, office.name, office.signature, office.bio) == (
        writer,
        "Dewi Anggraini",
        "Dew",
        "Lama.",
    )
    assert Author.objects.count() == 1


def test_the_profile_is_edited_with_the_user(administrator, writer):
    own = AuthorFactory(user=writer, name="Penulis Lama", signature="Lm")
    client = login(administrator)
    form = client.get(f"{USERS}{writer.pk}/change/").context["adminform"].form
    assert (form["author_name"].value(), form["author_signature"].value()) == ("Penulis Lama", "Lm")
    assert "author_existing" not in form.changed_data

    refused = client.post(
        f"{USERS}{writer.pk}/change/",
        edit_user(writer, author_name="Penulis Baru", author_signature=""),
    )
    assert "author_signature" in refused.context["adminform"].form.errors
    client.post(
        f"{USERS}{writer.pk}/change/",
        edit_user(writer, author_name="Penulis Baru", author_signature="Br"),
    )
    own.refresh_from_db()
    assert (own.name, own.signature, own.slug) == ("Penulis Baru", "Br", own.slug)
    assert Author.objects.count() == 1


def test_a_crafted_link_does_not_take_a_second_byline(administrator, writer):
    own = AuthorFactory(user=writer, signature="Own")
    office = AuthorFactory(user=None, signature="Hms")
    login(administrator).post(
        f"{USERS}{writer.pk}/change/",
        edit_user(writer, author_existing=office.pk, author_name=own.name, author_signature="Own"),
    )
    office.refresh_from_db()
    assert office.user is None
    assert Author.objects.get(user=writer) == own


def test_a_writer_who_leaves_is_deactivated_without_a_byline(administrator, writer):
    response = login(administrator).post(
        f"{USERS}{writer.pk}/change/", edit_user(writer, is_active="")
    )
    assert response.status_code == HTTPStatus.FOUND
    assert not User.objects.get(pk=writer.pk).is_active
    assert not Author.objects.exists()


def test_the_authors_admin_offers_accounts_in_a_list(administrator, writer, editor):
    AuthorFactory(user=editor)
    response = login(administrator).get("/admin/news/author/add/")
    field = response.context["adminform"].form.fields["user"]
    assertNotContains(response, "vForeignKeyRawIdAdminField")
    assert writer in field.queryset and editor not in field.queryset
