"""In a real browser, no XSS payload runs on a public or admin page.

Every payload of tests/security/payloads.py is stored, through the ORM, in the
fields staff fill in: each article's title, lead, cover alt text and caption;
each division's and author's name; a tag per payload; and, all together, one
article's body (with figure alt texts and captions), one division's description
and one author's bio. Then Chromium visits the home page, the news list, every
article, the division, tag and author pages, a search for every payload, and
the admin's lists, change forms (CKEditor included) and history.

Proof that nothing ran, on every page:
- no dialog opened (each payload calls alert(n)) and `window.__xss` is unset
  (each payload sets it to its number);
- no element in the DOM carries what only a payload could have added (an on…
  handler, a javascript:/data: URL, a foreign <script>, <iframe>, <object> …);
- the console shows no error naming a payload.
This does not lean on the Content-Security-Policy, which would block inline
code even if escaping failed: every HTML response has its CSP headers removed
on the way to the browser (`strip_csp`), and a probe checks that inline script
does run on our pages once they are gone.
"""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import expect
from taggit.models import Tag

from news.models import Article, Author, Division
from tests.e2e.conftest import READER_USER_AGENT, log_in
from tests.images import image_bytes
from tests.security.payloads import MARKER, PAYLOADS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CSP_HEADERS = {"content-security-policy", "content-security-policy-report-only"}

# Elements and attributes only a payload could have put in the page. The admin
# and CKEditor draw icons with inline <svg>, so svg is not on the list: a
# payload's <svg> can only run code through what is (on… handlers, <script>).
FIND_INJECTED = """() => {
  const found = [];
  const foreign = "iframe, frame, object, embed, base, math, isindex, marquee, xss, " +
    "meta[http-equiv], link[href^='javascript' i], template, noscript";
  for (const el of document.querySelectorAll(foreign)) found.push(el.outerHTML.slice(0, 120));
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.replace(/[\\x00-\\x20]/g, "").toLowerCase();
      if (name.startsWith("on")) found.push(`${name} on <${el.localName}>`);
      if (["href", "src", "action", "formaction", "data", "xlink:href", "srcset",
           "background", "poster"].includes(name) &&
          /^(javascript|vbscript|data):/.test(value)) {
        found.push(`${name}=${attr.value.slice(0, 60)} on <${el.localName}>`);
      }
    }
  }
  for (const script of document.scripts) {
    const src = script.getAttribute("src") || "";
    const data = ["application/ld+json", "application/json"].includes(script.type);
    const ours = src.startsWith("/static/") || src.startsWith("/admin/jsi18n/") ||
      src.startsWith(location.origin + "/static/");
    if (!data && !ours) found.push(`script ${script.outerHTML.slice(0, 120)}`);
  }
  return found;
}"""
# Let handlers that fire after load (autofocus, ontoggle, svg onload) have their turn.
SETTLE = "() => new Promise(done => requestAnimationFrame(() => setTimeout(done, 50)))"


def body_with_every_payload(src):
    return "".join(
        f'<p>{payload}</p><figure class="image"><img src="{src}" alt="{payload}">'
        f"<figcaption>{payload}</figcaption></figure>"
        for payload in PAYLOADS
    )


@pytest.fixture
def hostile_site(db):
    everything = "\n".join(PAYLOADS)
    cover = ContentFile(image_bytes("PNG", size=(120, 68)), name="sampul.png")
    divisions, authors, articles, tags = [], [], [], []
    for n, payload in enumerate(PAYLOADS):
        division = Division.objects.create(
            name=payload, slug=f"divisi-{n}", description=everything, order=n
        )
        author = Author.objects.create(
            name=payload, slug=f"penulis-{n}", signature=f"X{n}", bio=everything
        )
        article = Article(
            title=payload,
            slug=f"berita-{n}",
            lead=payload,
            body=f"<p>Isi.</p><p>{payload}</p>",
            cover_alt=payload,
            cover_caption=payload,
            division=division,
            author=author,
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - timedelta(minutes=n + 1),
        )
        article.cover.save(f"sampul-{n}.png", cover, save=False)
        article.save()
        tag = Tag.objects.create(name=payload, slug=f"tag-{n}")
        article.tags.add(tag)
        divisions.append(division)
        authors.append(author)
        articles.append(article)
        tags.append(tag)
    omnibus = articles[0]
    omnibus.body = body_with_every_payload(omnibus.cover.url)
    omnibus.save()
    omnibus.tags.add(*tags)
    return {"articles": articles, "divisions": divisions, "authors": authors, "tags": tags}


def strip_csp(route):
    """Fetch the real response and hand it to the browser without its CSP."""
    if route.request.resource_type != "document":
        route.continue_()
        return
    response = route.fetch(max_redirects=0)  # the browser follows redirects itself
    headers = {k: v for k, v in response.headers.items() if k.lower() not in CSP_HEADERS}
    route.fulfill(response=response, headers=headers)


class Watch:
    """A page whose dialogs and console messages are recorded, with CSP removed."""

    def __init__(self, context):
        context.route("**/*", strip_csp)
        self.page = context.new_page()
        self.dialogs, self.console = [], []
        self.page.on("dialog", self._dialog)
        self.page.on(
            "console", lambda message: self.console.append(f"{message.type}: {message.text}")
        )

    def _dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}({dialog.message}) on {self.page.url}")
        dialog.dismiss()

    def visit(self, url):
        response = self.page.goto(url)
        assert response.ok, url
        assert not CSP_HEADERS & set(response.headers), "the CSP reached the browser"
        self.assert_nothing_ran(url)

    def assert_nothing_ran(self, where):
        self.page.evaluate(SETTLE)
        assert self.dialogs == [], where
        assert self.page.evaluate(f"() => window.{MARKER}") is None, where
        assert self.page.evaluate(FIND_INJECTED) == [], where
        ran = [m for m in self.console if MARKER in m or "alert" in m or "Refused" in m]
        assert ran == [], where


def test_the_watch_sees_a_payload_that_runs(browser):
    """The detectors work: unescaped, a payload fires a dialog and sets the marker."""
    context = browser.new_context()
    watch = Watch(context)
    watch.page.set_content(f"<p>{PAYLOADS[6]}</p>")  # <img src=x onerror=…>
    watch.page.evaluate(SETTLE)
    assert watch.dialogs and watch.page.evaluate(f"() => window.{MARKER}") == 6
    assert watch.page.evaluate(FIND_INJECTED) == ["onerror on <img>"]
    context.close()


def test_no_payload_runs_on_public_pages(live_server, browser, hostile_site):
    context = browser.new_context(user_agent=READER_USER_AGENT)
    watch = Watch(context)
    base = live_server.url

    watch.visit(f"{base}/")
    # Inline script runs on our pages as the browser gets them: no CSP to hide behind.
    watch.page.add_script_tag(content="window.__probe = 1")
    assert watch.page.evaluate("() => window.__probe") == 1
    expect(watch.page.locator(".headline .card__title")).to_have_text(PAYLOADS[0])
    expect(watch.page.locator(".division-section h2").first).to_have_text(PAYLOADS[1])

    watch.visit(f"{base}/berita/")
    watch.visit(f"{base}/berita/?page=last")
    for article in hostile_site["articles"]:
        watch.visit(base + article.get_absolute_url())
        expect(watch.page.locator("h1.article__title")).to_have_text(article.title)
    # The article with every payload in its body, figures and tags.
    watch.visit(base + hostile_site["articles"][0].get_absolute_url())
    expect(watch.page.locator(".article__tags li")).to_have_count(len(PAYLOADS))
    watch.visit(base + hostile_site["divisions"][0].get_absolute_url())
    watch.visit(base + hostile_site["authors"][0].get_absolute_url())
    for tag in hostile_site["tags"][:10]:
        watch.visit(f"{base}/tag/{tag.slug}/")
    watch.visit(f"{base}/cari/")
    for payload in PAYLOADS:  # typed into the search box, each from the last results
        watch.page.locator("#search-q").fill(payload)
        watch.page.locator("#search-q").press("Enter")
        watch.page.wait_for_load_state()
        watch.assert_nothing_ran(f"search for {payload}")
        expect(watch.page.locator("#search-q")).to_have_value(" ".join(payload.split()))
    watch.visit(f"{base}/cari/?q=alert")
    expect(watch.page.locator(".search-result").first).to_be_visible()
    context.close()


def test_no_payload_runs_on_admin_pages(live_server, browser, hostile_site, django_user_model):
    django_user_model.objects.create_superuser("redaksi", "r@example.invalid", "sandi-uji-123")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watch = Watch(context)
    log_in(watch.page, live_server.url, "redaksi", "sandi-uji-123")
    base = f"{live_server.url}/admin"
    omnibus = hostile_site["articles"][0]
    division, author = hostile_site["divisions"][0], hostile_site["authors"][0]
    for url in (
        f"{base}/news/article/",
        f"{base}/news/article/?q=alert",
        f"{base}/news/article/{omnibus.pk}/change/",
        f"{base}/news/article/{omnibus.pk}/history/",
        f"{base}/news/article/{omnibus.pk}/preview/",
        f"{base}/news/division/",
        f"{base}/news/division/{division.pk}/change/",
        f"{base}/news/author/",
        f"{base}/news/author/{author.pk}/change/",
        f"{base}/taggit/tag/",
        f"{base}/taggit/tag/{hostile_site['tags'][0].pk}/change/",
    ):
        watch.visit(url)
        if url == f"{base}/news/article/{omnibus.pk}/change/":
            # CKEditor has loaded the body with every payload into its editing view.
            # (It may turn a bare <img> into a figure of its own.)
            figures = watch.page.locator(".ck-editor__editable figure")
            expect(figures.first).to_be_attached()
            assert figures.count() >= Article.objects.get(pk=omnibus.pk).body.count("<figure")
            watch.assert_nothing_ran("CKEditor")
    context.close()


def test_slug_from_an_indonesian_emoji_and_rtl_title(live_server, browser, django_user_model):
    django_user_model.objects.create_superuser("redaksi", "r@example.invalid", "sandi-uji-123")
    page = browser.new_context().new_page()
    log_in(page, live_server.url, "redaksi", "sandi-uji-123")
    page.goto(f"{live_server.url}/admin/news/article/add/")
    page.locator("#id_title").press_sequentially(
        "Rekapitulasi Suara 🗳️ di Kecamatan Panggul — الانتخابات 2024"
    )
    # Django's URLify: the emoji dropped, the Arabic transliterated, all ASCII.
    expect(page.locator("#id_slug")).to_have_value(
        "rekapitulasi-suara-di-kecamatan-panggul-lntkhbt-2024"
    )
