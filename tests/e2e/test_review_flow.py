"""A writer submits an article for review; an editor finds it waiting and publishes it."""

import pytest
from playwright.sync_api import expect

from accounts import roles
from news.models import Article, Author
from tests.e2e.conftest import READER_USER_AGENT, log_in, staff
from tests.factories import DivisionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_writer_submits_and_editor_publishes(live_server, browser, artifacts, django_user_model):
    writer = staff(django_user_model, "penulis", roles.WRITER)
    staff(django_user_model, "redaktur", roles.EDITOR)
    DivisionFactory(name="Divisi Sosialisasi", slug="sosialisasi")
    Author.objects.create(name="Dewi Anggraini", slug="dewi", signature="Dew", user=writer)

    # --- The writer: no way to publish, a button to submit ------------------
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, live_server.url, "penulis", "sandi-penulis-123")
    expect(page.get_by_text("menunggu tinjauan")).to_have_count(0)
    page.goto(f"{live_server.url}/admin/news/article/add/")
    page.locator("#id_title").press_sequentially("Sosialisasi pemilih pemula di SMAN 1 Kampak")
    page.locator("#id_lead").fill("Ratusan siswa mengenal tahapan pemilihan dan cara mencoblos.")
    page.locator(".ck-editor__editable").click()
    page.keyboard.type("Siswa antusias bertanya tentang syarat menjadi pemilih.")
    page.locator("#id_division").select_option(label="Divisi Sosialisasi")
    expect(page.locator("#id_status option")).to_have_count(2)  # draft, review
    expect(page.locator("input[name=_publish]")).to_have_count(0)
    expect(page.locator("#id_featured")).to_have_count(0)
    page.get_by_role("button", name="Simpan dan kirim untuk ditinjau").click()
    expect(page.locator(".messagelist")).to_contain_text("Berita dikirim untuk ditinjau")
    article = Article.objects.get(slug="sosialisasi-pemilih-pemula-di-sman-1-kampak")
    assert article.status == Article.Status.REVIEW

    # --- The editor: the queue on the index, then publish ------------------
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, live_server.url, "redaktur", "sandi-redaktur-123")
    queue = page.get_by_role("link", name="1 berita menunggu tinjauan")
    expect(queue).to_be_visible()
    page.screenshot(path=artifacts / "admin-index-editor.png", full_page=True)
    queue.click()
    page.get_by_role("link", name="Sosialisasi pemilih pemula di SMAN 1 Kampak").click()
    page.get_by_role("button", name="Simpan dan terbitkan").click()
    expect(page.locator(".messagelist")).to_contain_text("Berita diterbitkan")

    article.refresh_from_db()
    assert article.is_published()
    reader = browser.new_context(user_agent=READER_USER_AGENT).new_page()
    reader.goto(f"{live_server.url}{article.get_absolute_url()}")
    expect(reader.locator("h1")).to_have_text("Sosialisasi pemilih pemula di SMAN 1 Kampak")
    expect(reader.locator(".article__byline")).to_contain_text("Dewi Anggraini")
