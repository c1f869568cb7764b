"""A reader's path on a phone and on a desktop, with axe-core checking every page.

home → division → article → tag → search. Screenshots go to test-artifacts/.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.conftest import READER_USER_AGENT

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}
# Every axe-core rule (WCAG 2.0/2.1 A and AA, and its best practices).
AXE = Axe()


def assert_accessible(page, name):
    results = AXE.run(page)
    assert results.violations_count == 0, f"{name}:\n{results.generate_report()}"


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_reader_path_is_accessible(live_server, browser, artifacts, demo_site, device):
    context = browser.new_context(user_agent=READER_USER_AGENT, **VIEWPORTS[device])
    page = context.new_page()
    console_errors = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)

    def step(name):
        page.wait_for_load_state("networkidle")
        expect(page.locator("h1")).to_have_count(1)
        page.screenshot(path=artifacts / f"reader-{device}-{name}.png", full_page=True)
        assert_accessible(page, f"{device} {name}")

    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Terpopuler minggu ini")).to_be_visible()
    step("1-home")

    nav = page.get_by_role("navigation", name="Menu utama")
    # Divisions sit in the menu: "Menu" on a phone, the "Divisi" group on a desktop.
    nav.get_by_role("button", name="Menu" if device == "phone" else "Divisi", exact=True).click()
    nav.get_by_role("link", name="Divisi Hukum dan Pengawasan").click()
    expect(page.locator("h1")).to_have_text("Divisi Hukum dan Pengawasan")
    step("2-division")

    page.locator(".card__title a").first.click()
    expect(page.locator(".article__title")).to_be_visible()
    expect(page.get_by_role("link", name="Bagikan ke WhatsApp")).to_be_visible()
    step("3-article")

    page.locator(".tag-list a").first.click()
    expect(page.locator("h1")).to_contain_text("#")
    step("4-tag")

    search = page.get_by_role("search").first.get_by_role("searchbox")
    search.fill("pemilih")
    search.press("Enter")
    expect(page.locator(".search-count")).to_contain_text("Hasil ditemukan")
    expect(page.locator("mark").first).to_be_visible()
    step("5-search")

    page.goto(f"{live_server.url}/berita/")
    step("6-list")

    assert console_errors == []
    context.close()


def test_keyboard_reader_can_skip_to_content_and_sees_the_focus(live_server, browser, demo_site):
    page = browser.new_context(user_agent=READER_USER_AGENT).new_page()
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Langsung ke konten")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    expect(page.locator("#konten")).to_be_focused()


def test_the_accessibility_check_catches_a_planted_violation(live_server, browser, demo_site):
    """Guards the guard: an axe run that could not fail would prove nothing."""
    page = browser.new_context(user_agent=READER_USER_AGENT).new_page()
    page.goto(f"{live_server.url}/")
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend',"
        ' \'<img src="/static/img/share-default.png"><a href="#"></a>\')'
    )
    results = AXE.run(page)
    found = {violation["id"] for violation in results.response["violations"]}
    assert {"image-alt", "link-name"} <= found
