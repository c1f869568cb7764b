"""The article form's title field fits a real headline, on a desktop and on a phone."""

import pytest
from playwright.sync_api import expect

from accounts import roles
from tests.e2e.conftest import log_in, staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# 100 characters, as long as the office's headlines run.
HEADLINE = (
    "KPU Trenggalek menggelar pleno terbuka rekapitulasi daftar pemilih tetap "
    "Pemilu 2024 di 14 kecamatan"
)


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (390, 844)])
def test_the_title_field_shows_a_whole_headline(
    live_server, browser, artifacts, django_user_model, width, height
):
    assert len(HEADLINE) == 100
    staff(django_user_model, "penulis", roles.WRITER)
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    log_in(page, live_server.url, "penulis", "sandi-penulis-123")
    page.goto(f"{live_server.url}/admin/news/article/add/")
    title = page.locator("#id_title")
    title.fill(HEADLINE)
    expect(title).to_have_value(HEADLINE)
    page.screenshot(path=artifacts / f"admin-title-field-{width}.png", full_page=True)

    box = title.bounding_box()
    if width > 1000:
        # The whole headline is in view: the text is no wider than the field.
        assert title.evaluate("field => field.scrollWidth <= field.clientWidth")
    else:
        # On a phone the field takes the width of the screen, less the page's margins.
        assert box["width"] >= width - 60
    # Nothing sticks out sideways: the page scrolls only up and down.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
