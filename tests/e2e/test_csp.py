"""The Content-Security-Policy blocks nothing the site itself needs.

A real browser visits public pages and the admin, CKEditor 5 included (typing,
pasting a picture, saving) and the revision compare page, while every
`securitypolicyviolation` event and every console error or warning is
collected. The policies themselves are pinned in tests/security/test_headers.py;
this proves they fit the pages.
"""

import base64
import re

import pytest
import reversion
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from accounts import roles
from news.models import Article
from tests.e2e.conftest import READER_USER_AGENT, log_in
from tests.factories import ArticleFactory
from tests.images import image_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Runs before any script of the page, outside its CSP (Playwright injects it).
WATCH_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline code"}` +
    ` in ${event.sourceFile || document.location.pathname}:${event.lineNumber}` +
    ` (${event.sample})`
  );
});
"""


@pytest.fixture
def watched(browser):
    """Opens pages whose CSP violations and console complaints land in `problems`."""
    problems = []

    def watch(message):
        # The admin names no icon, so the browser asks for /favicon.ico: not a CSP matter.
        if message.location["url"].endswith("/favicon.ico"):
            return
        if message.type in ("error", "warning"):
            problems.append(f"console {message.type}: {message.text} ({message.location['url']})")

    def new_page(**options):
        context = browser.new_context(**options)
        context.expose_function("reportViolation", lambda text: problems.append(f"CSP: {text}"))
        context.add_init_script(WATCH_VIOLATIONS)
        page = context.new_page()
        page.on("console", watch)
        page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
        return page

    return new_page, problems


def settle(page):
    # Late loads (pictures, the view counter) and the reports they cause arrive first.
    page.wait_for_load_state("networkidle")
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done)))")


def test_public_pages_run_under_the_strict_policy(live_server, watched, demo_site):
    new_page, problems = watched
    page = new_page(
        viewport={"width": 390, "height": 844}, is_mobile=True, user_agent=READER_USER_AGENT
    )
    article = Article.objects.published().exclude(cover="").order_by("-published_at").first()
    tag = article.tags.first()
    pages = {
        "home": "/",
        "list": "/berita/",
        "article": article.get_absolute_url(),
        "division": article.division.get_absolute_url(),
        "tag": f"/tag/{tag.slug}/",
        "author": article.author.get_absolute_url(),
        "search": "/cari/?q=pemilih",
    }
    for name, path in pages.items():
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, name
        assert "script-src 'self'" in response.headers["content-security-policy"], name
        settle(page)
        assert problems == [], name

    # The article page's own script ran under the policy: the view was counted.
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    expect(page.locator("[data-view-counter]")).to_contain_text("Dilihat")
    # Its cover (a responsive picture from MEDIA_URL) loaded.
    cover = page.locator("article img").first
    expect(cover).to_be_visible()
    assert page.evaluate("(img) => img.naturalWidth > 0", cover.element_handle())
    settle(page)
    assert problems == []


def test_admin_and_ckeditor_run_under_the_admin_policy(
    live_server, watched, demo_site, django_user_model, tmp_path
):
    django_user_model.objects.create_superuser("redaksi", "r@example.invalid", "sandi-uji-123")
    article = Article.objects.published().order_by("-published_at").first()
    new_page, problems = watched
    page = new_page(viewport={"width": 1280, "height": 900})

    log_in(page, live_server.url, "redaksi", "sandi-uji-123")
    settle(page)
    assert problems == [], "login and index"

    page.goto(f"{live_server.url}/admin/news/article/")
    settle(page)
    assert problems == [], "changelist"

    page.goto(f"{live_server.url}/admin/news/article/{article.pk}/change/")
    editor = page.locator(".ck-editor__editable")
    expect(editor).to_be_visible()
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Ditambahkan di bawah kebijakan keamanan.")
    # A picture through CKEditor's upload button: shown from a blob:/data: URL
    # at once, then sent with the CSRF token read from the cookie.
    picture = tmp_path / "foto-rapat.png"
    picture.write_bytes(image_bytes("PNG", size=(320, 200)))
    page.locator(".ck-toolbar input[type=file]").first.set_input_files(picture)
    uploaded = editor.locator("img[src*='/media/uploads/']")
    expect(uploaded).to_have_count(1)
    # A picture pasted as a data: URL (as from a word processor) is uploaded too.
    pasted = base64.b64encode(image_bytes("PNG", size=(300, 150), color="#1b6db0")).decode()
    editor.evaluate(
        """(editable, html) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            editable.dispatchEvent(
                new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true})
            );
        }""",
        f'<p><img src="data:image/png;base64,{pasted}" alt="Tempel"></p>',
    )
    # (It takes the place of the selected first picture: one upload is proof enough.)
    expect(editor.locator("img[alt='Tempel'][src*='/media/uploads/']")).to_have_count(1)
    settle(page)
    assert problems == [], "change form with CKEditor 5"

    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("Perubahan disimpan; berita tetap terbit")
    settle(page)
    assert problems == [], "after saving"

    article.refresh_from_db()
    assert "Ditambahkan di bawah kebijakan keamanan." in article.body
    assert re.search(r'<img src="/media/uploads/[^"]+" alt="Tempel"', article.body)

    # The staff preview renders the public article inside the admin.
    page.goto(f"{live_server.url}/admin/news/article/{article.pk}/preview/")
    settle(page)
    assert problems == [], "preview"


# Transparent, as getComputedStyle() writes it.
NO_BACKGROUND = {"rgba(0, 0, 0, 0)", "transparent"}


def test_revision_compare_is_coloured_under_the_admin_policy(
    live_server, watched, artifacts, django_user_model
):
    writer = django_user_model.objects.create_user(
        "penulis", password="sandi-penulis-123", is_staff=True
    )
    writer.groups.set(Group.objects.filter(name=roles.WRITER))
    article = ArticleFactory(
        status=Article.Status.DRAFT, published_at=None, created_by=writer, tags=["logistik"]
    )
    for body in (
        "<p>Rapat koordinasi membahas distribusi kotak suara ke 14 kecamatan.</p>"
        "<p>Gudang logistik dijaga petugas selama 24 jam.</p>"
        "<p>Jadwal lengkap ada di https://kpu.example.invalid/jadwal-distribusi-logistik-"
        "pemilihan-umum-tahun-2024-kabupaten.</p>",
        "<p>Rapat koordinasi membahas distribusi surat suara ke 14 kecamatan dan 212 desa.</p>"
        "<p>Jadwal lengkap ada di https://kpu.example.invalid/jadwal-distribusi-logistik-"
        "pemilihan-umum-tahun-2024-kabupaten.</p>",
    ):
        with reversion.create_revision():
            article.body = body
            article.save()
            reversion.set_user(writer)
    new_page, problems = watched

    for width, height in ((1366, 900), (390, 844)):
        page = new_page(viewport={"width": width, "height": height}, is_mobile=width < 768)
        log_in(page, live_server.url, "penulis", "sandi-penulis-123")
        page.goto(f"{live_server.url}/admin/news/article/{article.pk}/history/")
        settle(page)
        assert problems == [], f"history at {width} px"

        page.get_by_role("link", name="Lihat perubahan").click()
        expect(page.locator(".revision-diff")).to_be_visible()
        settle(page)
        assert problems == [], f"compare at {width} px"

        removed, added = page.locator(".revision-diff del"), page.locator(".revision-diff ins")
        expect(removed.filter(has_text="kotak")).to_have_count(1)
        expect(added.filter(has_text="surat")).to_have_count(1)
        for change in (removed.first, added.first):
            colour = change.evaluate("(element) => getComputedStyle(element).backgroundColor")
            assert colour not in NO_BACKGROUND, f"{change} has no background at {width} px"
        # Long words and addresses wrap: nothing is wider than the screen.
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        page.screenshot(path=artifacts / f"admin-revision-compare-{width}.png", full_page=True)
