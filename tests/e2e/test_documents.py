"""The documents' pages in a browser, at a phone's width and a desktop's: nothing
scrolls sideways, the first page's preview loads, the filters work, and an editor's
form with its files fits. Screenshots go to test-artifacts/documents-*.png.
"""

import pytest

from accounts.roles import EDITOR
from documents.demo import load_demo_documents
from documents.models import Document
from tests.e2e.conftest import READER_USER_AGENT, log_in, staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = [390, 1366]


@pytest.fixture
def demo_documents(demo_site):
    load_demo_documents()


def reader_page(browser, width):
    phone = width < 500
    return browser.new_context(
        viewport={"width": width, "height": 900},
        is_mobile=phone,
        has_touch=phone,
        user_agent=READER_USER_AGENT,
    ).new_page()


def assert_no_sideways_scroll(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_document_list_filters_and_fits(live_server, browser, artifacts, demo_documents, width):
    page = reader_page(browser, width)
    page.goto(f"{live_server.url}/dokumen/")
    assert page.locator(".document-item").count() == 5
    assert "Berita Acara Rapat Pengamanan" not in page.content()
    assert_no_sideways_scroll(page, width)
    page.screenshot(path=artifacts / f"documents-list-{width}.png", full_page=True)

    page.get_by_label("Klasifikasi").select_option("berkala")
    page.get_by_role("button", name="Tampilkan").click()
    page.wait_for_url("**/dokumen/?kelas=berkala*")
    assert page.locator(".document-item").count() == 2
    assert_no_sideways_scroll(page, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_document_page_shows_its_preview_and_files(
    live_server, browser, artifacts, demo_documents, width
):
    document = Document.objects.get(slug="keputusan-penetapan-dpt-pemilihan-2024")
    page = reader_page(browser, width)
    page.goto(f"{live_server.url}{document.get_absolute_url()}")
    preview = page.locator(".document__preview img")
    preview.evaluate("img => img.decode()")
    assert preview.evaluate("img => img.naturalWidth") > 0
    assert page.get_by_role("link", name="Unduh").count() == 1
    assert "Diunduh 0 kali" in page.content()
    assert_no_sideways_scroll(page, width)
    page.screenshot(path=artifacts / f"documents-detail-{width}.png", full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_editor_document_form(
    live_server, browser, artifacts, demo_documents, width, django_user_model
):
    staff(django_user_model, "redaktur", EDITOR)
    document = Document.objects.get(slug="keputusan-penetapan-dpt-pemilihan-2024")
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    log_in(page, live_server.url, "redaktur", "sandi-redaktur-123")
    page.goto(f"{live_server.url}/admin/documents/document/{document.pk}/change/")
    assert page.locator(".field-pages").first.is_visible()
    assert "selesai" in page.content()
    page.screenshot(path=artifacts / f"documents-admin-form-{width}.png", full_page=True)
    page.goto(f"{live_server.url}/admin/documents/document/")
    page.screenshot(path=artifacts / f"documents-admin-list-{width}.png", full_page=True)
