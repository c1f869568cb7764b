"""A writer's articles carry their own byline, and its signature ends the article
once (news/admin.py ArticleAdmin, AuthorQuerySet.bylines_for, the
signatures template filter)."""

from http import HTTPStatus

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from news.models import Article
from tests.admin_forms import article_form_data, change_url
from tests.clients import login
from tests.factories import ArticleFactory, AuthorFactory, DivisionFactory

pytestmark = pytest.mark.django_db

ADD = "/admin/news/article/add/"


def new_article_data(division, **overrides):
    return {
        "title": "Sosialisasi Pilkada 2024 di Kecamatan Ngaliyan",
        "slug": "sosialisasi-pilkada-2024-ngaliyan",
        "lead": "KPU menyosialisasikan tahapan Pilkada 2024 kepada warga.",
        "body": "<p>Warga antusias mengikuti sosialisasi.</p>",
        "cover_alt": "",
        "cover_caption": "",
        "division": division.pk,
        "tags": "",
        "status": Article.Status.DRAFT,
        **overrides,
    }


@pytest.fixture
def bylines(writer, other_writer):
    own = AuthorFactory(user=writer, name="Amirul Hakim", signature="Mrul")
    colleague = AuthorFactory(user=other_writer, name="Rekan Kerja", signature="Rek")
    office = AuthorFactory(user=None, name="Tim Humas", signature="Hms")
    return own, colleague, office


def test_a_writer_sees_their_own_byline_only_and_cannot_choose(writer, bylines):
    own, colleague, office = bylines
    form = login(writer).get(ADD).context["adminform"].form
    field = form.fields["author"]
    assert field.disabled
    assert set(field.queryset) == {own}
    assert form["author"].value() == own.pk


@pytest.mark.parametrize("posted", ["colleague", "office", "nothing"])
def test_a_crafted_post_still_gives_the_writers_own_byline(writer, bylines, posted):
    own, colleague, office = bylines
    author = {"colleague": colleague.pk, "office": office.pk, "nothing": ""}[posted]
    response = login(writer).post(
        f"{ADD}?author={colleague.pk}", new_article_data(DivisionFactory(), author=author)
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Article.objects.get(slug="sosialisasi-pilkada-2024-ngaliyan").author == own


def test_a_writer_cannot_change_the_byline_of_their_article(writer, bylines):
    own, colleague, office = bylines
    draft = ArticleFactory(
        status=Article.Status.DRAFT, published_at=None, created_by=writer, author=own
    )
    response = login(writer).post(
        change_url(draft), article_form_data(draft, title="Diperbaiki", author=colleague.pk)
    )
    assert response.status_code == HTTPStatus.FOUND
    draft.refresh_from_db()
    assert (draft.title, draft.author) == ("Diperbaiki", own)


def test_a_writer_without_a_byline_is_told_why_and_keeps_their_text(writer):
    client = login(writer)
    assertContains(client.get(ADD), "belum punya profil penulis")
    data = new_article_data(DivisionFactory(), author="")
    response = client.post(ADD, data)
    assert response.status_code == HTTPStatus.OK
    form = response.context["adminform"].form
    assert "belum punya profil penulis" in " ".join(form.errors["author"])
    assert form["title"].value() == data["title"]
    assert not Article.objects.exists()


def test_editors_choose_any_byline_from_a_list(editor, bylines):
    own, colleague, office = bylines
    response = login(editor).get(ADD)
    field = response.context["adminform"].form.fields["author"]
    assert not field.disabled
    assert set(field.queryset) == {own, colleague, office}
    assertContains(response, '<select name="author"', html=False)


def test_the_form_says_the_signature_is_added(writer, editor, bylines):
    assertContains(
        login(writer).get(ADD), "Tanda tangan [Mrul] ditambahkan otomatis di akhir berita."
    )
    assertContains(login(editor).get(ADD), "ditambahkan otomatis di akhir berita")


def test_no_typed_user_ids_in_the_authors_admin(editor, writer, other_writer, bylines):
    own, colleague, office = bylines
    response = login(editor).get(f"/admin/news/author/{office.pk}/change/")
    field = response.context["adminform"].form.fields["user"]
    assertNotContains(response, "vForeignKeyRawIdAdminField")
    # Accounts with no byline yet; a colleague's account already has one.
    assert editor in field.queryset and other_writer not in field.queryset


# --- The signature ------------------------------------------------------------


def signature_count(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    return response.content.decode().count("[Mrul]")


@pytest.mark.parametrize(
    ("body", "count"),
    [
        ("<p>Rapat berlangsung tertib, ujarnya.</p>", 1),
        ("<p>Rapat berlangsung tertib, ujarnya. [Mrul]</p>", 1),
        ("<p>Rapat berlangsung tertib, ujarnya.</p><p>[Mrul]</p><p>&nbsp;</p>", 1),
        ("<p>Rapat berlangsung tertib, ujarnya.</p><p><strong>[mrul]</strong></p>", 0),
        ("<p>[Mrul] menulis ini di awal.</p><p>Lalu rapat berakhir.</p>", 2),
    ],
    ids=["added", "typed-after-text", "typed-as-last-paragraph", "typed-lowercase", "not-at-end"],
)
def test_the_signature_ends_the_article_once(client, bylines, body, count):
    """ "[Mrul]" on the page: the one added, unless the body already ends with it
    (in any case: "[mrul]" typed is the signature, and "[Mrul]" is not added)."""
    article = ArticleFactory(author=bylines[0], body=body)
    assert signature_count(client, article) == count


def test_the_staff_preview_signs_once_too(editor, bylines):
    draft = ArticleFactory(
        author=bylines[0],
        status=Article.Status.DRAFT,
        published_at=None,
        body="<p>Rapat berlangsung tertib, ujarnya. [Mrul]</p>",
    )
    client = login(editor)
    response = client.get(f"/admin/news/article/{draft.pk}/preview/")
    assert response.content.decode().count("[Mrul]") == 1
