"""Hostile text through the real admin forms, then every page that shows it.

Each XSS payload (tests/security/payloads.py) goes, as an editor would type
it, into every text field staff fill in: title, lead, body (with a figure's
alt text and caption), cover alt text and caption, tags, division name and
description, author name and bio, a tag's name, and the search box. Then the
pages are read the way a browser would parse them (html.parser keeps <script>
and <style> content as text, as browsers do) and audited: no element or
attribute the payload could have added, the JSON-LD still parses, and the
text reads back exactly as typed, which proves it was escaped and not mangled.

Also here: SQL-looking input in search, paging, slugs and admin filters;
100 KB values; Indonesian, emoji and right-to-left text.
"""

import json
import re
from html.parser import HTMLParser
from http import HTTPStatus
from urllib.parse import quote
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains
from taggit.models import Tag
from taggit.utils import parse_tags

from news.models import Article, Author, Division
from news.tags import TAG_SLUG
from publishing.sanitize import ALLOWED_TAGS
from tests.factories import ArticleFactory, AuthorFactory, DivisionFactory
from tests.images import image_bytes, upload
from tests.security.payloads import PAYLOADS

pytestmark = pytest.mark.django_db

# Scripts a page may carry: our own files and data blocks, which never run.
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "data", "poster", "background", "cite",
    "xlink:href", "srcset",
}  # fmt: skip
# Elements no page of ours prints: only a payload could have put them there.
FOREIGN_TAGS = {
    "iframe", "object", "embed", "frame", "frameset", "base", "svg", "math", "isindex",
    "marquee", "xss", "details", "video", "audio", "template", "noscript", "style", "mglyph",
    "maction", "animate",
}  # fmt: skip
# The admin draws its icons with inline <svg> and folds its filters in <details>.
ADMIN_FOREIGN_TAGS = FOREIGN_TAGS - {"svg", "details"}
SAFE_URL = re.compile(r"(https?:|mailto:|tel:|/|#|\?|$)|[^:]*($|[/?#])")


def url_scheme_is_safe(value):
    # As browsers read a URL: spaces and control characters dropped.
    return SAFE_URL.match(re.sub(r"[\x00-\x20]", "", value).lower()) is not None


class PageAudit(HTMLParser):
    """What a browser would build from a page that could run code, and the page's text."""

    def __init__(self, allowed_tags=None, foreign_tags=FOREIGN_TAGS):
        super().__init__(convert_charrefs=True)
        self.allowed_tags, self.foreign_tags = allowed_tags, foreign_tags
        self.problems = []
        self.scripts = []  # (attributes, content)
        self.elements = []  # (tag, attributes)
        self.texts = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if self.allowed_tags is not None and tag not in self.allowed_tags:
            self.problems.append(f"<{tag}>")
        if tag in self.foreign_tags:
            self.problems.append(f"<{tag}>")
        if tag == "script":
            self._script = (attributes, [])
            if attributes.get("type") not in DATA_SCRIPT_TYPES and not (
                attributes.get("src") or ""
            ).startswith(("/static/", "/admin/jsi18n/")):
                self.problems.append(f"<script {attributes}>")
        if tag == "meta" and "http-equiv" in attributes:
            self.problems.append(f"<meta http-equiv={attributes['http-equiv']!r}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name} on <{tag}>")
            if name in URL_ATTRIBUTES and value and not url_scheme_is_safe(value):
                self.problems.append(f"{name}={value!r} on <{tag}>")
            if name == "style" and self.allowed_tags is not None:
                self.problems.append(f"style on <{tag}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            attributes, content = self._script
            self.scripts.append((attributes, "".join(content)))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script[1].append(data)
        else:
            self.texts.append(data)

    @property
    def text(self):
        return " ".join(" ".join(self.texts).split())

    def attribute_values(self, tag, attribute, where=None):
        return [
            attributes.get(attribute)
            for element, attributes in self.elements
            if element == tag and (where or {}).items() <= attributes.items()
        ]

    def json_ld(self):
        blocks = [c for a, c in self.scripts if a.get("type") == "application/ld+json"]
        return [json.loads(block) for block in blocks]


def audit(html, allowed_tags=None, foreign_tags=FOREIGN_TAGS):
    parser = PageAudit(allowed_tags, foreign_tags)
    parser.feed(html)
    parser.close()
    return parser


def audit_page(response):
    assert response.status_code == HTTPStatus.OK, response
    path = response.wsgi_request.path
    page = audit(
        response.content.decode(),
        foreign_tags=ADMIN_FOREIGN_TAGS if path.startswith("/admin/") else FOREIGN_TAGS,
    )
    assert page.problems == [], path
    for attributes, content in page.scripts:  # data blocks parse whole: nothing broke out
        if attributes.get("type") in DATA_SCRIPT_TYPES:
            json.loads(content)
    return page


def test_the_audit_catches_what_a_browser_would_run():
    page = audit(
        '<p title="a">x</p><script>alert(1)</script><img src=x onerror=alert(2)>'
        '<a href=" java\tscript:alert(3)">y</a><svg></svg><meta http-equiv="refresh">'
        '<script type="application/ld+json">{"a": 1}</script><script src="/static/a.js"></script>'
    )
    assert page.problems == [
        "<script {}>",
        "onerror on <img>",
        "href=' java\\tscript:alert(3)' on <a>",
        "<svg>",
        "<meta http-equiv='refresh'>",
    ]
    assert url_scheme_is_safe("/media/a.jpg") and url_scheme_is_safe("https://kpu.go.id/")
    assert url_scheme_is_safe("foto.jpg?x=a:b") and not url_scheme_is_safe("data:text/html,x")


# --- Through the admin, as an editor ------------------------------------------


class FormDefaults(HTMLParser):
    """The values a browser would submit for one form, untouched (hidden fields included)."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.values = form_id, False, {}
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or "name" not in a and tag != "option":
            return
        if tag == "input" and a.get("type") not in ("submit", "button", "file", "image"):
            if a.get("type") not in ("checkbox", "radio"):
                self.values[a["name"]] = a.get("value", "")
            elif "checked" in a:
                self.values[a["name"]] = a.get("value", "on")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.values[a["name"]] = ""
        elif tag == "select":
            self._select = a["name"]
            if "multiple" not in a:  # with nothing chosen, a browser sends nothing
                self.values.setdefault(a["name"], "")
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:  # browsers drop the newline that follows <textarea>
            self.values[self._textarea] = (self.values[self._textarea] + data).lstrip("\n")


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def post_admin_form(client, model, fields, instance=None):
    """Open the add (or change) form, change `fields`, save: what a person does."""
    url = admin_url(model, "change", instance.pk) if instance else admin_url(model, "add")
    parser = FormDefaults(f"{model._meta.model_name}_form")
    parser.feed(client.get(url).content.decode())
    return client.post(url, {**parser.values, **fields})


def saved(response):
    assert response.status_code == HTTPStatus.FOUND, (
        response.context and response.context["adminform"].form.errors
    )


def body_with(payload):
    # Raw HTML, as CKEditor's source view or a crafted POST would send it.
    return (
        f"<p>Isi berita.</p>{payload}"
        f'<figure class="image"><img src="/media/uploads/a.jpg" alt="{payload}">'
        f"<figcaption>{payload}</figcaption></figure>"
    )


def addressable_tags(text):
    """The tags in `text` that can have a page (others are refused: see test_tags_...)."""
    names = [name for name in parse_tags(text) if TAG_SLUG.fullmatch(Tag().slugify(name))]
    return ", ".join(names) + ","  # a comma: split on commas only, not on spaces


@pytest.fixture
def staff_client(client, editor):
    client.force_login(editor)
    return client


@pytest.mark.parametrize("n", range(len(PAYLOADS)))
def test_payload_is_stored_as_text_and_shown_harmless_everywhere(staff_client, monkeypatch, n):
    payload = PAYLOADS[n]
    # Payloads such as <img src=x onerror=…> have no alt text, which stops publication
    # (Article.publication_errors, tested in tests/media_library): here it is about escaping.
    monkeypatch.setattr(Article, "publication_errors", lambda self: [])
    saved(
        post_admin_form(
            staff_client,
            Division,
            {"name": payload, "slug": f"divisi-xss-{n}", "description": payload, "order": n},
        )
    )
    division = Division.objects.get(slug=f"divisi-xss-{n}")
    saved(
        post_admin_form(
            staff_client,
            Author,
            {"name": payload, "slug": f"penulis-xss-{n}", "signature": f"X{n}", "bio": payload},
        )
    )
    author = Author.objects.get(slug=f"penulis-xss-{n}")
    saved(post_admin_form(staff_client, Tag, {"name": payload, "slug": f"tag-xss-{n}"}))
    named_tag = Tag.objects.get(slug=f"tag-xss-{n}")
    saved(
        post_admin_form(
            staff_client,
            Article,
            {
                "title": payload,
                "slug": f"berita-xss-{n}",
                "lead": payload,
                "body": body_with(payload),
                "cover": upload("sampul.png", image_bytes("PNG", size=(120, 68)), "image/png"),
                "cover_alt": payload,
                "cover_caption": payload,
                "division": division.pk,
                "author": author.pk,
                "tags": addressable_tags(payload),
                "status": "published",
            },
        )
    )
    article = Article.objects.get(slug=f"berita-xss-{n}")
    # Only tags of a published article have a public page.
    article.tags.add(named_tag)

    # Stored: plain fields exactly as typed, rich text with nothing that can run.
    assert (article.title, article.lead, article.cover_alt, article.cover_caption) == (
        (payload,) * 4
    )
    assert (division.name, division.description, author.name, author.bio) == (payload,) * 4
    assert named_tag.name == payload
    assert audit(article.body, allowed_tags=ALLOWED_TAGS).problems == [], article.body
    stored = audit(article.body)
    assert "Isi berita." in stored.text

    # Public pages.
    response = staff_client.get(article.get_absolute_url())
    if "<" in payload:  # nowhere verbatim: not in the JSON-LD, meta tags, title or body
        assert payload not in response.content.decode()
    page = audit_page(response)
    assert page.attribute_values("meta", "content", {"property": "og:title"}) == [payload]
    assert page.attribute_values("meta", "content", {"name": "twitter:description"}) == [payload]
    assert page.attribute_values("meta", "content", {"property": "og:image:alt"}) == [payload]
    (structured,) = page.json_ld()
    assert structured["headline"] == payload[:110]
    assert structured["description"] == payload
    assert structured["author"][0]["name"] == payload
    assert payload in page.attribute_values("img", "alt")  # the cover
    assert " ".join(payload.split()) in page.text  # the title, lead, caption as text
    for url in (
        "/",
        "/berita/",
        division.get_absolute_url(),
        author.get_absolute_url(),
        f"/tag/{named_tag.slug}/",
        *(f"/tag/{tag.slug}/" for tag in article.tags.all()),
        "/cari/?" + f"q={quote(payload)}",
        "/cari/?q=alert",
        article.get_absolute_url(),
    ):
        audit_page(staff_client.get(url))
    assert audit_page(staff_client.get("/cari/?q=alert")).text.count("alert") >= 1

    # Feeds: the lead is HTML to a feed reader, so it must arrive as text.
    for url in ("/feed/", "/feed/atom/"):
        feed = ElementTree.fromstring(staff_client.get(url).content)  # noqa: S314 (ours)
        for element in feed.iter():
            if element.tag in ("description", "{http://www.w3.org/2005/Atom}summary"):
                assert "<" not in (element.text or ""), element.text

    # Admin pages.
    for url in (
        admin_url(Article, "changelist"),
        admin_url(Article, "changelist") + f"?q={quote(payload)}",
        admin_url(Article, "change", article.pk),
        admin_url(Article, "history", article.pk),
        admin_url(Article, "preview", article.pk),
        admin_url(Division, "changelist"),
        admin_url(Division, "change", division.pk),
        admin_url(Author, "change", author.pk),
        admin_url(Tag, "changelist"),
        admin_url(Tag, "change", named_tag.pk),
    ):
        audit_page(staff_client.get(url))


def test_search_box_keeps_the_query_as_text(client, db):
    for payload in PAYLOADS:
        page = audit_page(client.get("/cari/", {"q": payload}))
        cleaned = " ".join(payload.split())
        assert page.attribute_values("input", "value", {"id": "search-q"}) == [cleaned]
        assert page.attribute_values("input", "value", {"id": "site-search-q"}) == [cleaned]


# --- SQL-looking input ---------------------------------------------------------

SQL_LOOKING = [
    "' OR 1=1 --",
    "'; DROP TABLE news_article; --",
    '" OR ""="',
    "1 UNION SELECT username, password FROM accounts_user --",
    "1; SELECT pg_sleep(5)",
    "%",
    "%%'",
    "_",
    "\\",
    "\\'",
    "\x00",
    "pemilu\x00' OR 1=1",
    "!:* & | <-> ()",
    "-1",
    "9" * 40,
    "1e309",
    "../../etc/passwd",
]


def test_sql_looking_input_is_answered_and_never_breaks_a_thing(staff_client):
    article = ArticleFactory(tags=["pemilu"])
    ArticleFactory.create_batch(10, division=article.division)  # a second page
    rows = Article.objects.count(), Division.objects.count(), Tag.objects.count()
    division = article.division.get_absolute_url()
    for text in SQL_LOOKING:
        in_path = quote(text, safe="")
        for url, params in [
            ("/cari/", {"q": text}),
            ("/cari/", {"q": "rapat", "page": text}),
            ("/berita/", {"page": text}),
            (division, {"page": text}),
            (f"/berita/{in_path}/", {}),
            (f"/divisi/{in_path}/", {}),
            (f"/tag/{in_path}/", {}),
            (f"/penulis/{in_path}/", {}),
            (f"/berita/2024/{in_path}/", {}),
            ("/feed/", {"q": text}),
        ]:
            status = staff_client.get(url, params).status_code
            assert status in (HTTPStatus.OK, HTTPStatus.NOT_FOUND), (url, text, status)
        changelist = admin_url(Article, "changelist")
        for param in [
            "q", "status__exact", "division__id__exact", "author__id__exact", "featured__exact",
            "tinjauan", "o", "p", "published_at__year", "published_at__month",
        ]:  # fmt: skip
            response = staff_client.get(changelist, {param: text})
            # A filter Django cannot apply sends back to the list with ?e=1.
            if response.status_code != HTTPStatus.OK:
                assert response["Location"].endswith("?e=1"), (param, text)
        for model in (Division, Author, Tag):
            response = staff_client.get(admin_url(model, "changelist"), {"q": text})
            if response.status_code != HTTPStatus.OK:
                assert response["Location"].endswith("?e=1"), (model, text)
        response = staff_client.get(f"/admin/news/article/{in_path}/change/")
        assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.NOT_FOUND)
    assert (Article.objects.count(), Division.objects.count(), Tag.objects.count()) == rows
    assert {"news_article", "news_division", "accounts_user"} <= set(
        connection.introspection.table_names()
    )


def test_hostile_search_words_still_find_the_article(client, db):
    ArticleFactory(title="Rapat pleno: DROP TABLE news_article", slug="rapat-drop")
    response = client.get("/cari/", {"q": "'; DROP TABLE news_article; --"})
    assertContains(response, "Rapat pleno: DROP TABLE news_article")


# --- Very long values ------------------------------------------------------------

HUNDRED_KB = "Rekapitulasi " * 7_700  # 100 100 characters


@pytest.mark.parametrize(
    ("model", "field", "message"),
    [
        (Article, "title", "paling banyak 200 karakter"),
        (Article, "lead", "paling banyak 300 karakter"),
        (Article, "cover_caption", "paling banyak 300 karakter"),
        (Article, "tags", "paling banyak 100 karakter"),
        (Division, "name", "paling banyak 150 karakter"),
        (Author, "name", "paling banyak 150 karakter"),
    ],
)
def test_a_100_kb_value_gets_a_clear_error_and_nothing_is_saved(
    staff_client, model, field, message
):
    division, author = DivisionFactory(), AuthorFactory()
    before = model.objects.count()
    fields = {
        Article: {
            "title": "Judul",
            "slug": "judul",
            "lead": "Ringkas.",
            "body": "<p>Isi.</p>",
            "division": division.pk,
            "author": author.pk,
        },
        Division: {"name": "Divisi", "slug": "divisi-panjang"},
        Author: {"name": "Penulis", "slug": "penulis-panjang", "signature": "Pp"},
    }[model]
    value = HUNDRED_KB + "," if field == "tags" else HUNDRED_KB  # one tag, not 7 700
    response = post_admin_form(staff_client, model, {**fields, field: value})
    assert response.status_code == HTTPStatus.OK
    assertContains(response, message)
    assert model.objects.count() == before
    assert not Tag.objects.exists()


def test_a_100_kb_search_is_cut_and_the_reader_told(client, db):
    response = client.get("/cari/", {"q": HUNDRED_KB})
    assertContains(response, "dipotong")


# --- Indonesian, emoji and right-to-left text -----------------------------------

TITLE = "Rekapitulasi Suara Pemilu 2024 di Kecamatan Panggul 🗳️✅ — الانتخابات العامة"
BODY = (
    "<p>Warga menyuarakan pilihannya 🇮🇩 di TPS 05. "
    "<strong>الانتخابات العامة</strong> · בחירות · 選挙 · ḍaftar pemilih tetap</p>"
)


def test_indonesian_emoji_and_rtl_text_round_trip(staff_client):
    division, author = DivisionFactory(), AuthorFactory()
    saved(
        post_admin_form(
            staff_client,
            Article,
            {
                "title": TITLE,
                "slug": "rekapitulasi-suara-pemilu-2024-di-kecamatan-panggul",
                "lead": "Pleno terbuka 🗳️ — الانتخابات العامة.",
                "body": BODY,
                "division": division.pk,
                "author": author.pk,
                "tags": "Pemungutan Suara 🗳️, pemilu 2024,",
                "status": "published",
            },
        )
    )
    article = Article.objects.get()
    assert (article.title, article.body) == (TITLE, BODY)
    assert sorted((tag.name, tag.slug) for tag in article.tags.all()) == [
        ("Pemungutan Suara 🗳️", "pemungutan-suara"),
        ("pemilu 2024", "pemilu-2024"),
    ]
    page = audit_page(staff_client.get(article.get_absolute_url()))
    assert TITLE in page.text and "الانتخابات العامة · בחירות · 選挙" in page.text
    assert page.json_ld()[0]["headline"] == TITLE
    for words in ("rekapitulasi", "menyuarakan", "Panggul", "الانتخابات", "選挙"):
        assertContains(staff_client.get("/cari/", {"q": words}), "Kecamatan Panggul")
    assert staff_client.get("/tag/pemungutan-suara/").status_code == HTTPStatus.OK


@pytest.mark.parametrize("tag", ["🗳️", "الانتخابات", ">", "!!!"])
def test_a_tag_that_cannot_have_an_address_is_refused_clearly(staff_client, tag):
    division, author = DivisionFactory(), AuthorFactory()
    response = post_admin_form(
        staff_client,
        Article,
        {
            "title": "Judul",
            "slug": "judul",
            "lead": "Ringkas.",
            "body": "<p>Isi.</p>",
            "division": division.pk,
            "author": author.pk,
            "tags": f"pemilu, {tag}",
        },
    )
    assertContains(response, f"Tag “{escape(tag)}” perlu huruf Latin atau angka")
    assert not Article.objects.exists() and not Tag.objects.exists()


def distinct_words(characters):
    """Text of words that never repeat: the most a search vector must hold per character."""
    words = (f"kata{n:x}" for n in range(characters))
    return " ".join(words)[:characters]


def test_a_body_too_long_for_the_search_index_gets_a_clear_error(staff_client):
    """2 MB of distinct words once reached PostgreSQL, whose search vector refused it (500)."""
    division, author = DivisionFactory(), AuthorFactory()
    fields = {
        "title": "Judul",
        "slug": "judul-panjang",
        "lead": "Ringkas.",
        "division": division.pk,
        "author": author.pk,
    }
    response = post_admin_form(
        staff_client, Article, {**fields, "body": f"<p>{distinct_words(2_000_000)}</p>"}
    )
    assert response.status_code == HTTPStatus.OK
    assertContains(response, "paling banyak 300000 karakter")
    assert not Article.objects.exists()
    # Just under the limit, the same kind of text is saved and found.
    body = f"<p>{distinct_words(299_000)}</p>"
    saved(post_admin_form(staff_client, Article, {**fields, "body": body}))
    assert Article.objects.filter(search_vector="kata2a").exists()
