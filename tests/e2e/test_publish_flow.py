"""A staff member writes and publishes in CKEditor 5; a visitor reads, sees the count, can share."""

import re

import pytest
from playwright.sync_api import expect

from news.models import Article, Author
from tests.e2e.conftest import READER_USER_AGENT, log_in
from tests.factories import DivisionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_publishes_and_a_visitor_reads_and_shares(
    live_server, browser, artifacts, django_user_model
):
    staff = django_user_model.objects.create_superuser(
        "redaksi", "r@example.invalid", "sandi-uji-123"
    )
    DivisionFactory(name="Divisi Teknis Penyelenggaraan", slug="teknis-penyelenggaraan")
    Author.objects.create(name="Rina Kartikasari", slug="rina", signature="Rin", user=staff)

    # --- Staff: log in and write ------------------------------------------
    staff_page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(staff_page, live_server.url, "redaksi", "sandi-uji-123")

    staff_page.goto(f"{live_server.url}/admin/news/article/add/")
    title = "Simulasi pemungutan suara di Kecamatan Pule"
    staff_page.locator("#id_title").press_sequentially(title)
    # The slug is prefilled from the title as the writer types.
    expect(staff_page.locator("#id_slug")).to_have_value(
        "simulasi-pemungutan-suara-di-kecamatan-pule"
    )
    staff_page.locator("#id_lead").fill(
        "Warga mencoba tata cara mencoblos sebelum hari pemungutan."
    )

    editor = staff_page.locator(".ck-editor__editable")
    expect(editor).to_be_visible()
    editor.click()
    staff_page.keyboard.type("Simulasi berjalan ")
    staff_page.keyboard.press("Control+b")
    staff_page.keyboard.type("lancar dan tertib")
    staff_page.keyboard.press("Control+b")
    staff_page.keyboard.type(". Panduan lengkap: ")
    staff_page.keyboard.press("Control+k")
    staff_page.get_by_label("Teks yang ditampilkan").fill("situs KPU")
    staff_page.get_by_label("URL tautan").fill("https://www.kpu.go.id/")
    staff_page.get_by_role("button", name="Sisipkan", exact=True).click()
    # The editor shows the toolbar in Indonesian.
    expect(staff_page.locator(".ck-toolbar [data-cke-tooltip-text^='Tebal']")).to_have_count(1)

    staff_page.locator("#id_division").select_option(label="Divisi Teknis Penyelenggaraan")
    expect(staff_page.locator("#id_author option:checked")).to_have_text("Rina Kartikasari [Rin]")
    staff_page.locator("#id_tags").fill("pemilu 2024, simulasi")
    staff_page.locator("#id_status").select_option("published")
    staff_page.screenshot(path=artifacts / "admin-article-form.png", full_page=True)
    staff_page.locator("input[name=_save]").click()
    expect(staff_page.locator(".messagelist")).to_contain_text("Berita diterbitkan")

    article = Article.objects.get(slug="simulasi-pemungutan-suara-di-kecamatan-pule")
    assert article.is_published()
    assert "<strong>lancar dan tertib</strong>" in article.body
    assert re.search(r'<a href="https://www.kpu.go.id/"[^>]*>situs KPU</a>', article.body)

    # --- Visitor: home page, article page, count, share ------------------
    visitor = browser.new_context(
        viewport={"width": 390, "height": 844}, user_agent=READER_USER_AGENT, is_mobile=True
    ).new_page()
    visitor.goto(f"{live_server.url}/")
    headline = visitor.get_by_role("link", name="Simulasi pemungutan suara di Kecamatan Pule")
    expect(headline.first).to_be_visible()
    visitor.screenshot(path=artifacts / "home-phone.png", full_page=True)
    headline.first.click()

    expect(visitor).to_have_url(
        f"{live_server.url}/berita/simulasi-pemungutan-suara-di-kecamatan-pule/"
    )
    expect(visitor.locator("h1")).to_have_text("Simulasi pemungutan suara di Kecamatan Pule")
    expect(visitor.locator("strong", has_text="lancar dan tertib")).to_be_visible()
    expect(visitor.get_by_role("link", name="situs KPU")).to_have_attribute(
        "href", "https://www.kpu.go.id/"
    )
    expect(visitor.locator("[data-view-counter]")).to_have_text("Dilihat 1 kali")
    for name in ("WhatsApp", "Facebook", "X (Twitter)", "Telegram"):
        link = visitor.get_by_role("link", name=f"Bagikan ke {name}")
        expect(link).to_be_visible()
        expect(link).to_have_attribute("href", re.compile(r"berita%2Fsimulasi-pemungutan-suara"))
    expect(visitor.get_by_role("link", name="Salin tautan berita")).to_be_visible()
    visitor.screenshot(path=artifacts / "article-phone.png", full_page=True)

    article.refresh_from_db()
    assert article.view_count == 1
    # Reloading within the window does not count the same reader twice.
    visitor.reload()
    expect(visitor.locator("[data-view-counter]")).to_have_text("Dilihat 1 kali")
    visitor.wait_for_load_state("networkidle")
    article.refresh_from_db()
    assert article.view_count == 1
