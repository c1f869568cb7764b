"""Reflow (WCAG 1.4.4 Resize text, 1.4.10 Reflow): no public page scrolls sideways
at 320 px, nor with the text at 200 % on 390 px, with long Indonesian words in
every title, heading, breadcrumb, tag and menu item.

200 % text is set the way a reader sets it: the browser's default font size
(Chrome's Settings → Appearance → Font size; here the DevTools protocol's
Page.setFontSizes, 16 px → 32 px), not a stylesheet of ours. Only what the site
sizes in rem/em grows with it, which is the point: the test also checks that
the headings did grow, so a px size that ignores the reader cannot pass.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from news.models import Article
from pages.models import Page
from tests.e2e.conftest import READER_USER_AGENT
from tests.factories import ArticleFactory, AuthorFactory, DivisionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LONG_TITLE = "Pertanggungjawaban PENYELENGGARAAN Pemilihan: Mempertanggungjawabkannya"
JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def long_words(demo_site):
    """Long words in every place a reader meets a name: article, division, author,
    tag, menu page (demo content around them)."""
    division = DivisionFactory(
        name="Divisi Pertanggungjawaban PENYELENGGARAAN", slug="pertanggungjawaban"
    )
    author = AuthorFactory(name="Pertanggungjawabannya Sekretariat", slug="pertanggungjawabannya")
    article = ArticleFactory(
        title=LONG_TITLE,
        slug="pertanggungjawaban-penyelenggaraan",
        lead="Laporan PENYELENGGARAANPEMILIHANUMUM dan pertanggungjawabannya kepada publik.",
        body="<h2>Ketidakbertanggungjawabannya PENYELENGGARAAN</h2>"
        "<p>Mempertanggungjawabkannya https://jdih.kpu.go.id/pertanggungjawaban-penyelenggaraan"
        "-pemilihan-umum-tahun-2024</p>",
        division=division,
        author=author,
        published_at=datetime(2024, 3, 14, 9, tzinfo=JAKARTA),
        tags=["pertanggungjawabanpenyelenggaraan"],
    )
    page = Page.objects.create(
        title="Pertanggungjawaban PENYELENGGARAAN",
        slug="pertanggungjawaban",
        body="<p>Mempertanggungjawabkannya.</p>",
        order=30,
        status=Page.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    return article, page


def public_pages(article, page):
    return {
        "home": "/",
        "list": "/berita/",
        "article": article.get_absolute_url(),
        "division": article.division.get_absolute_url(),
        "tag": "/tag/pertanggungjawabanpenyelenggaraan/",
        "author": article.author.get_absolute_url(),
        "month": "/berita/2024/03/",
        "search": "/cari/?q=pertanggungjawaban",
        "not-found": "/tidak-ada-halaman-ini/",
        "page": page.get_absolute_url(),
        "contact": "/kontak/",
    }


# How wide the page is, and what sticks out (for the failure message). Against the
# device's width, not innerWidth: a phone widens its layout viewport (zooming out)
# to fit a page that is too wide, and innerWidth grows with it.
WIDTH = """(width) => {
  const out = [...document.querySelectorAll("body *")].filter((el) => {
    const box = el.getBoundingClientRect();
    return box.width && box.right > width + 1 && !el.closest("[popover]:not(:popover-open)");
  }).slice(0, 5).map((el) => `${el.tagName}.${el.className} ${el.getBoundingClientRect().right}`);
  return {scroll: document.documentElement.scrollWidth, inner: innerWidth, out};
}"""


def set_text_size(page, percent):
    session = page.context.new_cdp_session(page)
    session.send(
        "Page.setFontSizes",
        {"fontSizes": {"standard": 16 * percent // 100, "fixed": 13 * percent // 100}},
    )


@pytest.mark.parametrize(("width", "text"), [(320, 100), (390, 200)])
def test_no_public_page_scrolls_sideways(live_server, browser, artifacts, long_words, width, text):
    context = browser.new_context(
        viewport={"width": width, "height": 800},
        is_mobile=True,
        has_touch=True,
        user_agent=READER_USER_AGENT,
    )
    page = context.new_page()
    set_text_size(page, text)
    for name, url in public_pages(*long_words).items():
        page.goto(f"{live_server.url}{url}")
        root = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
        assert root == 16 * text / 100, name
        measured = page.evaluate(WIDTH, width)
        assert measured["scroll"] <= width and measured["inner"] == width, f"{name}: {measured}"
        skip = page.locator(".skip-link").bounding_box()  # out of sight until focused
        assert skip["y"] + skip["height"] <= 0, name
        # The window only: a full-page screenshot resets the emulated font size.
        page.locator("h1").first.scroll_into_view_if_needed()
        page.screenshot(path=artifacts / f"reflow-{width}-{text}-{name}.png")
        # The menu too, open, with its long page title.
        page.get_by_role("button", name="Menu").click()
        menu = page.locator("#site-menu")
        menu.get_by_role(
            "link", name="Pertanggungjawaban PENYELENGGARAAN", exact=True
        ).scroll_into_view_if_needed()
        box = menu.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, name
        assert page.evaluate(WIDTH, width)["scroll"] <= width, f"{name} with the menu open"
        if name == "article":
            page.screenshot(path=artifacts / f"reflow-{width}-{text}-menu-open.png")
        page.keyboard.press("Escape")


def test_text_size_grows_what_the_site_sizes(live_server, browser, long_words):
    """Guards the method: 200 % must make the article's title twice as large,
    which it does only because the stylesheet sizes text in rem/em."""
    article = Article.objects.get(title=LONG_TITLE)
    sizes = {}
    for text in (100, 200):
        page = browser.new_context(viewport={"width": 390, "height": 800}).new_page()
        set_text_size(page, text)
        page.goto(f"{live_server.url}{article.get_absolute_url()}")
        sizes[text] = page.locator(".article__title").evaluate(
            "el => parseFloat(getComputedStyle(el).fontSize)"
        )
    assert sizes[200] == pytest.approx(2 * sizes[100])
