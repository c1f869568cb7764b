"""The machinery of tests/security/test_fuzz.py: every URL, as every role, with hostile input.

- `discover_routes()` walks the URL resolver recursively (the admin site, each
  ModelAdmin's get_urls(), the libraries' views and ours), plus MEDIA_URL and
  STATIC_URL when the URLconf does not serve them: a URL added later is fuzzed
  with no change here. `development_urls()` puts the URLconf in place as `make run`
  serves it (DEBUG on adds /media/).
- `build_world()` makes the data path parameters are filled from: another writer's
  draft, scheduled, in-review and deleted articles whose every text is a distinct
  secret marker, published articles, divisions, authors, tags, users, revisions,
  audit events, login records, a media file.
- `Fuzzer` sends, as one role, a GET of each URL with each real id or slug and with
  hostile path segments; then, on a page of each URL, hostile values in every query
  parameter its view reads and every field of its forms, by GET and by POST. Every
  answer is checked (`Fuzzer.check`) and every failure kept for one report.

Each request runs in a savepoint that is rolled back, so a POST that saves or
deletes leaves the world as it was and a database error does not abort the test's
transaction; the client's cookies are put back after it, so a POST to logout does
not log the role out.
"""

import copy
import importlib.util
import inspect
import itertools
import logging
import secrets
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, quote, quote_plus, unquote, urlsplit

import reversion
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.contrib.staticfiles import finders
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, transaction
from django.http import QueryDict
from django.test import Client, override_settings
from django.urls import Resolver404, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from django.utils.regex_helper import normalize
from reversion.models import Version
from taggit.models import Tag

from accounts import audit
from accounts.models import AuditEvent
from news.models import Article
from publishing.models import Publishable
from tests.factories import ArticleFactory, AuthorFactory, DivisionFactory
from tests.notices.models import Notice
from tests.security.payloads import PAYLOADS
from tests.security.test_hostile_input import HUNDRED_KB, SQL_LOOKING

SLOW_SECONDS = 1.0
# A query still running by then is cancelled: the request has failed already, and
# the fuzzer must not wait minutes for it.
STATEMENT_TIMEOUT = 2.0

# --- Hostile values ---------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    """One value as a form holds it, and how it travels where that is not plain encoding."""

    label: str
    text: str
    query: str | None = None  # already percent-encoded, for a URL
    body: bytes | None = None  # raw, for an application/x-www-form-urlencoded body

    def in_query(self):
        return self.query if self.query is not None else quote_plus(self.text)

    def in_body(self):
        return self.body if self.body is not None else quote_plus(self.text).encode()

    def in_path(self, slashes=False):
        if self.query is not None:
            return self.query
        return quote(self.text, safe="/" if slashes else "")

    @property
    def shown(self):
        """As the report prints it among the other parameters."""
        if self.label == self.text and len(self.text) <= 40 and self.text.isprintable():
            return self.text
        return f"<{self.label}>"


def plain(text):
    """A real value (an id, a slug, a form's own value): reported as itself."""
    return Value(str(text), str(text))


NUL = Value("NUL", "\x00")
LONG = Value("5,000 characters", "A" * 5000)
# One word in a URL: gunicorn (4 KB) and nginx (8 KB) refuse longer request lines, so
# no query string this long reaches Django in production; 7,700 words in one would
# only time the admin search's filter building (seconds) for nothing.
HUGE_TEXT = Value("100,000 characters", "A" * 100_000)
# In a POST body, which can be this long (nginx takes 12 MB): 7,700 words.
HUGE_WORDS = Value("100,000 characters of words", HUNDRED_KB[:100_000])
DIGITS = Value("5,000 digits", "9" * 5000)
BIG = Value("99999999999999999999", "99999999999999999999")
MINUS = Value("-1", "-1")
FLOAT = Value("1e308", "1e308")
BAD_DATE = Value("2024-13-45", "2024-13-45")
X = Value("x", "x")
YEAR_20 = Value("20-digit year", "99999999999999999999-01-01")
BAD_UTF8 = Value("invalid UTF-8 %ff%fe", "\ufffd\ufffd", query="%FF%FE", body=b"\xff\xfe")
SQL = Value(SQL_LOOKING[0], SQL_LOOKING[0])
TEMPLATE = Value("{{ 7*7 }}", "{{ 7*7 }}")
TEMPLATE_TAG = Value("{% debug %}", "{% debug %}")
TRAVERSAL = Value("../../../../etc/passwd", "../../../../etc/passwd")
XSS = Value("XSS " + PAYLOADS[0], PAYLOADS[0])
EMPTY = Value("empty", "")

# Every value, for the parameters a view really reads (asks request.GET for).
FULL = [
    NUL, LONG, HUGE_TEXT, DIGITS, BIG, MINUS, FLOAT, BAD_DATE, X, YEAR_20, BAD_UTF8, SQL,
    TEMPLATE, TEMPLATE_TAG, TRAVERSAL, XSS, EMPTY,
]  # fmt: skip
# Parameters Django reads from the whole query (list filters, date hierarchy, the
# admin's own controls): what breaks parsing, numbers, dates and lengths.
MEDIUM = [NUL, LONG, DIGITS, BIG, X, BAD_DATE, YEAR_20, BAD_UTF8, EMPTY]
# Fields of a page's GET forms the view does not read, an add page's initial values.
SHORT = [NUL, LONG, BIG, X, YEAR_20, BAD_UTF8, EMPTY]
# Fields of the page's own POST form, posted back with one changed.
POSTED = [NUL, HUGE_WORDS, BIG, X, YEAR_20, BAD_UTF8]
# What a view reads from a POST beyond its form (its buttons, the admin's _popup).
FLAGS = [NUL, X, EMPTY]
# With the other valid values of a view that needs some (autocomplete: each relation).
OTHER_BASELINES = [NUL, LONG, BAD_UTF8]
# All parameters at once, where the role is turned away (redirected, refused).
TURNED_AWAY = [NUL, LONG, BIG, BAD_UTF8, EMPTY]
TURNED_AWAY_POST = [NUL, HUGE_WORDS, BAD_UTF8]
# In place of a real id or slug in the path.
IN_PATH = [MINUS, BIG, LONG, NUL, BAD_UTF8, SQL, TRAVERSAL]
# Hostile names for a parameter.
HOSTILE_NAMES = [NUL, LONG, BAD_UTF8]

# The admin's own controls, read alike by every ModelAdmin view: MEDIUM, not FULL.
ADMIN_CONTROLS = {"_popup", "_to_field", "_changelist_filters", "_saveasnew", "all", "e", "o", "p"}
# Read by some view somewhere: sent all at once to pages the role is turned away from.
COMMON_PARAMETERS = ["q", "page", "next", "o", "p", "_popup", "_to_field", "_changelist_filters"]
# The admin URL names every ModelAdmin has (the unnamed one redirects to "change").
STANDARD_ADMIN_VIEWS = ("changelist", "add", "history", "delete", "change")
# Admin pages anyone may open.
PUBLIC_ADMIN_URL_NAMES = {
    "admin:login",
    "admin:jsi18n",
    "admin:password_reset",
    "admin:password_reset_done",
    "admin:password_reset_confirm",
    "admin:password_reset_complete",
}


# --- The URLs ---------------------------------------------------------------------


@contextmanager
def development_urls():
    """The project's URLconf as `make run` serves it: with DEBUG on, /media/ too.

    A fresh copy of the ROOT_URLCONF module, run with DEBUG on (django.conf.urls.static
    adds its patterns only then); the imported module is left as it is.
    """
    spec = importlib.util.find_spec(settings.ROOT_URLCONF)
    module = importlib.util.module_from_spec(spec)
    with override_settings(DEBUG=True):
        spec.loader.exec_module(module)
    with override_settings(ROOT_URLCONF=module):
        yield module


def admin_root():
    return reverse("admin:index").lstrip("/")


@dataclass
class Route:
    route: str  # readable: admin/news/article/<path:object_id>/change/
    name: str  # namespaced; "" when unnamed
    callback: object
    template: str  # admin/news/article/%(object_id)s/change/
    params: list  # in the template's order; regex groups named after the view's arguments
    converters: dict
    model: type | None = None  # the model of the ModelAdmin whose URL this is
    kind: str = ""  # changelist, add, history, delete, change, "redirect", or "extra"

    @property
    def admin(self):
        return self.route.startswith(admin_root())

    def keeps_slashes(self, param):
        converter = self.converters.get(param)
        return converter is None or type(converter).__name__ == "PathConverter"


def view_arguments(callback):
    """The view's arguments after the request: what regex groups without names pass."""
    try:
        parameters = inspect.signature(callback).parameters
    except (TypeError, ValueError):
        return []
    return [
        name
        for name, parameter in parameters.items()
        if name not in ("self", "request", "extra_context", "form_url")
        and parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD)
    ]


def discover_routes():
    """Every URL pattern of the URLconf, its libraries and the admin, as Routes."""
    routes = []

    def walk(patterns, regex, text, converters, namespace):
        for pattern in patterns:
            piece = pattern.pattern.regex.pattern.removeprefix("^")
            shown = str(pattern.pattern).removeprefix("^").removesuffix("$")
            if isinstance(pattern, URLResolver):
                space = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(
                    pattern.url_patterns,
                    regex + piece.removesuffix("$"),
                    text + shown,
                    {**converters, **pattern.pattern.converters},
                    space,
                )
                continue
            template, params = normalize(regex + piece)[0]
            arguments = view_arguments(pattern.callback)
            for index, name in enumerate(list(params)):  # regex groups without a name
                if name.startswith("_") and name[1:].isdigit() and int(name[1:]) < len(arguments):
                    template = template.replace(f"%({name})s", f"%({arguments[int(name[1:])]})s")
                    params[index] = arguments[int(name[1:])]
            routes.append(
                Route(
                    route=text + shown,
                    name=f"{namespace}{pattern.name}" if pattern.name else "",
                    callback=pattern.callback,
                    template=template,
                    params=list(params),
                    converters={**converters, **pattern.pattern.converters},
                )
            )

    walk(get_resolver().url_patterns, "", "", {}, "")
    # Served outside the URLconf (the web server, WhiteNoise) when not inside it.
    for prefix in (settings.MEDIA_URL, settings.STATIC_URL):
        prefix = prefix.lstrip("/")
        if prefix and not any(route.route.startswith(prefix) for route in routes):
            routes.append(
                Route(prefix + "<path:path>", "", None, prefix + "%(path)s", ["path"], {})
            )
    root = admin_root()
    for model in admin.site._registry:
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        prefix = f"{root}{model._meta.app_label}/{model._meta.model_name}/"
        for route in routes:
            if route.route.startswith(prefix):
                route.model = model
                short = route.name.removeprefix("admin:")
                route.kind = next(
                    (view for view in STANDARD_ADMIN_VIEWS if short == f"{info}_{view}"),
                    "extra" if route.name else "redirect",
                )
    return routes


# --- The world the ids come from --------------------------------------------------


@dataclass
class World:
    users: dict  # role name -> user
    articles: list
    divisions: list
    authors: list
    tags: list
    versions: list
    objects: list  # what the admin shortcut r/<content type>/<id>/ is tried with
    secrets: dict  # marker (lower case) -> what it is
    media_file: str
    static_file: str
    by_model: dict = field(default_factory=dict)  # model -> [pk, …], most telling first

    def pks(self, model):
        """Real ids of `model`: the world's own, else a few from the table."""
        found = self.by_model.get(model)
        if found is None:
            found = list(model._default_manager.values_list("pk", flat=True)[:3])
        return found or ["1"]

    def slugs(self):
        found = [a.slug for a in self.articles] + [d.slug for d in self.divisions]
        found += [a.slug for a in self.authors] + [t.slug for t in self.tags]
        return list(dict.fromkeys(found))

    def months(self):
        local = [timezone.localtime(a.published_at) for a in self.articles if a.published_at]
        return list(dict.fromkeys((str(d.year), f"{d.month:02d}") for d in local))

    def search_values(self):
        """What a reader would search for to find the secrets."""
        titles = [token for token, what in self.secrets.items() if what.startswith("title")]
        return [Value("rahasia", "rahasia")] + [Value(f"marker {t}", t) for t in titles]


def build_world(users, media_root):
    """The data every path parameter is filled from. `users`: role name -> user."""
    writer, other, editor = users["writer"], users["other_writer"], users["editor"]
    divisions = [DivisionFactory(), DivisionFactory()]
    authors = [AuthorFactory(user=writer), AuthorFactory(user=other), AuthorFactory()]
    public_tag = Tag.objects.create(name="pemilu 2024", slug="pemilu-2024")
    markers = {}

    def marker(kind, what):
        text = f"rahasia-{kind}-{secrets.token_hex(5)}"
        markers[text] = what
        return text

    def secret_article(kind, label, **fields):
        """Another writer's unpublished article: each of its texts a marker of its own."""
        what = f"{label} of other_writer"
        # Name and slug differ: a page at the tag's address shows its name.
        tag = Tag.objects.create(
            name=marker(kind, f"name of a tag only the {what} has").upper(),
            slug=marker(kind, f"slug of a tag only the {what} has"),
        )
        article = ArticleFactory(
            title=f"Judul {marker(kind, f'title of the {what}').upper()}",
            slug=marker(kind, f"slug of the {what}"),
            lead=f"Ringkasan {marker(kind, f'lead of the {what}')}.",
            body=f"<p>Isi {marker(kind, f'body of the {what}')}.</p>",
            cover_caption=f"Foto {marker(kind, f'cover caption of the {what}')}",
            author=authors[1],
            division=divisions[1],
            created_by=other,
            updated_by=other,
            **fields,
        )
        article.tags.set([tag])
        return article, tag

    now = timezone.now()
    draft, draft_tag = secret_article(
        "draft", "draft", status=Article.Status.DRAFT, published_at=None
    )
    scheduled, scheduled_tag = secret_article(
        "jadwal", "scheduled article", published_at=now + timedelta(days=40)
    )
    # Once published, waiting for review again: a time in the past, and not public.
    review, review_tag = secret_article(
        "tinjau", "article in review", status=Article.Status.REVIEW, published_at=now
    )
    deleted, deleted_tag = secret_article("hapus", "deleted article", status=Article.Status.DRAFT)
    published = [
        ArticleFactory(
            author=authors[2], division=divisions[0], created_by=editor, tags=[public_tag.name]
        )
        for _ in range(11)  # a second page of every list
    ]
    published.append(
        ArticleFactory(author=authors[0], division=divisions[0], created_by=writer, tags=["kpu"])
    )
    own_draft = ArticleFactory(
        author=authors[0],
        division=divisions[0],
        created_by=writer,
        status=Article.Status.DRAFT,
        published_at=None,
    )
    articles = [draft, scheduled, review, deleted, own_draft, published[0], published[-1]]
    for article in articles:  # two revisions each, by their writers
        for edit in ("", " (diperbarui)"):
            with reversion.create_revision():
                reversion.set_user(article.created_by)
                reversion.set_comment(f"Disunting{edit}")
                article.lead = article.lead.removesuffix(" (diperbarui)") + edit
                article.save()
    deleted_pk = deleted.pk
    deleted.delete()  # its revisions remain, for the recover views
    articles.remove(deleted)

    # The content type declared only in the test suite (tests/notices/): the same
    # states, revisions and a deleted one, so its admin is fuzzed like Article's.
    notices = [
        Notice.objects.create(
            title=f"Pengumuman {marker('notice', 'title of a draft notice of other_writer')}",
            text="<p>Draf.</p>",
            created_by=other,
        ),
        Notice.objects.create(title="Pengumuman terbit", text="<p>Terbit.</p>", created_by=editor),
        Notice.objects.create(title="Draf sendiri", text="<p>Draf.</p>", created_by=writer),
        Notice.objects.create(title="Dihapus", text="<p>Dihapus.</p>", created_by=other),
    ]
    notices[1].publish(by=editor)
    for notice in notices:
        for edit in ("", " (diperbarui)"):
            with reversion.create_revision():
                reversion.set_user(notice.created_by)
                notice.title = notice.title.removesuffix(" (diperbarui)") + edit
                notice.save()
    deleted_notice_pk = notices[-1].pk
    notices.pop().delete()

    audit.record(users["administrator"], AuditEvent.Action.CREATE_USER, writer, "Penulis")
    audit.record(editor, AuditEvent.Action.PUBLISH, published[0], now.isoformat())
    login = {
        "username": "writer",
        "path_info": "/admin/login/",
        "user_agent": "Mozilla/5.0",
        "ip_address": "10.0.0.1",
        "http_accept": "*/*",
    }
    AccessAttempt.objects.create(
        get_data="", post_data="username=writer", failures_since_start=2, **login
    )
    AccessLog.objects.create(**login)
    AccessFailureLog.objects.create(**login)

    media = Path(media_root) / "uploads" / "2024" / "01" / "foto.txt"
    media.parent.mkdir(parents=True, exist_ok=True)
    media.write_text("bukan gambar")
    static = "css/site.css" if finders.find("css/site.css") else "admin/css/base.css"

    tags = [public_tag, draft_tag, scheduled_tag, review_tag, deleted_tag]
    by_model = {
        Article: [a.pk for a in articles] + [deleted_pk],
        Notice: [n.pk for n in notices] + [deleted_notice_pk],
        Tag: [t.pk for t in tags],
        type(writer): [u.pk for u in dict.fromkeys(users.values())],
        type(divisions[0]): [d.pk for d in divisions],
        type(authors[0]): [a.pk for a in authors],
    }
    return World(
        users=users,
        articles=articles,
        divisions=divisions,
        authors=authors,
        tags=tags,
        versions=list(Version.objects.order_by("pk")),
        objects=[*articles, *notices, divisions[0], authors[1], *tags[:3], other],
        secrets=markers,
        media_file=str(media.relative_to(media_root)),
        static_file=static,
        by_model=by_model,
    )


def real_assignments(route, world):
    """Real values for the route's path parameters: [{param: value}, …]."""
    params = set(route.params)
    if not params:
        return [{}]
    if {"content_type_id", "object_id"} <= params:
        return [
            {"content_type_id": ContentType.objects.get_for_model(o).pk, "object_id": o.pk}
            for o in world.objects
        ]
    model_type = ContentType.objects.get_for_model(route.model or Article)
    versions = [v for v in world.versions if v.content_type_id == model_type.pk]
    if {"object_id", "version_id"} <= params:
        found = [{"object_id": v.object_id, "version_id": v.pk} for v in versions]
        # A model the world saved no revision of (the office settings): its own row,
        # with a revision that does not exist, which must still be answered safely.
        return found or [{"object_id": world.pks(route.model)[0], "version_id": 1}]
    if {"year", "month"} <= params:
        return [{"year": year, "month": month} for year, month in world.months()]

    def candidates(param):
        if param in ("object_id", "id") and route.model is not None:
            return world.pks(route.model)
        if param == "version_id":
            return [v.pk for v in versions] or [1]  # none saved: one that does not exist
        if param == "slug":
            return world.slugs()
        if param == "app_label":
            return sorted({m._meta.app_label for m in admin.site._registry})
        if param == "url":
            return ["tidak-ada/"]
        if param == "path":
            return [world.media_file, world.static_file]
        if type(route.converters.get(param)).__name__ == "IntConverter":
            return [world.articles[0].pk]
        return [world.articles[0].pk, world.slugs()[0]]

    lists = [candidates(param) for param in route.params]
    if len(lists) > 1:
        lists = [values[:3] for values in lists]
    return [dict(zip(route.params, combo, strict=True)) for combo in itertools.product(*lists)]


# --- Reading pages ----------------------------------------------------------------


class PageForms(HTMLParser):
    """Each form's method, action and the values a browser would submit; and the names
    of the query parameters in the page's own links (?o=2, ?status__exact=draft)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []  # {"method", "action", "values": {name: value}}
        self.link_parameters = set()
        self._form = self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href", "").startswith("?"):
            self.link_parameters |= {name for name, _ in parse_qsl(a["href"][1:], True)}
        if tag == "form":
            self._form = {
                "method": a.get("method", "get").lower(),
                "action": a.get("action", ""),
                "values": {},
            }
            self.forms.append(self._form)
        if self._form is None or ("name" not in a and tag != "option"):
            return
        values = self._form["values"]
        if tag == "input" and a.get("type") not in ("submit", "button", "file", "image", "reset"):
            if a.get("type") not in ("checkbox", "radio"):
                values[a["name"]] = a.get("value", "")
            elif "checked" in a:
                values[a["name"]] = a.get("value", "on")
        elif tag == "textarea":
            self._textarea = a["name"]
            values[a["name"]] = ""
        elif tag == "select":
            self._select = a["name"]
            values.setdefault(a["name"], "")
        elif tag == "option" and self._select and "selected" in a:
            values[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            values = self._form["values"]
            values[self._textarea] = (values[self._textarea] + data).lstrip("\n")


def read_page(response):
    page = PageForms()
    if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
        page.feed(response.content.decode(errors="replace"))
        page.close()
    return page


def own_post_form(page, path):
    """The values of the page's POST form that submits to the page itself, if any."""
    for form in page.forms:
        action = urlsplit(form["action"]).path
        if form["method"] == "post" and (not action or unquote(action) == unquote(path)):
            return dict(form["values"])
    return None


class ReadParameters:
    """Records the names of the request parameters views ask for (get, [], getlist, in)."""

    METHODS = ("get", "getlist", "__getitem__", "__contains__")

    def __init__(self):
        self.names = set()
        self._saved = {}

    def __enter__(self):
        for name in self.METHODS:
            original = getattr(QueryDict, name)
            self._saved[name] = QueryDict.__dict__.get(name)

            def tracked(query, key, *args, _original=original, **kwargs):
                if isinstance(key, str):
                    self.names.add(key)
                return _original(query, key, *args, **kwargs)

            setattr(QueryDict, name, tracked)
        return self

    def __exit__(self, *exc):
        for name, original in self._saved.items():
            if original is None:
                delattr(QueryDict, name)
            else:
                setattr(QueryDict, name, original)


# --- The fuzzer -------------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    role: str
    method: str
    url: str  # the fuzzed value shown as …
    parameter: str
    value: str
    problem: str


def shorten(text, limit=70):
    text = text if text.isprintable() else repr(text)[1:-1]
    return text if len(text) <= limit else text[: limit - 1] + "…"


def ok(response):
    return 200 <= response.status_code < 300


class Fuzzer:
    def __init__(self, world, role, user):
        self.world, self.role, self.user = world, role, user
        self.client = Client(raise_request_exception=False, enforce_csrf_checks=False)
        if user is not None:
            self.client.force_login(user)
        self.cookies = copy.deepcopy(self.client.cookies)
        self.perm_user = user or AnonymousUser()
        self.routes = discover_routes()
        self.by_callback = {id(r.callback): r for r in self.routes if r.callback is not None}
        self.failures = []
        self.sent = self.paths = 0
        # Each request from an address of its own: no rate limit or login lockout
        # stands between a request and the code it is meant to reach.
        self.addresses = (
            f"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}" for i in itertools.count(1)
        )
        self.reads = ReadParameters()
        # Another writer's unpublished texts: no business of visitors or other writers.
        self.secrets = world.secrets if role in ("anonymous", "writer") else {}
        self._resolved = {}

    # --- the walk ---

    def run(self):
        quiet = [logging.getLogger(name) for name in ("django.request", "django.security")]
        levels = [logger.level for logger in quiet]
        for logger in quiet:  # every 500 is in the report, with its exception
            logger.setLevel(logging.CRITICAL)
        with connection.cursor() as cursor:  # undone with the test's transaction
            cursor.execute("SET statement_timeout = %s", [f"{int(STATEMENT_TIMEOUT * 1000)}ms"])
        try:
            with self.reads:
                for route in self.routes:
                    self.fuzz_route(route)
        finally:
            for logger, level in zip(quiet, levels, strict=True):
                logger.setLevel(level)

    def fuzz_route(self, route):
        real = []
        for path, shown, parameter, value, is_real in self.concrete_paths(route):
            self.paths += 1
            response = self.send("GET", path, shown, parameter=parameter, value=value)
            if is_real:
                real.append((path, shown, response))
        # The page to fuzz: one this role may open, with the parameters it needs.
        real.sort(key=lambda probe: not ok(probe[2]))
        for number, (path, shown, response) in enumerate(real):
            bases = self.baselines(route, path)
            for base in bases:
                if base:
                    query = [(k, plain(v)) for k, v in base.items()]
                    response = self.send("GET", path, shown, query, parameter="(valid values)")
                if ok(response):
                    bases = [base] + [other for other in bases if other is not base]
                    break
            if ok(response) or number == len(real) - 1:
                self.fuzz_parameters(route, path, shown, response, bases)
                return

    def concrete_paths(self, route):
        """[(path, shown, parameter, value label, real?)]: real ids, then hostile ones."""
        found = {}
        assignments = real_assignments(route, self.world)
        for assignment in assignments:
            encoded = {p: plain(v).in_path(route.keeps_slashes(p)) for p, v in assignment.items()}
            path = "/" + route.template % encoded
            found.setdefault(path, (path, path, "", "", True))
        for param in route.params:
            for value in IN_PATH:
                encoded = {
                    p: plain(v).in_path(route.keeps_slashes(p)) for p, v in assignments[0].items()
                }
                shown = "/" + route.template % {**encoded, param: f"<{param}>"}
                encoded[param] = value.in_path(route.keeps_slashes(param))
                path = "/" + route.template % encoded
                found.setdefault(path, (path, shown, f"<{param}> in the path", value.label, False))
        return list(found.values())

    def fuzz_parameters(self, route, path, shown, response, bases):
        page = read_page(response) if ok(response) else PageForms()
        tracked = response.read_parameters - ADMIN_CONTROLS
        known = self.known_parameters(route, response) | page.link_parameters
        known = (known | (response.read_parameters & ADMIN_CONTROLS)) - tracked
        initial = self.initial_values(route) - tracked - known
        form_fields = {  # the page's GET forms (its POST form: fuzz_post)
            name for form in page.forms if form["method"] == "get" for name in form["values"]
        }
        form_fields -= tracked | known | initial | {"csrfmiddlewaretoken"}
        searches = self.world.search_values() if self.secrets else []

        def get(values, base, param):
            for value in values:
                query = [(k, plain(v)) for k, v in base.items() if k != param] + [(param, value)]
                self.send("GET", path, shown, query, parameter=param, value=value.label)

        if ok(response):
            for number, base in enumerate(bases):
                if number:  # the view's other valid combinations
                    for param in sorted(tracked - set(base)):
                        get(OTHER_BASELINES, base, param)
                    continue
                for param in sorted(tracked):
                    get(FULL + searches, base, param)
                for param in sorted(known):
                    get(MEDIUM, base, param)
                for param in sorted(form_fields | initial):
                    get(SHORT, base, param)
                for name in HOSTILE_NAMES:
                    query = [(k, plain(v)) for k, v in base.items()] + [(name.text, X)]
                    self.send("GET", path, shown, query, parameter=f"<{name.label}>", value="x")
        else:
            names = sorted(tracked | known | set(COMMON_PARAMETERS))
            for value in TURNED_AWAY:
                query = [(name, value) for name in names]
                self.send("GET", path, shown, query, parameter="(all)", value=value.label)
        self.fuzz_post(path, shown, page, tracked | known)

    def fuzz_post(self, path, shown, page, read):
        form = own_post_form(page, path)
        base = {k: plain(v) for k, v in (form or {}).items()}
        response = self.send("POST", path, shown, body=list(base.items()), parameter="(form)")
        if response.status_code == 405:
            return
        fields = set(base) - {"csrfmiddlewaretoken"}
        # What the view asks the POST for beyond the form: its buttons, the admin's controls.
        others = response.read_parameters | (read if form is None else set())
        others -= fields | {"csrfmiddlewaretoken"}
        if form is not None or ok(response):
            for names, values in ((fields, POSTED), (others, FLAGS)):
                for name in sorted(names):
                    for value in values:
                        body = [(k, v) for k, v in base.items() if k != name] + [(name, value)]
                        self.send("POST", path, shown, body=body, parameter=name, value=value.label)
        else:
            names = sorted(fields | others | set(COMMON_PARAMETERS))
            for value in TURNED_AWAY_POST:
                body = [(name, value) for name in names]
                self.send("POST", path, shown, body=body, parameter="(all)", value=value.label)

    def known_parameters(self, route, response):
        """Parameters the view reads from the whole query, which tracking cannot see."""
        names = set()
        if route.model is not None:
            names |= {"_changelist_filters", "_popup", "_to_field"}
        context = getattr(response, "context_data", None) or {}
        changelist = context.get("cl") if hasattr(context, "get") else None
        if changelist is not None:
            names |= {"q", "o", "p", "e", "all"}
            for spec in changelist.filter_specs:
                names |= set(spec.expected_parameters())
            if changelist.date_hierarchy:
                names |= {f"{changelist.date_hierarchy}__{p}" for p in ("year", "month", "day")}
        if route.name == "admin:autocomplete":
            names |= {"term", "app_label", "model_name", "field_name", "page"}
        return names

    @staticmethod
    def initial_values(route):
        """An add page takes each model field's initial value from the query (?title=…)."""
        if route.kind != "add":
            return set()
        return {
            f.name
            for f in route.model._meta.get_fields()
            if getattr(f, "editable", False) and not f.auto_created
        }

    def baselines(self, route, path):
        """Valid values of the other parameters, so a view gets as far as the fuzzed one."""
        if route.name == "admin:autocomplete":
            # Each relation between registered models: forward ones first (what the
            # admin's widgets ask for), then reverse ones (what a crafted URL can).
            found = sorted(
                (f.auto_created, model._meta.app_label, model._meta.model_name, f.name)
                for model in admin.site._registry
                for f in model._meta.get_fields()
                if f.is_relation
                and getattr(getattr(f, "remote_field", None), "model", None) in admin.site._registry
            )
            keys = ("app_label", "model_name", "field_name")
            return [dict(zip(keys, row[1:], strict=True)) for row in found] or [{}]
        if route.model is Article and route.kind == "extra" and "compare" in route.route:
            pk = str(self.resolved(unquote(path))[1].get("object_id", ""))
            revisions = [v.revision_id for v in self.world.versions if v.object_id == pk]
            if len(revisions) >= 2:
                return [{"dari": revisions[0], "ke": revisions[-1]}]
        return [{}]

    # --- sending ---

    def send(self, method, path, shown, query=(), body=None, parameter="", value=""):
        """One request, checked; sent again once if it took over SLOW_SECONDS."""
        query_string = "&".join(f"{quote_plus(name)}={v.in_query()}" for name, v in query)
        url = path + ("?" + query_string if query_string else "")
        data = b"&".join(quote_plus(name).encode() + b"=" + v.in_body() for name, v in body or ())
        for _attempt in range(2):
            self.reads.names = set()
            with transaction.atomic():
                started = time.perf_counter()
                response = self.client.generic(
                    method,
                    url,
                    data,
                    content_type="application/x-www-form-urlencoded",
                    REMOTE_ADDR=next(self.addresses),
                )
                if response.streaming:
                    response.streamed = b"".join(response.streaming_content)[:1_000_000]
                elapsed = time.perf_counter() - started
                transaction.set_rollback(True)
            self.client.cookies = copy.deepcopy(self.cookies)
            self.sent += 1
            if elapsed <= SLOW_SECONDS:
                break
        response.read_parameters = set(self.reads.names)
        masked = parameter == "(all)"
        shown_query = "&".join(
            f"{shorten(name, 20)}={'…' if masked or name == parameter else v.shown}"
            for name, v in query
        )
        where = shorten(shown + ("?" + shown_query if shown_query else ""), 160)
        sent = (unquote(url, errors="replace") + data.decode("latin-1")).lower()
        for problem in self.check(response, elapsed, sent):
            self.failures.append(
                Failure(self.role, method, where, parameter or "—", value or "—", problem)
            )
        return response

    # --- checking ---

    def check(self, response, elapsed, sent):
        """The problems with one answer: [] when there are none."""
        problems = []
        status = response.status_code
        if status >= 500:
            error = getattr(response, "exc_info", None)
            cause = f": {error[0].__name__}: {shorten(str(error[1]), 110)}" if error else ""
            if not error and status == 503 and elapsed >= STATEMENT_TIMEOUT:
                cause = f" (a query ran into the fuzzer's {STATEMENT_TIMEOUT:.0f} s timeout)"
            problems.append(f"answered {status}{cause}")
        if elapsed > SLOW_SECONDS:
            problems.append(f"took {elapsed:.2f} s, twice (limit {SLOW_SECONDS:.0f} s)")
        if ok(response):
            reason = self.forbidden(response)
            if reason:
                problems.append(f"answered {status}, but {reason}")
        if self.secrets:
            content = getattr(response, "streamed", None)
            if content is None:
                content = b"" if response.streaming else response.content
            seen = content.decode("utf-8", errors="replace").lower()
            location = response.get("Location", "").lower()
            seen += "\n".join(f"{k}: {v}" for k, v in response.headers.items()).lower()
            for token, what in self.secrets.items():
                if token in seen and token not in sent:  # not an echo of the request
                    place = " in its Location" if token in location else ""
                    problems.append(f"answered {status} showing the {what}{place} ({token})")
        return problems

    def resolved(self, path):
        """(Route, {argument: value}) of a path (as Django decodes it), or (None, {})."""
        if path not in self._resolved:
            try:
                match = resolve(path)
            except Resolver404:
                self._resolved[path] = (None, {})
            else:
                route = self.by_callback.get(id(match.func))
                arguments = dict(match.kwargs)
                if route is not None:
                    positional = [p for p in route.params if p not in arguments]
                    arguments.update(zip(positional, match.args, strict=False))
                self._resolved[path] = (route, arguments)
        return self._resolved[path]

    def has_perm(self, model, action):
        codename = get_permission_codename(action, model._meta)
        return self.perm_user.has_perm(f"{model._meta.app_label}.{codename}")

    def forbidden(self, response):
        """Why the roles (accounts/roles.py) forbid this user a 2xx here, or None."""
        route, arguments = self.resolved(response.wsgi_request.path_info)
        if route is None:
            return None
        if self.user is None and route.admin and route.name not in PUBLIC_ADMIN_URL_NAMES:
            return "anonymous visitors may open no admin page but the login"
        if route.model is not None:
            model = route.model
            needed = {
                "add": ["add"],
                "delete": ["delete"],
                "extra": ["change"],  # views a library or we add through get_urls()
            }.get(route.kind, ["view", "add", "change", "delete"])
            if not any(self.has_perm(model, action) for action in needed):
                return f"{self.role} has no {'/'.join(needed)} permission on {model._meta.label}"
            item = self.item_of(route, arguments)
            edit_all = model.permission("edit_all") if item is not False else None
            if item is not False and not self.perm_user.has_perm(edit_all):
                if item is None or item.created_by_id != self.perm_user.pk:
                    whose = "a deleted item" if item is None else "another user's item"
                    return f"{self.role} may not open {whose} ({edit_all})"
        elif route.admin and "app_label" in arguments:
            if not self.perm_user.has_module_perms(arguments["app_label"]):
                return f"{self.role} has no permission in the app {arguments['app_label']}"
        if route.name == "admin:autocomplete":
            remote = autocomplete_model(response.wsgi_request.GET)
            if remote is not None and not (
                self.has_perm(remote, "view") or self.has_perm(remote, "change")
            ):
                return f"{self.role} may not view {remote._meta.label}"
        return None

    def item_of(self, route, arguments):
        """The publishable item the admin URL is about: False if none, None if it was deleted."""
        model = route.model
        if not issubclass(model, Publishable):
            return False
        pk = str(arguments.get("object_id", ""))
        if "version_id" in arguments:
            version_id = str(arguments["version_id"])
            valid = version_id.isdigit() and len(version_id) <= 9
            version = Version.objects.filter(pk=version_id).first() if valid else None
            if version is None:
                return False
            pk = version.object_id
        if not pk.isdigit() or len(pk) > 18:
            return False
        item = model.objects.filter(pk=pk).first()
        if item is None and not Version.objects.get_for_model(model).filter(object_id=pk):
            return False
        return item

    # --- reporting ---

    def report(self):
        """One line per page, parameter and problem; the values that caused it together."""
        groups = {}
        for f in self.failures:
            key = (f.method, f.url, f.parameter, f.problem)
            groups.setdefault(key, []).append(f.value)
        lines = [f"{len(self.failures)} failures in {len(groups)} groups ({self.role}):"]
        for (method, url, parameter, problem), values in groups.items():
            lines.append(f"  {method:4} {url}")
            lines.append(f"       {parameter} = {' | '.join(dict.fromkeys(values))}: {problem}")
        return "\n".join(lines)


def autocomplete_model(query):
    """The model the admin's autocomplete would list for these parameters, if any."""
    try:
        source = apps.get_model(query.get("app_label", ""), query.get("model_name", ""))
        remote = source._meta.get_field(query.get("field_name", "")).remote_field.model
    except (LookupError, ValueError, FieldDoesNotExist, AttributeError):
        return None
    return remote if remote in admin.site._registry else None
