"""Announcements in a browser: the list, a page with an attached document, the
home page's section, and the admin form as a writer, at 390 px and 1366 px.
Nothing is wider than the screen, and no script fails (the CSP included).
Screenshots go to test-artifacts/announcements-*.png for a person to look at.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts import roles
from announcements.demo import load_demo_announcements
from announcements.models import Announcement
from documents.models import Document
from tests.e2e.conftest import READER_USER_AGENT, log_in, staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (390, 1366)


@pytest.fixture
def announcements_site(demo_site):
    """The demo site with its announcements; the DPT one with a public document
    and an excepted one attached (only the first may show)."""
    load_demo_announcements()
    dpt = Announcement.objects.get(slug="penetapan-daftar-pemilih-tetap")
    now = timezone.now()
    public, excepted = (
        Document.objects.create(
            title=title,
            slug=slug,
            number=number,
            document_date=now.date(),
            information_class=information_class,
            status=Document.Status.PUBLISHED,
            published_at=now - timedelta(hours=2),
        )
        for title, slug, number, information_class in [
            (
                "Keputusan KPU Kabupaten tentang Penetapan Daftar Pemilih Tetap",
                "keputusan-penetapan-dpt",
                "12 Tahun 2026",
                Document.InformationClass.PERIODIC,
            ),
            (
                "Data pribadi pemilih",
                "data-pribadi-pemilih",
                "",
                Document.InformationClass.EXCEPTED,
            ),
        ]
    )
    dpt.documents.set([public, excepted])
    return dpt


def reader_page(browser, width):
    phone = width < 500
    page = browser.new_context(
        viewport={"width": width, "height": 900},
        is_mobile=phone,
        has_touch=phone,
        user_agent=READER_USER_AGENT,
    ).new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return page, problems


def check(page, artifacts, name, width, problems):
    page.wait_for_load_state("networkidle")
    page.screenshot(path=artifacts / f"announcements-{name}-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    assert problems == [], name


@pytest.mark.parametrize("width", WIDTHS)
def test_reader_sees_the_list_a_page_and_the_home_section(
    live_server, browser, artifacts, announcements_site, width
):
    page, problems = reader_page(browser, width)

    page.goto(f"{live_server.url}/")
    section = page.locator("section.home-announcements")
    expect(section.get_by_role("heading", name="Pengumuman")).to_be_visible()
    titles = section.locator(".home-announcements__title")
    expect(titles).to_have_count(3)
    expect(titles.first).to_have_text("Pendaftaran Calon Anggota Panitia Pemungutan Suara (PPS)")
    expect(section.locator(".badge")).to_have_text("Penting")
    section.screenshot(path=artifacts / f"announcements-home-section-{width}.png")
    check(page, artifacts, "home", width, problems)

    if width < 768:  # the phone's menu opens first
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Pengumuman", exact=True).first.click()
    page.wait_for_url(f"{live_server.url}/pengumuman/")
    items = page.locator(".announcement-item")
    expect(items).to_have_count(5)
    expect(items.last).to_contain_text("Sudah berakhir")
    expect(items.first).to_contain_text("Berlaku sampai")
    check(page, artifacts, "list", width, problems)

    page.get_by_role("link", name="Penetapan Daftar Pemilih Tetap (DPT) Tingkat Kabupaten").click()
    page.wait_for_url(f"{live_server.url}{announcements_site.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text(announcements_site.title)
    attachments = page.locator(".attachments__list li")
    expect(attachments).to_have_count(1)
    expect(attachments.get_by_role("link")).to_have_attribute(
        "href", "/dokumen/keputusan-penetapan-dpt/"
    )
    expect(page.get_by_text("Data pribadi pemilih")).to_have_count(0)
    for name in ("Bagikan ke WhatsApp", "Bagikan ke Facebook", "Bagikan ke X (Twitter)"):
        expect(page.get_by_role("link", name=name)).to_be_visible()
    check(page, artifacts, "detail", width, problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_writer_fills_in_the_announcement_form(
    live_server, browser, artifacts, announcements_site, django_user_model, width
):
    staff(django_user_model, "penulis", roles.WRITER)
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    log_in(page, live_server.url, "penulis", "sandi-penulis-123")
    page.goto(f"{live_server.url}/admin/announcements/announcement/add/")
    expect(page.locator(".ck-editor__editable")).to_be_visible()
    page.get_by_label("Judul").fill("Pembentukan KPPS untuk pemungutan suara ulang")
    page.locator(".ck-editor__editable").click()
    page.keyboard.type("Pendaftaran anggota KPPS dibuka di setiap desa.")
    # The documents are found by search, among those published.
    page.locator(".field-documents .select2-selection").click()
    page.keyboard.type("Daftar Pemilih")
    option = page.locator(
        ".select2-results__option", has_text="Keputusan KPU Kabupaten tentang Penetapan"
    )
    expect(option).to_be_visible()
    option.click()
    # Pinning is an editor's choice: the writer sees it, read-only.
    expect(page.locator(".field-pinned input")).to_have_count(0)
    check(page, artifacts, "admin-form", width, problems)
