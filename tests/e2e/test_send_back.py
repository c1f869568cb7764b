"""An editor sends an article in review back with a note; its writer reads the note
at the top of the article and finds it a draft again."""

import pytest
from playwright.sync_api import expect

from accounts import roles
from accounts.models import AuditEvent
from news.models import Article
from publishing.models import ReviewNote
from tests.e2e.conftest import log_in, staff
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NOTE = "Foto kedua belum ada keterangannya. Tambahkan juga jam mulai pleno <b>di sini</b>."


def test_editor_sends_back_and_writer_reads_the_note(
    live_server, browser, artifacts, django_user_model
):
    writer = staff(django_user_model, "penulis", roles.WRITER)
    editor = staff(django_user_model, "redaktur", roles.EDITOR)
    article = ArticleFactory(
        title="Pleno rekapitulasi tingkat kabupaten",
        status=Article.Status.REVIEW,
        published_at=None,
        created_by=writer,
    )

    # --- The editor: from the queue to the article, then back to the writer --
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, live_server.url, "redaktur", "sandi-redaktur-123")
    page.goto(f"{live_server.url}/admin/news/article/?status=tinjauan")
    page.get_by_role("link", name="Pleno rekapitulasi tingkat kabupaten").click()
    expect(page.locator(".publication-state")).to_contain_text("Menunggu tinjauan")
    page.get_by_role("link", name="Kembalikan ke penulis…").click()
    page.get_by_role("button", name="Kembalikan ke penulis").click()
    expect(page.locator(".errorlist")).to_contain_text("tidak boleh kosong")  # a note is needed
    page.get_by_label("Catatan untuk penulis").fill(NOTE)
    page.get_by_role("button", name="Kembalikan ke penulis").click()
    expect(page.locator(".messagelist")).to_contain_text("Berita dikembalikan ke penulis")
    expect(page.get_by_role("link", name="Pleno rekapitulasi tingkat kabupaten")).to_have_count(0)

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert ReviewNote.objects.about(article).get().author == editor
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SEND_BACK).count() == 1

    # --- The writer: the note on top, as typed, and the article a draft -------
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, live_server.url, "penulis", "sandi-penulis-123")
    page.goto(f"{live_server.url}/admin/news/article/{article.pk}/change/")
    notes = page.get_by_role("region", name="Catatan dari redaktur")
    expect(notes).to_contain_text(NOTE)  # shown as text: the <b> is not markup
    expect(notes).to_contain_text("redaktur")
    expect(page.locator(".publication-state")).to_contain_text("Draf")
    expect(page.get_by_role("button", name="Simpan dan kirim untuk ditinjau")).to_be_visible()
    page.screenshot(path=artifacts / "admin-review-note.png", full_page=True)
