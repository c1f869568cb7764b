"""Security headers on every public page and in the admin; clickjacking is refused.

The browser side (no CSP violation while pages and CKEditor 5 run) is in
tests/e2e/test_csp.py.
"""

from html.parser import HTMLParser
from http import HTTPStatus

import pytest
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from kpu_site.csp import ContentSecurityPolicyMiddleware
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

# Script types the browser does not run, so CSP does not govern them.
DATA_BLOCK_TYPES = {"application/ld+json", "application/json"}


def policy(response):
    """The Content-Security-Policy as {directive: [sources]}."""
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


class InlineCode(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, handlers, styles."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs and attrs.get("type") not in DATA_BLOCK_TYPES:
            self.found.append(f"inline <script> {attrs}")
        if tag == "style":
            self.found.append("<style> element")
        self.found += [f"{name}= on <{tag}>" for name in attrs if name.startswith("on")]
        if "style" in attrs:
            self.found.append(f"style= on <{tag}>")
        if attrs.get("href", "").strip().lower().startswith("javascript:"):
            self.found.append(f"javascript: link on <{tag}>")


def inline_code(response):
    parser = InlineCode()
    parser.feed(response.content.decode())
    return parser.found


@pytest.fixture
def public_pages(db):
    article = ArticleFactory(
        tags=["pemilu 2024"], body='<p>Isi <a href="https://kpu.go.id">tautan</a>.</p>'
    )
    published = article.published_at
    return {
        "home": "/",
        "list": "/berita/",
        "article": article.get_absolute_url(),
        "division": article.division.get_absolute_url(),
        "tag": "/tag/pemilu-2024/",
        "author": article.author.get_absolute_url(),
        "month": f"/berita/{published:%Y}/{published:%m}/",
        "search": "/cari/?q=rapat",
        "feed": "/feed/",
        "sitemap": "/sitemap.xml",
        "not found": "/tidak-ada/",
    }


@pytest.fixture
def admin_pages(article):
    return {
        "login": reverse("admin:login"),
        "index": reverse("admin:index"),
        "changelist": reverse("admin:news_article_changelist"),
        "change form": reverse("admin:news_article_change", args=[article.pk]),
        "add form": reverse("admin:news_article_add"),
        "preview": reverse("admin:news_article_preview", args=[article.pk]),
        "users": reverse("admin:accounts_user_changelist"),
    }


def assert_common_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    features = dict(item.split("=") for item in response["Permissions-Policy"].split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert features[feature] == "()", feature
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    # Scripts from this site only: no inline code, no eval, no nonce.
    assert directives["script-src"] == ["'self'"]
    # Development and tests are plain HTTP; production upgrades (tests/test_settings.py).
    assert "upgrade-insecure-requests" not in directives


def test_every_public_page_has_the_strict_policy_and_the_other_headers(client, public_pages):
    for name, url in public_pages.items():
        response = client.get(url)
        expected = HTTPStatus.NOT_FOUND if name == "not found" else HTTPStatus.OK
        assert response.status_code == expected, name
        assert_common_headers(response)
        directives = policy(response)
        assert directives["style-src"] == ["'self'"], name
        assert "style-src-attr" not in directives, name
        assert directives["img-src"] == ["'self'", "data:"], name
        assert "connect-src" not in directives, name  # default-src 'self'


def test_public_pages_have_no_inline_code_for_the_policy_to_block(client, public_pages):
    for name, url in public_pages.items():
        if name in ("feed", "sitemap"):
            continue  # XML, not HTML
        assert inline_code(client.get(url)) == [], name


def test_article_structured_data_stays_a_data_block(client, article):
    content = client.get(article.get_absolute_url()).content.decode()
    assert '<script type="application/ld+json">' in content


def test_public_policy_is_the_same_for_every_reader_so_pages_can_be_cached(client, article):
    url = article.get_absolute_url()
    first, second = client.get(url), client.get(url, HTTP_USER_AGENT="Another reader")
    # The second answer may come from the page cache: it has every header all the same.
    assert_common_headers(second)
    assert first["Content-Security-Policy"] == second["Content-Security-Policy"]
    assert "nonce-" not in first["Content-Security-Policy"]


def test_admin_pages_have_their_own_policy_with_scripts_still_strict(client, admin, admin_pages):
    response = client.get(admin_pages["login"])
    assert_common_headers(response)
    client.force_login(admin)
    for name, url in admin_pages.items():
        response = client.get(url)
        if name == "login":
            assert response.status_code == HTTPStatus.FOUND  # already logged in
            continue
        assert response.status_code == HTTPStatus.OK, name
        assert_common_headers(response)
        directives = policy(response)
        # CKEditor 5 writes style attributes and reads back pasted pictures
        # (settings: CONTENT_SECURITY_POLICY_ADMIN); stylesheets stay 'self'.
        assert directives["style-src"] == ["'self'"], name
        assert directives["style-src-attr"] == ["'unsafe-inline'"], name
        assert directives["img-src"] == ["'self'", "data:", "blob:"], name
        assert directives["connect-src"] == ["'self'", "data:", "blob:"], name


def test_ckeditor_needs_no_inline_script_in_the_change_form(admin_client, article):
    response = admin_client.get(reverse("admin:news_article_change", args=[article.pk]))
    content = response.content.decode()
    assert "django_ckeditor_5/dist/bundle.js" in content
    scripts = [found for found in inline_code(response) if "script" in found]
    assert scripts == []


def test_public_pages_that_start_with_the_admin_path_keep_the_public_policy(client):
    # "/administrasi/…" is not the admin: the admin policy is for the admin's own prefix.
    response = client.get("/administrasi/")
    assert "style-src-attr" not in policy(response)


def test_static_files_are_not_sniffed(client):
    response = client.get("/static/js/article.js")
    assert response.status_code == HTTPStatus.OK
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_response_can_be_framed(client, admin, article):
    """Clickjacking: pages, errors, redirects and JSON alike refuse to be framed."""
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(admin)
    responses = {
        "article": client.get(article.get_absolute_url()),
        "not found": client.get("/tidak-ada/"),
        "login redirect": client.get(reverse("admin:index")),
        "login": client.get(reverse("admin:login")),
        "counter": client.post(reverse("news:count-view", args=[article.slug])),
        "forged post": strict.post(reverse("admin:news_article_add")),
        "admin form": strict.get(reverse("admin:news_article_change", args=[article.pk])),
    }
    for name, response in responses.items():
        assert response["X-Frame-Options"] == "DENY", name
        assert policy(response)["frame-ancestors"] == ["'none'"], name


def _through_the_middleware(path, **response_attributes):
    """(our middleware's answer, django-csp's own answer) for a plain response at `path`."""
    request = RequestFactory().get(path)

    def view(request):
        response = HttpResponse("page")
        for name, value in response_attributes.items():
            setattr(response, name, value)
        return response

    middleware = ContentSecurityPolicyMiddleware(view)
    ours = middleware(request)
    theirs = CSPMiddleware.process_response(middleware, request, view(request))
    return ours, theirs


@pytest.mark.parametrize("path", ["/", "/berita/", f"/{settings.ADMIN_URL}"])
def test_the_policy_built_once_is_the_one_django_csp_builds(path):
    for _ in range(2):  # built on the first response, reused on the second
        ours, theirs = _through_the_middleware(path)
        assert ours["Content-Security-Policy"] == theirs["Content-Security-Policy"]


def test_a_response_with_a_policy_of_its_own_keeps_it():
    ours, _ = _through_the_middleware("/", _csp_update={"img-src": ["https://peta.example"]})
    assert "https://peta.example" in policy(ours)["img-src"]
    plain, _ = _through_the_middleware("/")
    assert "https://peta.example" not in policy(plain)["img-src"]


def test_a_changed_policy_setting_is_obeyed_at_once():
    before, _ = _through_the_middleware("/")
    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": ["'none'"]}}):
        changed, _ = _through_the_middleware("/")
    after, _ = _through_the_middleware("/")
    assert changed["Content-Security-Policy"] == "default-src 'none'"
    assert before["Content-Security-Policy"] == after["Content-Security-Policy"]
    assert after["Content-Security-Policy"] != "default-src 'none'"
