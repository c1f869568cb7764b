"""The header menu in a browser, at 320, 390, 1366 and 1920 px: every division and
menu page reached with the keyboard alone, each focused link inside the window,
Escape closing, the menu working without JavaScript, and the focus ring's
contrast measured everywhere (written to test-artifacts/focus-contrast-<width>.txt).

Screenshots of the menu closed and open at each width go to test-artifacts/.
"""

import pytest
from playwright.sync_api import expect

from news.models import Division
from pages.models import Page
from tests.e2e.conftest import READER_USER_AGENT
from tests.pages.conftest import make_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = [320, 390, 1366, 1920]


def viewport(width):
    phone = width < 500
    return {
        "viewport": {"width": width, "height": 800 if phone else 900},
        "is_mobile": phone,
        "has_touch": phone,
        "user_agent": READER_USER_AGENT,
    }


@pytest.fixture
def site(demo_site):
    """The demo content, and more menu pages with long Indonesian words."""
    parent = make_page("Pertanggungjawaban", slug="pertanggungjawaban", order=20)
    for order, title in enumerate(
        ["Laporan PENYELENGGARAAN Pemilihan", "Pertanggungjawaban Keuangan", "Arsip"]
    ):
        make_page(title, slug=f"pertanggungjawaban-{order}", parent=parent, order=order)
    make_page("Layanan Informasi Publik", slug="layanan-informasi-publik", order=21)


def menu_urls():
    """Every address the menu must reach: home, news, announcements, documents,
    divisions, menu pages, contact."""
    pages = Page.objects.published().filter(in_menu=True).select_related("parent")
    in_menu = [
        page
        for page in pages
        if page.parent is None or (page.parent.in_menu and page.parent.is_published())
    ]
    return {
        "/",
        "/berita/",
        "/pengumuman/",
        "/dokumen/",
        "/kontak/",
        *(division.get_absolute_url() for division in Division.objects.all()),
        *(page.get_absolute_url() for page in in_menu),
    }


# Where the focused element is, what it is, and whether a reader can see it:
# inside the window, and the topmost element at its centre (not under a panel).
FOCUSED = """() => {
  const el = document.activeElement;
  const box = el.getBoundingClientRect();
  const top = document.elementFromPoint(
    Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1),
    Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1));
  return {
    tag: el.tagName, href: el.getAttribute("href"), text: el.textContent.trim(),
    inNav: !!el.closest(".site-nav"), expanded: el.getAttribute("aria-expanded"),
    popovertarget: el.getAttribute("popovertarget"),
    box: {left: box.left, top: box.top, right: box.right, bottom: box.bottom},
    width: innerWidth, height: innerHeight,
    onTop: !!top && (top === el || el.contains(top)),
  };
}"""


def assert_in_view(focused):
    box = focused["box"]
    where = f"{focused['text']!r} at {box} in {focused['width']}x{focused['height']}"
    # Within a pixel: the browser scrolls a focused link just into view, at fractions of one.
    assert box["left"] >= -1 and box["top"] >= -1, where
    assert box["right"] <= focused["width"] + 1 and box["bottom"] <= focused["height"] + 1, where
    assert focused["onTop"], f"{where}: covered by something else"


def tab_through_menu(page, shots):
    """Tab from the top of the page through the menu, opening each closed button
    with Enter; returns the addresses of the links that took focus."""
    reached, opened = set(), []
    entered = False
    for _ in range(200):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if not focused["inNav"]:
            if entered:
                break
            continue
        entered = True
        assert_in_view(focused)
        if focused["tag"] == "A":
            reached.add(focused["href"])
        elif focused["expanded"] == "false":
            panel = page.locator(f"#{focused['popovertarget']}")
            expect(panel).to_be_hidden()
            if not opened:
                page.screenshot(path=shots("closed"))
            page.keyboard.press("Enter")
            expect(panel).to_be_visible()
            expect(page.locator(":focus")).to_have_attribute("aria-expanded", "true")
            if not opened:
                page.screenshot(path=shots("open"))
            opened.append(focused["text"])
    return reached, opened


@pytest.mark.parametrize("width", WIDTHS)
def test_keyboard_reaches_every_division_and_menu_page_in_view(
    live_server, browser, artifacts, site, width
):
    page = browser.new_context(**viewport(width)).new_page()
    page.goto(f"{live_server.url}/")
    reached, opened = tab_through_menu(page, lambda state: artifacts / f"nav-{width}-{state}.png")
    assert reached == menu_urls()
    if width < 768:
        assert opened == ["Menu"]  # one press shows it all
        expect(page.get_by_role("button", name="Divisi")).to_be_hidden()
    else:
        # The top items in a row; each group opened in turn.
        expect(page.get_by_role("button", name="Menu")).to_be_hidden()
        assert opened == ["Divisi", "Profil", "Pertanggungjawaban"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [390, 1366])
def test_escape_closes_the_menu_and_gives_focus_back_to_its_button(
    live_server, browser, site, width
):
    page = browser.new_context(**viewport(width)).new_page()
    page.goto(f"{live_server.url}/")
    name = "Menu" if width < 768 else "Divisi"
    button = page.locator(".site-nav").get_by_role("button", name=name, exact=True)
    panel = page.locator(f"#{button.get_attribute('popovertarget')}")
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(panel.locator("a").nth(1)).to_be_focused()
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-expanded", "false")


def test_a_panel_closes_when_focus_moves_on_past_it(live_server, browser, site):
    page = browser.new_context(**viewport(1366)).new_page()
    page.goto(f"{live_server.url}/")
    divisions = page.locator(".site-nav").get_by_role("button", name="Divisi", exact=True)
    divisions.focus()
    page.keyboard.press("Enter")
    for _ in range(Division.objects.count()):
        page.keyboard.press("Tab")
    expect(page.locator("#site-menu-divisions")).to_be_visible()
    page.keyboard.press("Tab")  # on to the next group's button
    expect(page.locator("#site-menu-divisions")).to_be_hidden()
    expect(divisions).to_have_attribute("aria-expanded", "false")


@pytest.mark.parametrize("width", [320, 1366])
def test_the_menu_opens_without_javascript(live_server, browser, artifacts, site, width):
    page = browser.new_context(**viewport(width), java_script_enabled=False).new_page()
    page.goto(f"{live_server.url}/")
    name = "Menu" if width < 768 else "Divisi"
    page.locator(".site-nav").get_by_role("button", name=name, exact=True).click()
    nav = page.locator(".site-nav")
    expect(nav.get_by_role("link", name="Divisi Hukum dan Pengawasan")).to_be_visible()
    page.screenshot(path=artifacts / f"nav-{width}-no-javascript.png")
    if width < 768:
        for link in nav.get_by_role("link").all():  # the panel scrolls when taller than the window
            link.scroll_into_view_if_needed()
            expect(link).to_be_in_viewport()
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_an_open_menu_closes_when_the_window_turns_wide(live_server, browser, site):
    page = browser.new_context(viewport={"width": 600, "height": 900}).new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Menu").click()
    open_menu = page.locator("#site-menu:popover-open")
    expect(open_menu).to_have_count(1)
    page.set_viewport_size({"width": 1024, "height": 700})
    expect(open_menu).to_have_count(0)
    # Now a row in the menu bar, not a panel floating over the page.
    beranda = page.locator(".site-nav").get_by_role("link", name="Beranda")
    assert beranda.bounding_box()["y"] < page.locator("main").bounding_box()["y"]
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()


def test_a_tap_on_a_division_goes_there(live_server, browser, site):
    page = browser.new_context(**viewport(390)).new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Menu").tap()
    page.locator(".site-nav").get_by_role("link", name="Divisi Hukum dan Pengawasan").tap()
    expect(page.locator("h1")).to_have_text("Divisi Hukum dan Pengawasan")


# --- Focus ring contrast ---------------------------------------------------------

# The focused element's outline colour, and the colour it is drawn on: the
# element's own background for a ring drawn inside it (negative offset), else
# its parent's; semi-transparent layers composed over the first opaque one.
RING = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const rgba = (text) => {
    const m = text.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const layers = [];
  let node = parseFloat(style.outlineOffset) < 0 ? el : el.parentElement;
  while (node) {
    const colour = rgba(getComputedStyle(node).backgroundColor);
    if (colour && colour[3] > 0) {
      layers.push(colour);
      if (colour[3] >= 1) break;
    }
    node = node.parentElement;
  }
  let base = [255, 255, 255];  // the canvas
  for (const [r, g, b, a] of layers.reverse()) {
    base = [r * a + base[0] * (1 - a), g * a + base[1] * (1 - a), b * a + base[2] * (1 - a)];
  }
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName,
    text: (el.textContent || el.getAttribute("aria-label") || el.tagName).trim().slice(0, 40),
    region: el.closest(".site-nav__panel:popover-open, .site-nav__sub:popover-open") ? "menu panel"
      : el.closest(".site-header") ? "header" : el.closest("footer") ? "footer" : "page",
    outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
    outline: rgba(style.outlineColor), background: base,
    inView: box.right > 0 && box.bottom > 0 && box.left < innerWidth && box.top < innerHeight,
  };
}"""


def luminance(rgb):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(value) for value in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first, second):
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_formula_matches_wcag():
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert contrast((0x1F, 0x5F, 0xBF), (0xB0, 0x11, 0x1B)) < 3  # the old ring on the header


def rings_on(page, url, presses):
    """The ring of every element focused by Tab from the top of `url` (at most `presses`)."""
    page.goto(url)
    rings = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        ring = page.evaluate(RING)
        if ring["tag"] == "BODY":  # past the last link: focus has left the page
            break
        focused = page.evaluate(FOCUSED)
        if focused["expanded"] == "false":
            page.keyboard.press("Enter")  # into the panel: its links are measured too
        rings.append(ring)
    return rings


@pytest.mark.parametrize("width", WIDTHS)
def test_focus_ring_has_3_to_1_contrast_everywhere(live_server, browser, artifacts, site, width):
    from news.models import Article

    article = Article.objects.published().order_by("-published_at").first()
    page = browser.new_context(**viewport(width)).new_page()
    measured = {}
    for url in ["/", article.get_absolute_url(), "/kontak/"]:
        for ring in rings_on(page, f"{live_server.url}{url}", 400):
            where = f"{url} {ring['text']!r}"
            assert ring["outlineStyle"] != "none" and ring["outlineWidth"] >= 2, where
            assert ring["inView"], f"{where}: focused off-screen"
            ratio = contrast(ring["outline"], ring["background"])
            assert ratio >= 3, f"{where}: {ratio:.2f} ({ring['outline']} on {ring['background']})"
            region = measured.setdefault(ring["region"], [ratio, ratio, 0])
            region[:] = [min(region[0], ratio), max(region[1], ratio), region[2] + 1]
    # The figures, for the record (test-artifacts/focus-contrast-<width>.txt).
    (artifacts / f"focus-contrast-{width}.txt").write_text(
        "".join(
            f"{region}: {count} elements, {low:.2f}:1 to {high:.2f}:1\n"
            for region, (low, high, count) in sorted(measured.items())
        )
    )
    assert {"header", "page", "footer"} <= set(measured)
