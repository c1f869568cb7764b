"""Lose no work: an ended session, a closed tab and a form error all keep what the writer did."""

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from accounts import roles
from autosave.models import Autosave
from news.models import Article
from tests.e2e.conftest import log_in, staff
from tests.factories import ArticleFactory, AuthorFactory, DivisionFactory
from tests.images import image_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "sandi-wulan-123"


@pytest.fixture
def writer(django_user_model):
    user = staff(django_user_model, "wulan", roles.WRITER)
    AuthorFactory(name="Wulan Sari", signature="Wul", user=user)
    DivisionFactory(name="Divisi Hukum")
    return user


@pytest.fixture
def page(browser, live_server, writer):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, live_server.url, "wulan", PASSWORD)
    return page


def write_new_article(page, base_url, body):
    page.goto(f"{base_url}/admin/news/article/add/")
    page.locator("#id_title").press_sequentially("Rapat koordinasi pengawasan")
    page.locator("#id_lead").fill("KPU dan Bawaslu menyamakan langkah pengawasan.")
    editor = page.locator(".ck-editor__editable")
    editor.click()
    page.keyboard.type(body)
    page.locator("#id_division").select_option(label="Divisi Hukum")


def test_an_ended_session_loses_nothing(page, live_server, artifacts):
    body = "Rapat berlangsung dua jam dan menghasilkan tujuh kesepakatan."
    write_new_article(page, live_server.url, body)

    # The session ends while she writes (idle timeout, server restart, …).
    Session.objects.all().delete()
    page.locator("input[name=_save]").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Sesi Anda sudah berakhir, jadi isian belum tersimpan.")
    page.screenshot(path=artifacts / "admin-session-ended.png", full_page=True)
    # Still the form, with everything in it; nothing stored.
    expect(page).to_have_url(f"{live_server.url}/admin/news/article/add/")
    expect(page.locator(".ck-editor__editable")).to_contain_text(body)
    expect(page.locator("#id_title")).to_have_value("Rapat koordinasi pengawasan")
    assert not Article.objects.exists()

    # She logs in again in a new tab, comes back and saves.
    with page.expect_popup() as popup:
        alert.get_by_role("link", name="Masuk lagi di tab baru").first.click()
    login = popup.value
    login.get_by_label("Nama pengguna").fill("wulan")
    login.get_by_label("Sandi").fill(PASSWORD)
    login.get_by_role("button", name="Masuk").click()
    login.wait_for_url(f"{live_server.url}/admin/")
    login.close()

    page.locator("input[name=_save]").click()
    page.wait_for_url(f"{live_server.url}/admin/news/article/")
    article = Article.objects.get()
    assert body in article.body
    assert article.created_by.username == "wulan"


def test_autosave_brings_back_the_text_after_the_tab_closed(
    page, live_server, writer, settings, artifacts
):
    settings.AUTOSAVE_INTERVAL_SECONDS = 1
    article = ArticleFactory(
        created_by=writer,
        status=Article.Status.DRAFT,
        published_at=None,
        body="<p>Paragraf pertama.</p>",
    )
    change_url = f"{live_server.url}/admin/news/article/{article.pk}/change/"
    page.goto(change_url)
    page.locator(".ck-editor__editable").click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Tambahan yang belum disimpan.")
    expect(page.locator(".autosave-status")).to_contain_text("Tersimpan otomatis pukul")
    version = Article.objects.values_list("version", flat=True).get(pk=article.pk)
    page.close()  # the tab is closed without saving

    reopened = page.context.new_page()
    reopened.goto(change_url)
    offer = reopened.locator(".autosave-offer")
    expect(offer).to_contain_text("Ada versi tersimpan otomatis dari")
    expect(offer).to_contain_text("yang lebih baru dari yang tersimpan.")
    reopened.screenshot(path=artifacts / "admin-autosave-offer.png", full_page=True)
    expect(reopened.locator(".ck-editor__editable")).not_to_contain_text("Tambahan")
    # The autosave touched neither the article nor its version.
    article.refresh_from_db()
    assert (article.body, article.version) == ("<p>Paragraf pertama.</p>", version)

    offer.get_by_role("button", name="Pulihkan").click()
    expect(reopened.locator(".ck-editor__editable")).to_contain_text(
        "Paragraf pertama. Tambahan yang belum disimpan."
    )
    reopened.locator("input[name=_continue]").click()
    expect(reopened.locator(".messagelist")).to_be_visible()
    article.refresh_from_db()
    assert "Tambahan yang belum disimpan." in article.body
    assert not Autosave.objects.exists()
    expect(reopened.locator(".autosave-offer")).to_be_hidden()


def test_a_form_error_keeps_the_chosen_cover(page, live_server, settings, tmp_path, artifacts):
    settings.HELD_UPLOADS_ROOT = tmp_path / "held"
    write_new_article(page, live_server.url, "Isi berita dengan foto sampul.")
    page.locator("#id_cover").set_input_files(
        {"name": "sampul.jpg", "mimeType": "image/jpeg", "buffer": image_bytes()}
    )
    page.locator("input[name=_save]").click()  # no alt text

    expect(page.locator(".errorlist")).to_contain_text("Foto sampul wajib diberi teks alternatif.")
    expect(page.locator(".field-cover")).to_contain_text(
        "Foto terpilih: sampul.jpg (akan disimpan bersama berita)"
    )
    expect(page.locator(".ck-editor__editable")).to_contain_text("Isi berita dengan foto sampul.")
    page.screenshot(path=artifacts / "admin-kept-cover.png", full_page=True)

    page.locator("#id_cover_alt").fill("Peserta rapat koordinasi di aula KPU")
    page.locator("input[name=_save]").click()
    page.wait_for_url(f"{live_server.url}/admin/news/article/")
    article = Article.objects.get()
    assert article.cover.name.endswith("sampul.jpg")
    assert (article.cover_width, article.cover_height) == (640, 360)
    assert article.cover_alt == "Peserta rapat koordinasi di aula KPU"
