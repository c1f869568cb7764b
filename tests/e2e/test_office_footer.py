"""The footer and the contact page in a browser: long Indonesian words and addresses
wrap at 320 px and at 200 % text, and a focused footer link shows a light ring on
the dark footer. Screenshots go to test-artifacts/office-*.png.
"""

import pytest

from office.models import ExternalLink, SiteSettings
from tests.e2e.conftest import READER_USER_AGENT

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def office(db):
    SiteSettings.objects.create(
        name="KPU Kabupaten Trenggalek",
        region="Kabupaten Trenggalek, Jawa Timur",
        address="Jl. Pertanggungjawaban PENYELENGGARAAN No. 123\nKelurahan Sumbergedong 66315",
        phone="(0355) 791234",
        whatsapp="0812 3456 7890",
        email="sekretariat.penyelenggaraanpemilihan@trenggalek.example.go.id",
        office_hours="Senin–Jumat, 08.00–16.00 WIB",
        map_url="https://maps.app.goo.gl/contohPertanggungjawabanPenyelenggaraan",
        instagram_url="https://www.instagram.com/kpu_trenggalek/",
        facebook_url="https://www.facebook.com/kpu.trenggalek",
        youtube_url="https://www.youtube.com/@kputrenggalek",
    )
    ExternalLink.objects.create(
        title="Pertanggungjawaban Penyelenggaraan Pemilihan",
        url="https://jdih.kpu.go.id/",
        description="Peraturan, keputusan dan dokumen hukum KPU.",
    )
    ExternalLink.objects.create(title="Cek DPT Online", url="https://cekdptonline.kpu.go.id/")


@pytest.mark.parametrize(("width", "text_size"), [(320, "100%"), (390, "200%"), (1366, "100%")])
def test_footer_and_contact_page_never_scroll_sideways(
    live_server, browser, artifacts, office, width, text_size
):
    phone = width < 500
    page = browser.new_context(
        viewport={"width": width, "height": 800},
        is_mobile=phone,
        has_touch=phone,
        user_agent=READER_USER_AGENT,
    ).new_page()
    for path, name in [("/", "home"), ("/kontak/", "contact")]:
        page.goto(f"{live_server.url}{path}")
        page.evaluate(f"document.documentElement.style.fontSize = '{text_size}'")
        footer = page.locator("footer.site-footer")
        assert "sekretariat.penyelenggaraanpemilihan" in footer.inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (path, text_size)
        footer.scroll_into_view_if_needed()
        page.screenshot(
            path=artifacts / f"office-{name}-{width}-{text_size.rstrip('%')}.png", full_page=True
        )


def test_focused_footer_link_has_a_light_ring(live_server, browser, office):
    page = browser.new_context(viewport={"width": 390, "height": 800}).new_page()
    page.goto(f"{live_server.url}/")
    link = page.locator("footer.site-footer a[href^='tel:']")
    link.focus()
    page.keyboard.press("Tab")  # :focus-visible comes with the keyboard
    page.keyboard.press("Shift+Tab")
    style = link.evaluate(
        "a => { const s = getComputedStyle(a); return [s.outlineStyle, s.outlineColor]; }"
    )
    assert style == ["solid", "rgb(255, 255, 255)"]
