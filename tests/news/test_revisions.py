"""Every admin save is a revision: who changed what, compare two, restore one."""

from http import HTTPStatus

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains
from reversion.models import Version

from accounts.models import AuditEvent
from news.models import Article
from tests.admin_forms import change_url, open_article_form
from tests.clients import login
from tests.factories import ArticleFactory, AuthorFactory, DivisionFactory

pytestmark = pytest.mark.django_db

ARTICLES = "/admin/news/article/"


def revisions_of(article):
    """(user, comment) of each revision, newest first."""
    return [
        (version.revision.user, version.revision.get_comment())
        for version in Version.objects.get_for_object(article).select_related("revision__user")
    ]


def save(client, article, **changes):
    response = client.post(change_url(article), {**open_article_form(client, article), **changes})
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    article.refresh_from_db()
    return response


def history_url(article):
    return f"{ARTICLES}{article.pk}/history/"


def restore_url(article, version):
    return f"{ARTICLES}{article.pk}/history/{version.pk}/"


def compare_url(article, older, newer):
    return (
        f"{ARTICLES}{article.pk}/history/compare/?dari={older.revision_id}&ke={newer.revision_id}"
    )


@pytest.fixture
def edited(editor, writer):
    """A writer's draft, saved twice in the admin: title, body and tags changed."""
    article = ArticleFactory(
        status=Article.Status.DRAFT,
        published_at=None,
        created_by=writer,
        title="Rapat koordinasi logistik",
        body="<p>Rapat membahas distribusi kotak suara.</p>",
    )
    client = login(editor)
    save(client, article, tags="logistik")
    save(
        client,
        article,
        title="Rapat koordinasi logistik pemilu",
        body="<p>Rapat membahas distribusi surat suara.</p>",
        tags="logistik, pemilu 2024",
    )
    return article


def test_adding_and_changing_keep_a_revision_each_with_user_and_comment(editor):
    client = login(editor)
    division, author = DivisionFactory(), AuthorFactory()
    response = client.post(
        f"{ARTICLES}add/",
        {
            "title": "Sosialisasi di pasar",
            "slug": "sosialisasi-di-pasar",
            "lead": "Petugas menyapa pedagang.",
            "body": "<p>Pedagang bertanya soal DPT.</p>",
            "division": division.pk,
            "author": author.pk,
            "status": "draft",
            "tags": "",
            "published_at_0": "",
            "published_at_1": "",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    article = Article.objects.get(slug="sosialisasi-di-pasar")
    save(client, article, title="Sosialisasi di pasar Kampak")

    assert revisions_of(article) == [(editor, "Judul diubah"), (editor, "Ditambahkan")]


def test_publish_and_unpublish_from_the_list_keep_a_revision(edited, editor):
    client = login(editor)
    for action in ("publish_selected", "unpublish_selected"):
        client.post(ARTICLES, {"action": action, "_selected_action": [edited.pk]})
    newest, before = revisions_of(edited)[:2]
    assert newest == (editor, "Batal terbit dari daftar.")
    assert before == (editor, "Diterbitkan dari daftar.")
    statuses = [v.field_dict["status"] for v in Version.objects.get_for_object(edited)][:2]
    assert statuses == ["draft", "published"]


def test_history_shows_who_changed_what(edited, editor):
    editor.first_name = "Budi"
    editor.save()
    response = login(editor).get(history_url(edited))
    assertContains(response, '<td data-label="Oleh">Budi</td>', html=True, count=2)
    assertContains(response, "Judul, isi berita dan tag diubah")
    assertContains(response, "Lihat perubahan")


def test_compare_shows_the_words_that_changed(edited, editor):
    newer, older = Version.objects.get_for_object(edited)
    response = login(editor).get(compare_url(edited, newer, older))  # order does not matter
    assert response.status_code == HTTPStatus.OK
    assertContains(response, "<ins> pemilu</ins>", html=True)
    assertContains(response, "<del>kotak</del>", html=True)
    assertContains(response, "<ins>surat</ins>", html=True)
    assertContains(response, "<ins>, pemilu 2024</ins>", html=True)  # the tags
    assertNotContains(response, "Status</th>")


def test_compare_refuses_revisions_of_another_article(edited, editor):
    other = ArticleFactory()
    save(login(editor), other)
    foreign = Version.objects.get_for_object(other).get()
    mine = Version.objects.get_for_object(edited).first()
    response = login(editor).get(compare_url(edited, foreign, mine))
    assert response.status_code == HTTPStatus.NOT_FOUND


def restore(client, article, version, **data):
    return client.post(restore_url(article, version), {"version": article.version, **data})


def test_restore_brings_back_the_text_as_one_new_revision(edited, editor):
    Article.objects.filter(pk=edited.pk).update(view_count=57)
    oldest = Version.objects.get_for_object(edited).last()
    client = login(editor)

    preview = client.get(restore_url(edited, oldest))
    assertContains(preview, "<del> pemilu</del>", html=True)
    assertContains(preview, "<ins>kotak</ins>", html=True)
    assertContains(preview, 'value="Pulihkan revisi ini"')
    assert len(revisions_of(edited)) == 2  # looking writes nothing

    response = restore(client, edited, oldest)
    assert response["Location"] == history_url(edited)

    edited.refresh_from_db()
    assert edited.title == "Rapat koordinasi logistik"
    assert edited.body == "<p>Rapat membahas distribusi kotak suara.</p>"
    # Counted views kept, version raised, status unchanged.
    assert (edited.view_count, edited.version, edited.status) == (57, 4, "draft")
    assert list(edited.tags.names()) == ["logistik"]
    user, comment = revisions_of(edited)[0]
    assert user == editor and comment.startswith("Dipulihkan dari revisi ")
    assert len(revisions_of(edited)) == 3
    # The new revision holds the restored text and tags: restoring it again restores them.
    assert Version.objects.get_for_object(edited).first().field_dict["title"] == edited.title


def test_restoring_never_changes_publication(edited, editor):
    login(editor).post(ARTICLES, {"action": "publish_selected", "_selected_action": [edited.pk]})
    login(editor).post(ARTICLES, {"action": "unpublish_selected", "_selected_action": [edited.pk]})
    edited.refresh_from_db()
    was_published = Version.objects.get_for_object(edited)[1]
    assert was_published.field_dict["status"] == "published"
    audited = AuditEvent.objects.count()
    restore(login(editor), edited, was_published)
    edited.refresh_from_db()
    assert edited.status == "draft"
    new_events = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))[audited:]
    assert new_events == [AuditEvent.Action.RESTORE]


def test_writer_restores_their_own_draft_but_cannot_publish_through_it(edited, writer):
    client = login(writer)
    oldest = Version.objects.get_for_object(edited).last()
    restore(client, edited, oldest, status="published", published_at_0="01/01/2026")
    edited.refresh_from_db()
    assert (edited.title, edited.status) == ("Rapat koordinasi logistik", "draft")


@pytest.mark.parametrize("method", ["get", "post"])
def test_writer_cannot_reach_the_history_of_others_articles(edited, other_writer, method):
    client = login(other_writer)
    version = Version.objects.get_for_object(edited).last()
    data = {"title": "Dibajak", "version": edited.version}
    for url in (
        history_url(edited),
        compare_url(edited, version, version),
        restore_url(edited, version),
    ):
        response = getattr(client, method)(url, data)
        assert response.status_code == HTTPStatus.NOT_FOUND, url
    edited.refresh_from_db()
    assert edited.title == "Rapat koordinasi logistik pemilu"
    assert len(revisions_of(edited)) == 2


def test_writer_cannot_restore_their_published_article(edited, editor, writer):
    login(editor).post(ARTICLES, {"action": "publish_selected", "_selected_action": [edited.pk]})
    client = login(writer)
    oldest = Version.objects.get_for_object(edited).last()
    assert client.get(history_url(edited)).status_code == HTTPStatus.FORBIDDEN
    data = {**open_article_form(login(editor), edited), "title": "Rapat koordinasi logistik"}
    response = client.post(restore_url(edited, oldest), data)
    assert response.status_code == HTTPStatus.FORBIDDEN
    edited.refresh_from_db()
    assert edited.title == "Rapat koordinasi logistik pemilu" and edited.is_published()


def test_only_editors_recover_deleted_articles(edited, editor, writer):
    assert login(writer).get(f"{ARTICLES}recover/").status_code == HTTPStatus.FORBIDDEN
    assertNotContains(login(writer).get(ARTICLES), "Pulihkan berita yang dihapus")
    assertContains(login(editor).get(ARTICLES), "Pulihkan berita yang dihapus")
    assert login(editor).get(f"{ARTICLES}recover/").status_code == HTTPStatus.OK


def test_editor_recovers_a_deleted_article(edited, editor):
    client = login(editor)
    client.post(f"{ARTICLES}{edited.pk}/delete/", {"post": "yes"})
    assert not Article.objects.filter(pk=edited.pk).exists()
    deleted = Version.objects.get_deleted(Article).get()
    url = f"{ARTICLES}recover/{deleted.pk}/"
    form = open_article_form(client, edited, url=url)
    assert client.post(url, form).status_code == HTTPStatus.FOUND
    recovered = Article.objects.get(pk=edited.pk)
    assert recovered.title == "Rapat koordinasi logistik pemilu"
    assert sorted(recovered.tags.names()) == ["logistik", "pemilu 2024"]


def test_view_counter_keeps_no_revision(client, edited):
    reader = "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 Chrome/120 Mobile"
    Article.objects.filter(pk=edited.pk).update(status="published", published_at=timezone.now())
    assert client.post(f"/berita/{edited.slug}/dilihat/", HTTP_USER_AGENT=reader).json()["counted"]
    assert len(revisions_of(edited)) == 2
