"""The organisation page in a browser: the people list wraps at every width (long
positions, 200 % text) and its photos load from the renditions, lazily.
Screenshots go to test-artifacts/pages-*.png.
"""

import pytest

from tests.e2e.conftest import READER_USER_AGENT

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PEOPLE_PAGE = "/halaman/profil/struktur-organisasi/"


@pytest.mark.parametrize(("width", "text_size"), [(320, "100%"), (390, "200%"), (1366, "100%")])
def test_people_page_never_scrolls_sideways_and_shows_every_photo(
    live_server, browser, artifacts, demo_site, width, text_size
):
    phone = width < 500
    page = browser.new_context(
        viewport={"width": width, "height": 800},
        is_mobile=phone,
        has_touch=phone,
        user_agent=READER_USER_AGENT,
    ).new_page()
    page.goto(f"{live_server.url}{PEOPLE_PAGE}")
    page.evaluate(f"document.documentElement.style.fontSize = '{text_size}'")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    photos = page.locator("img.person__photo")
    assert photos.count() == 10
    for index in range(photos.count()):
        photo = photos.nth(index)
        assert photo.get_attribute("loading") == "lazy"
        photo.scroll_into_view_if_needed()
        photo.evaluate("img => img.decode()")  # resolves once the picture has loaded
        assert photo.evaluate("img => img.naturalWidth") > 0
        assert "/media/cache/" in photo.evaluate("img => img.currentSrc")
    page.screenshot(
        path=artifacts / f"pages-people-{width}-{text_size.rstrip('%')}.png", full_page=True
    )
