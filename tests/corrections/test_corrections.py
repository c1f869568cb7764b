"""Corrections to published items: the writer proposes, the live page stays, an
editor compares and publishes or rejects with a note. Every request is one a
browser or an attacker could send."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains
from reversion.models import Version

from accounts.models import AuditEvent
from corrections.models import Correction
from news.models import Article, Author
from publishing.models import ReviewNote, Status
from tests.clients import login
from tests.factories import ArticleFactory, AuthorFactory, DivisionFactory
from tests.notices.models import Notice

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/corrections/correction/"
TITLE = "Rapat pleno rekapitulasi tingkat kabupaten"
NEW_TITLE = "Rapat pleno rekapitulasi tingkat kecamatan Durenan"
BODY = "<p>Rapat pleno berlangsung tertib di aula kantor KPU.</p>"


@pytest.fixture
def published(writer):
    author = Author.objects.create(name="Dewi Anggraini", slug="dewi", signature="Dew", user=writer)
    return ArticleFactory(
        created_by=writer, title=TITLE, body=BODY, author=author, tags=["pemilu 2024"]
    )


def propose_url(item):
    return f"/admin/{item._meta.app_label}/{item._meta.model_name}/{item.pk}/correction/"


def correction_url(correction):
    return f"{LIST_URL}{correction.pk}/change/"


def proposal(article, **overrides):
    """The proposal form as the browser posts it: the live values, `overrides` on top."""
    data = {
        "title": article.title,
        "lead": article.lead,
        "body": article.body,
        "cover_alt": article.cover_alt,
        "cover_caption": article.cover_caption,
        "division": article.division_id,
        "author": article.author_id,
        "tags": ", ".join(article.tags.names()),
    }
    data.update(overrides)
    return data


def correction_of(item):
    return Correction.objects.about(item).get()


def publish_data(correction, item):
    """The "publish" button's form as the decision page holds it."""
    return {
        "_publish_correction": "1",
        "version": item.version,
        "proposal": correction.updated_at.isoformat(),
    }


def propose(writer, article, **overrides):
    return login(writer).post(propose_url(article), proposal(article, **overrides))


def stored(article):
    return Article.objects.filter(pk=article.pk).values("title", "body", "version").get()


def public_page(client, article):
    return client.get(article.get_absolute_url())


# --- The writer ------------------------------------------------------------------


def test_writer_proposes_and_the_live_page_stays(writer, published, client):
    change_page = login(writer).get(f"/admin/news/article/{published.pk}/change/")
    assertContains(change_page, f'href="{propose_url(published)}"')
    assertContains(change_page, "Usulkan koreksi")
    form = login(writer).get(propose_url(published))
    assert form.context["adminform"].form["title"].value() == TITLE
    assertContains(form, "django_ckeditor_5")  # the body in the same editor as the change form
    before = stored(published)

    response = propose(
        writer,
        published,
        title=NEW_TITLE,
        body=BODY.replace("KPU", "KPU Kabupaten") + "<script>alert(1)</script>",
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"/admin/news/article/{published.pk}/change/"
    assert stored(published) == before
    correction = Correction.objects.pending().get()
    assert correction.proposed_by == writer and correction.item == published
    assert set(correction.proposed) == {"title", "body"}  # only what changed
    assert "<script>" not in correction.proposed["body"]
    assert correction.based_on_version == published.version
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CORRECTION_PROPOSE, actor=writer, target_id=str(published.pk)
    ).exists()
    assertContains(public_page(client, published), TITLE)
    assertNotContains(public_page(client, published), "kecamatan Durenan")
    change_page = login(writer).get(response["Location"])
    assertContains(change_page, "Usulan koreksi Anda")
    assertContains(change_page, "Ubah usulan koreksi")


def test_the_writer_is_told_the_public_page_is_unchanged(writer, published):
    browser = login(writer)
    response = browser.post(
        propose_url(published), proposal(published, title=TITLE + " 2024"), follow=True
    )
    assertContains(
        response,
        "Koreksi dikirim; halaman publik tidak berubah sampai redaktur menerbitkannya.",
    )


def test_proposing_again_replaces_the_waiting_proposal(writer, published):
    propose(writer, published, title="Judul pertama")
    propose(writer, published, lead="Ringkasan yang diperbaiki.")
    correction = Correction.objects.get()
    assert correction.proposed == {"lead": "Ringkasan yang diperbaiki."}
    # The form opens with the proposal still waiting.
    form = login(writer).get(propose_url(published)).context["adminform"].form
    assert form["lead"].value() == "Ringkasan yang diperbaiki."
    assert form["title"].value() == TITLE


def test_a_proposal_that_changes_nothing_is_refused_keeping_the_form(writer, published):
    response = propose(writer, published)
    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Tidak ada yang berbeda dari versi yang terbit")
    assert not Correction.objects.exists()


def test_invalid_values_are_refused_with_what_was_typed(writer, published):
    response = propose(writer, published, title="", lead="Ringkasan baru yang ditulis penulis.")
    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Ringkasan baru yang ditulis penulis.")
    response = propose(writer, published, tags="🗳️")
    assert response.status_code == HTTPStatus.OK
    assert response.context["adminform"].form.errors["tags"]
    assert not Correction.objects.exists()


def test_a_writer_cannot_put_a_colleagues_byline_through_a_correction(
    writer, other_writer, published
):
    colleague = Author.objects.create(name="Budi", slug="budi", signature="Bud", user=other_writer)
    response = propose(writer, published, author=colleague.pk)
    assert response.status_code == HTTPStatus.OK
    assert not Correction.objects.exists()


def test_only_the_writer_of_a_published_item_proposes(writer, other_writer, editor, published):
    # Another writer: not even the item's existence.
    assert propose(other_writer, published, title="Diubah").status_code == HTTPStatus.NOT_FOUND
    assert login(other_writer).get(propose_url(published)).status_code == HTTPStatus.NOT_FOUND
    # Those who may edit the item edit it directly.
    own_draft = ArticleFactory(created_by=writer, status=Status.DRAFT, published_at=None)
    for person, item in ((editor, published), (writer, own_draft)):
        response = login(person).post(propose_url(item), proposal(item, title="Diubah"))
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == f"/admin/news/article/{item.pk}/change/"
    # Anonymous: the login page.
    response = Client().get(propose_url(published))
    assert response["Location"].startswith("/admin/login/")
    assert not Correction.objects.exists()
    assert stored(published)["title"] == TITLE


def test_another_writers_published_article_shows_no_button(other_writer, published, editor):
    own = ArticleFactory(created_by=other_writer)
    own_page = login(other_writer).get(f"/admin/news/article/{own.pk}/change/")
    assertContains(own_page, f'href="{propose_url(own)}"')
    page = login(editor).get(f"/admin/news/article/{published.pk}/change/")
    assertNotContains(page, propose_url(published))


def test_corrections_work_for_every_publishable_type(writer, editor):
    notice = Notice.objects.create(
        title="Pengumuman pleno",
        text="<p>Pleno di aula.</p>",
        created_by=writer,
        status=Status.PUBLISHED,
        published_at=timezone.now(),
    )
    response = login(writer).post(
        propose_url(notice), {"title": notice.title, "text": "<p>Pleno di aula utama.</p>"}
    )
    assert response.status_code == HTTPStatus.FOUND
    correction = Correction.objects.get()
    assert correction.proposed == {"text": "<p>Pleno di aula utama.</p>"}
    login(editor).post(correction_url(correction), publish_data(correction, notice))
    notice.refresh_from_db()
    assert notice.text == "<p>Pleno di aula utama.</p>"


# --- The editor ------------------------------------------------------------------


@pytest.fixture
def waiting(writer, published):
    propose(
        writer,
        published,
        title=NEW_TITLE,
        tags="pemilu 2024, rekapitulasi",
    )
    return Correction.objects.get()


def test_editors_find_waiting_corrections(editor, writer, waiting, published):
    assert list(Correction.objects.pending()) == [waiting]
    queue = login(editor).get(LIST_URL)
    assertContains(queue, "Koreksi menunggu")
    assertContains(queue, f'href="{correction_url(waiting)}"')
    assertContains(queue, TITLE)
    items = login(editor).get("/admin/news/article/", {"koreksi": "menunggu"})
    assert list(items.context["cl"].result_list) == [published]
    assertContains(items, "Menunggu keputusan (1)")
    change_page = login(editor).get(f"/admin/news/article/{published.pk}/change/")
    assertContains(change_page, f'href="{correction_url(waiting)}"')
    # Decided ones leave the queue.
    waiting.decide(Correction.State.REJECTED, by=editor)
    assertNotContains(login(editor).get(LIST_URL), f'href="{correction_url(waiting)}"')
    assertContains(login(editor).get(LIST_URL, {"keadaan": "semua"}), correction_url(waiting))


def test_the_decision_page_compares_word_by_word(editor, waiting):
    page = login(editor).get(correction_url(waiting))
    assertContains(page, "<ins>kecamatan Durenan</ins>")
    assertContains(page, "<del>kabupaten</del>")
    assertContains(page, "<ins>, rekapitulasi</ins>")
    assertContains(page, 'name="_publish_correction"')
    assertContains(page, 'name="_reject"')
    assertNotContains(page, "diubah oleh")


def test_the_editor_is_warned_when_the_item_changed_since(editor, waiting, published):
    Article.objects.filter(pk=published.pk).update(version=published.version + 1, updated_by=editor)
    page = login(editor).get(correction_url(waiting))
    assertContains(page, "setelah koreksi diusulkan")


def test_publishing_applies_the_correction_through_the_items_form(
    editor, writer, waiting, published, client
):
    assertContains(public_page(client, published), TITLE)
    response = login(editor).post(
        correction_url(waiting), publish_data(correction_of(published), published)
    )
    assert response.status_code == HTTPStatus.FOUND
    published.refresh_from_db()
    assert published.title == NEW_TITLE
    assert sorted(published.tags.names()) == ["pemilu 2024", "rekapitulasi"]
    assert published.version == waiting.based_on_version + 1
    assert published.updated_by == editor
    assert published.body == BODY  # untouched: not in the proposal
    waiting.refresh_from_db()
    assert waiting.state == Correction.State.PUBLISHED and waiting.decided_by == editor
    revision = Version.objects.get_for_object(published).first().revision
    assert revision.user == editor
    assert "Koreksi dari writer diterbitkan" in revision.get_comment()
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CORRECTION_PUBLISH, actor=editor
    ).exists()
    assertContains(public_page(client, published), "kecamatan Durenan")


def test_publishing_sanitises_whatever_was_stored(editor, writer, published):
    correction = Correction.objects.create(
        item=published,
        proposed={"body": '<p onclick="x()">Teks baru</p><script>alert(1)</script>'},
        based_on_version=published.version,
        proposed_by=writer,
    )
    login(editor).post(
        correction_url(correction), publish_data(correction_of(published), published)
    )
    published.refresh_from_db()
    assert published.body == "<p>Teks baru</p>"


def test_publishing_is_refused_when_the_item_changed_while_comparing(editor, waiting, published):
    Article.objects.filter(pk=published.pk).update(version=published.version + 1)
    response = login(editor).post(
        correction_url(waiting), publish_data(correction_of(published), published)
    )
    assert response.status_code == HTTPStatus.OK
    assertContains(response, "berubah saat Anda membandingkan")
    assert stored(published)["title"] == TITLE
    assert Correction.objects.pending().exists()


def test_publishing_reports_what_the_items_form_refuses(editor, writer, published):
    propose(writer, published, lead="Ringkasan baru.")
    correction = Correction.objects.get()
    correction.proposed["lead"] = "x" * 301  # past the field's limit since
    correction.save()
    response = login(editor).post(
        correction_url(correction), publish_data(correction_of(published), published)
    )
    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Koreksi tidak diterbitkan")
    assert Correction.objects.pending().exists()


def test_rejecting_needs_a_note_which_the_writer_reads(editor, writer, waiting, published):
    response = login(editor).post(correction_url(waiting), {"_reject": "1", "text": "  "})
    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Tuliskan alasan penolakan")
    assert Correction.objects.pending().exists()

    response = login(editor).post(
        correction_url(waiting), {"_reject": "1", "text": "Nama kabupaten sudah benar."}
    )
    assert response.status_code == HTTPStatus.FOUND
    waiting.refresh_from_db()
    assert waiting.state == Correction.State.REJECTED
    note = ReviewNote.objects.about(published).get()
    assert note.kind == ReviewNote.Kind.CORRECTION_REJECTED and note.author == editor
    assert waiting.note == note
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CORRECTION_REJECT).exists()
    assert stored(published)["title"] == TITLE
    mine = login(writer).get(LIST_URL, {"keadaan": "semua"})
    assertContains(mine, "Nama kabupaten sudah benar.")
    assertContains(login(writer).get(correction_url(waiting)), "Nama kabupaten sudah benar.")


def test_a_decided_correction_is_not_decided_again(editor, waiting, published):
    waiting.reject(by=editor, text="Tidak perlu.", item=published)
    response = login(editor).post(
        correction_url(waiting), publish_data(correction_of(published), published)
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert stored(published)["title"] == TITLE


# --- Crafted requests -----------------------------------------------------------


def test_writers_cannot_decide_or_see_others_corrections(writer, other_writer, waiting, published):
    for data in (publish_data(correction_of(published), published), {"_reject": "1"}):
        data.setdefault("text", "Saya tolak sendiri.")
        response = login(writer).post(correction_url(waiting), data)
        assert response.status_code == HTTPStatus.FORBIDDEN
    assert login(other_writer).get(correction_url(waiting)).status_code == HTTPStatus.NOT_FOUND
    assertNotContains(login(other_writer).get(LIST_URL), TITLE)
    own = login(writer).get(correction_url(waiting))
    assert own.status_code == HTTPStatus.OK
    assertNotContains(own, 'name="_publish_correction"')
    assert Correction.objects.pending().get() == waiting
    assert stored(published)["title"] == TITLE


def test_nobody_adds_or_deletes_corrections_in_the_list(editor, admin, waiting):
    for person in (editor, admin):
        browser = login(person)
        assert browser.get(f"{LIST_URL}add/").status_code == HTTPStatus.FORBIDDEN
        assert (
            browser.post(f"{correction_url(waiting)}".replace("change", "delete"), {"post": "yes"})
        ).status_code == HTTPStatus.FORBIDDEN
    assert Correction.objects.filter(pk=waiting.pk).exists()


def test_the_queue_costs_the_same_whatever_its_length(editor, writer):
    division, author = DivisionFactory(), AuthorFactory()

    def queries_for(count):
        for _ in range(count):
            article = ArticleFactory(division=division, author=author)
            for proposer in (writer, editor):
                Correction.propose(article, by=proposer, values={"title": "Judul baru"})
            Correction.objects.about(article).filter(proposed_by=editor).get().reject(
                by=editor, text="Sudah benar.", item=article
            )
        counts = []
        for query, listed in (
            ({}, Correction.objects.pending()),
            ({"keadaan": "semua"}, Correction.objects.all()),
        ):
            with CaptureQueriesContext(connection) as queries:
                response = login(editor).get(LIST_URL, query)
            assert len(response.context["cl"].result_list) == listed.count()
            counts.append(len(queries))
        return counts

    assert queries_for(2) == queries_for(10)


def test_deleting_an_item_deletes_its_corrections(editor, waiting, published):
    published.delete()
    assert not Correction.objects.exists()


PICTURE_WITHOUT_ALT = '<p>Teks.</p><figure class="image"><img src="/media/uploads/a.jpg"></figure>'


def test_what_would_stop_publishing_is_said_to_the_writer_and_checked_again(
    writer, editor, published
):
    response = propose(writer, published, body=PICTURE_WITHOUT_ALT)
    assert response.status_code == HTTPStatus.OK
    assertContains(response, "belum punya teks alternatif")
    assert not Correction.objects.exists()
    # Stored some other way, it is refused when published.
    correction = Correction.objects.create(
        item=published,
        proposed={"body": PICTURE_WITHOUT_ALT},
        based_on_version=published.version,
        proposed_by=writer,
    )
    response = login(editor).post(
        correction_url(correction), publish_data(correction_of(published), published)
    )
    assertContains(response, "belum punya teks alternatif")
    assert stored(published)["body"] == BODY


def test_the_audit_record_names_the_item_as_published(writer, published):
    propose(writer, published, title=NEW_TITLE)
    event = AuditEvent.objects.get(action=AuditEvent.Action.CORRECTION_PROPOSE)
    assert event.target_repr == TITLE


def test_publishing_is_refused_when_the_writer_changed_the_proposal_meanwhile(
    editor, writer, waiting, published
):
    compared = publish_data(waiting, published)
    propose(writer, published, title="Judul lain sama sekali")
    response = login(editor).post(correction_url(waiting), compared)
    assertContains(response, "Penulis mengubah koreksi saat Anda membandingkan")
    assertContains(response, "Judul lain sama sekali")  # compared again, as it is now
    assert stored(published)["title"] == TITLE
