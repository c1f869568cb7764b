"""A writer proposes a correction to their published article; readers keep seeing the
published text until an editor compares the two and publishes the correction."""

import pytest
from playwright.sync_api import expect

from accounts import roles
from news.models import Article, Author
from tests.e2e.conftest import READER_USER_AGENT, log_in, staff
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Rekapitulasi suara tingkat kabupaten selesai"
BODY = "<p>Rapat pleno dihadiri saksi dari 18 partai politik.</p>"


def test_writer_proposes_and_editor_publishes_a_correction(
    live_server, browser, artifacts, django_user_model
):
    writer = staff(django_user_model, "penulis", roles.WRITER)
    staff(django_user_model, "redaktur", roles.EDITOR)
    author = Author.objects.create(name="Dewi Anggraini", slug="dewi", signature="Dew", user=writer)
    article = ArticleFactory(title=TITLE, body=BODY, author=author, created_by=writer)
    public_url = f"{live_server.url}{article.get_absolute_url()}"
    reader = browser.new_context(user_agent=READER_USER_AGENT).new_page()

    # --- The writer: the published article is read-only, with a button ----------
    page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    log_in(page, live_server.url, "penulis", "sandi-penulis-123")
    page.goto(f"{live_server.url}/admin/news/article/{article.pk}/change/")
    expect(page.locator("input[name=_save]")).to_have_count(0)
    page.get_by_role("link", name="Usulkan koreksi").click()
    expect(page.locator(".ck-editor__editable")).to_contain_text("18 partai politik")
    page.locator(".ck-editor__editable").click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Rapat selesai pukul 16.00 WIB.")
    page.locator("#id_title").fill("Rekapitulasi suara tingkat kabupaten selesai tepat waktu")
    page.screenshot(path=artifacts / "admin-correction-propose.png", full_page=True)
    page.get_by_role("button", name="Kirim koreksi").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Koreksi dikirim; halaman publik tidak berubah sampai redaktur menerbitkannya."
    )
    expect(page.get_by_role("link", name="Ubah usulan koreksi")).to_be_visible()
    page.screenshot(path=artifacts / "admin-correction-sent.png")

    # --- Readers: still the published text -------------------------------------
    reader.goto(public_url)
    expect(reader.locator("h1")).to_have_text(TITLE)
    expect(reader.locator(".article__body")).not_to_contain_text("16.00 WIB")

    # --- The editor: the queue, the comparison, publish ------------------------
    page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    log_in(page, live_server.url, "redaktur", "sandi-redaktur-123")
    page.goto(f"{live_server.url}/admin/corrections/correction/")
    expect(page.locator("h1")).to_have_text("Koreksi menunggu")
    page.screenshot(path=artifacts / "admin-correction-queue.png", full_page=True)
    page.get_by_role("link", name=TITLE).click()
    diff = page.locator("table.revision-diff")
    expect(diff.locator("ins").first).to_have_text("tepat waktu")
    expect(diff.locator("ins").nth(1)).to_contain_text("Rapat selesai pukul 16.00 WIB.")
    page.screenshot(path=artifacts / "admin-correction-decide.png", full_page=True)
    page.get_by_role("button", name="Terbitkan koreksi").click()
    expect(page.locator(".messagelist")).to_contain_text("Koreksi diterbitkan")

    article.refresh_from_db()
    assert article.title == "Rekapitulasi suara tingkat kabupaten selesai tepat waktu"
    assert article.status == Article.Status.PUBLISHED

    # --- Readers: the corrected text -------------------------------------------
    reader.goto(public_url)
    expect(reader.locator("h1")).to_have_text(
        "Rekapitulasi suara tingkat kabupaten selesai tepat waktu"
    )
    expect(reader.locator(".article__body")).to_contain_text("Rapat selesai pukul 16.00 WIB.")
