"""The site's one cache: whole public pages, and what every render repeats.

How it works
- A public page drawn for an anonymous reader (GET or HEAD, no session cookie)
  is stored whole in the default cache (Redis via CACHE_URL in production) for
  PAGE_CACHE_SECONDS and served from there to the next reader, with
  `X-Page-Cache: hit`.
- Everything is stored under the current *generation*, a random token kept in
  the same cache (pages use it as their cache version, Django's `version=`).
  Saving or deleting anything readers see, or changing an article's tags,
  starts a new generation (watch() wires the signals, at once and again after
  the commit): every page is drawn afresh on its next request, and nothing
  kept under the old generation is read again.
- A generation also ends when what readers see next changes by itself, with
  no save: a scheduled item goes live, an announcement's validity starts or
  ends (each watched type's `next_change`, see watch()). And it ends at the
  latest PAGE_CACHE_GENERATION_SECONDS after it began: a write that sends no
  signal (QuerySet.update(), raw SQL, a data migration) shows within that time.
- Each process reads the generation at most once per
  PAGE_CACHE_GENERATION_CHECK_SECONDS: another worker's edit shows here within
  that time. A request that nginx passes on (its header X-Microcache,
  deploy/nginx.conf) reads it at once: nginx keeps what it gets for its
  microcache's lifetime, and a page up to a check interval old would add that
  interval to the time an edit takes to reach readers (bench/publish_latency.py).
- Each process also keeps, for the current generation only, the pages it served
  lately and what every render repeats (keep(): the menu's divisions, the
  header and the news cards through {% cached_include %}). The page cache's
  targets (bench/RESULTS.md) need both: a hit from the shared cache alone costs
  a round trip, and a first render would draw the header and every card again.
- All of this process's state is one tuple, replaced whole under a lock when
  the generation changes: safe for threads (gthread workers).
- Should the cache server fail, pages are drawn afresh, nothing is kept, and
  edits are saved all the same; the server is asked again after a check interval.

Conditional GET
- Every HTML page drawn for everyone carries an ETag, the MD5 of its body
  (Django's set_response_etag), computed once when the page is drawn and stored
  with it (STORED_HEADERS); a hit copies it, and hashes nothing. A matching
  If-None-Match (or If-Modified-Since) is answered 304 by Django's
  get_conditional_response, from the cache (no query) or after a fresh render.
  Being the body's own hash, the ETag of a page drawn again under a new
  generation, unchanged, still matches the reader's copy: an edit elsewhere
  costs phones nothing. The comparison is weak, as HTTP wants for GET, so the
  W/"…" that nginx makes of it when it gzips still matches.
- Last-Modified is when that body was first drawn: remembered per page and ETag
  outside the generations (first_drawn()), and left out where it would not be
  true (no entry: searches, the cache off; or another body drawn the same second).
- Cache-Control: no-cache. Browsers keep the page and ask each time; the answer
  is a 304 of a few hundred bytes. nginx ignores it (its microcache keeps pages
  a few seconds, deploy/nginx.conf) and answers the same 304 from there.
- Feeds carry validators of their own (news/feeds.py conditional()), computed
  before anything is drawn: their bodies are not hashed here.
- Nothing drawn for a session (staff, a made-up cookie) nor any other method has
  a validator; it is marked private so that no shared cache keeps it.

Why this design
- Django's cache middleware and `{% cache %}` expire entries by time alone: an
  edit would wait for the timeout. wagtail-cache empties the whole cache on
  publish, which here would also drop the counter's readers and the rate
  limits that share it. django-cacheops invalidates query results row by row:
  precise, but it too misses update(), and it brings its own Redis structures.
  Almost any edit shows on the home page, the lists, the feeds and the related
  news of other pages, so working out which pages an edit touches would save
  little and risk stale pages; one generation drops everything with one write
  and touches nothing else in the cache.
"""

import hashlib
import logging
import re
import threading
import time
import uuid
from functools import wraps
from http import HTTPStatus
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
    set_response_etag,
)
from django.utils.http import http_date, parse_http_date_safe
from django_ratelimit.core import is_ratelimited
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

from kpu_site.client_address import client_address
from kpu_site.context_processors import office

logger = logging.getLogger(__name__)

# What a cache server that is down or unreachable raises (through django-redis).
CACHE_ERRORS = (ConnectionInterrupted, RedisError)

GENERATION_KEY = "page-cache:generation"
# X-Microcache, sent by nginx with every request it passes on (deploy/nginx.conf):
# read the generation now. Sent by anyone else, it costs one round trip to the
# cache. Read from META: request.headers would build a dict of every header on
# each hit.
MICROCACHE_HEADER = "HTTP_X_MICROCACHE"
# A page number as the site's own links write it. Other query parameters
# (utm_source, cache busters) map to the page's one entry; a search, which a
# client can vary without end, or a page number written another way ("01",
# "1.0") has no entry and is drawn afresh: no client can fill the cache.
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}|last")
# Filters a list reads from its query (the documents' list, documents/views.py):
# each one given is part of the page's key, in this order. A value that list
# refuses is a 404, which is never stored, so the entries stay as few as the
# filters' real values.
LIST_FILTERS = ("kelas", "tahun", "divisi")
FILTER_VALUE = re.compile(r"[\w-]{1,60}", re.ASCII)
# Headers a view sets that belong to the page; the middleware adds the rest per response.
STORED_HEADERS = ("Content-Type", "Content-Language", "ETag", "Last-Modified")


# Entries keep() holds per process (pages, cards, the header); when full, it starts over.
MAX_KEPT = 1000


class Local(NamedTuple):
    """This process's copy of the generation, and what it keeps for it."""

    token: str | None  # None: the cache server did not answer; keep nothing
    read_again_at: float
    kept: dict  # replaced, never changed; dropped whole with the generation


_local = Local(None, 0.0, {})
# Held while _local is replaced: a thread cannot put back a generation, or what
# was kept for it, that another thread of this process has just replaced.
_lock = threading.RLock()
# {model: a function returning when what readers see of it next changes by itself} (watch()).
_next_changes = {}


def watch(model, next_change=None):
    """Start a new generation whenever `model` is saved or deleted, or (for a
    through model) its links change; and at the time `next_change()` returns
    (an aware datetime, or None for never): when what readers see of `model`
    next changes with no save at all. Called from an AppConfig.ready().

    A Publishable's default is its next scheduled publication
    (Publishable.next_public_change()). A type that also changes by time on its
    own (an announcement's validity) gives its own `next_change`, which covers
    its schedule too; publishing/apps.py's later or earlier watch() with the
    default never replaces it.
    """
    from .models import Publishable

    global _next_changes
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(invalidate_on_change, sender=model, dispatch_uid=f"page-cache:{model}")
    if next_change is not None:
        _next_changes = {**_next_changes, model: next_change}
    elif issubclass(model, Publishable) and model not in _next_changes:
        _next_changes = {**_next_changes, model: model.next_public_change}


def _remember(token, read_again_at):
    global _local
    with _lock:
        kept = _local.kept if token is not None and token == _local.token else {}
        _local = Local(token, read_again_at, kept)


def _read_again_at(ends_at):
    return min(ends_at, time.time() + settings.PAGE_CACHE_GENERATION_CHECK_SECONDS)


def forget_local():
    """Forget this process's copy of the generation and all it keeps."""
    _remember(None, 0.0)


def _unreachable():
    logger.warning("Page cache unavailable", exc_info=True)
    _remember(None, time.time() + settings.PAGE_CACHE_GENERATION_CHECK_SECONDS)


def new_generation():
    """Start a new generation, and return its token: every cached page is stale.

    Called by whoever changed something, so that readers find the generation
    ready. One query per watched type that changes by time (watch()).
    """
    changes = [next_change() for next_change in _next_changes.values()]
    at_the_latest = time.time() + settings.PAGE_CACHE_GENERATION_SECONDS
    ends_at = min([at.timestamp() for at in changes if at is not None] + [at_the_latest])
    token = uuid.uuid4().hex
    with _lock:
        cache.set(GENERATION_KEY, (token, ends_at), timeout=None)
        _remember(token, _read_again_at(ends_at))
    return token


def invalidate_now():
    """new_generation(), for a writer: with the cache server down the edit is
    kept all the same, and pages are drawn afresh until it answers again.
    """
    try:
        new_generation()
    except CACHE_ERRORS:
        _unreachable()


def invalidate_on_change(sender, **kwargs):
    """Signal receiver (watch()): something readers see has changed.

    Now, and again after the commit: a page rendered between the save and the
    commit would otherwise be stored, still showing the old text, under the
    new generation. Of a tag change's m2m_changed pair (pre_/post_), the post_
    half is enough.
    """
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    invalidate_now()
    transaction.on_commit(invalidate_now)


def current_generation(at_once=False):
    """The generation's token, or None while the cache server does not answer.
    Read from the cache at most once per check interval, or `at_once`.
    """
    local = _local
    if time.time() < local.read_again_at and not at_once:
        return local.token
    with _lock:
        local = _local
        if time.time() < local.read_again_at and not at_once:  # another thread has just read it
            return local.token
        try:
            token, ends_at = cache.get(GENERATION_KEY) or (None, None)
            if token is None or ends_at is None or time.time() >= ends_at:
                # Evicted, never made, or over: something has changed by its time, or it is old.
                return new_generation()
        except CACHE_ERRORS:
            _unreachable()
            return None
        _remember(token, _read_again_at(ends_at))
        return token


def keep(key, compute):
    """compute(), computed once per process and generation: for what every render
    repeats and only an edit changes. The value must never be changed in place.
    """
    generation = current_generation()
    if generation is None:
        return compute()
    value = _local.kept.get(key)
    if value is None:
        value = compute()
        _keep(generation, key, value)
    return value


def _keep(generation, key, value):
    """Add to what this process keeps for `generation`; when full, start over.
    Copied, never changed in place: a thread reading the old dict is undisturbed.
    """
    global _local
    with _lock:
        if _local.token == generation:  # not replaced meanwhile
            kept = _local.kept if len(_local.kept) < MAX_KEPT else {}
            _local = _local._replace(kept={**kept, key: value})


def page_key(request):
    """The cache key of this request's page, or None when it has none (see PAGE_NUMBER
    and LIST_FILTERS)."""
    if "q" in request.GET:
        return None
    page = request.GET.get("page")
    if page is not None and not PAGE_NUMBER.fullmatch(page):
        return None
    parts = []
    for name in LIST_FILTERS:
        value = request.GET.get(name)
        if value:
            if not FILTER_VALUE.fullmatch(value):
                return None
            parts.append(f"{name}={value}")
    if page is not None:
        parts.append(f"page={page}")
    query = "&".join(parts)
    url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return f"page-cache:{hashlib.sha256(url.encode()).hexdigest()}"


def may_render(request):
    """Whether this client may have one more public page drawn afresh.

    Cached pages cost nothing and are never limited. What is drawn afresh (a
    search, a page after an edit, any request with a session cookie, real or
    made up) counts against PUBLIC_RENDER_RATE_LIMIT per client address: an
    election-night crowd shares the cached pages and stays far below it, while
    one client cannot keep the workers busy with renders. Staff are exempt;
    their session is read only once the limit is reached.
    """
    rate = settings.PUBLIC_RENDER_RATE_LIMIT
    if not rate:
        return True
    try:
        limited = is_ratelimited(
            request,
            group="public-render",
            key=lambda group, request: client_address(request),
            rate=rate,
            increment=True,
        )
    except CACHE_ERRORS:
        return True
    return not limited or request.user.is_staff


def too_many_renders(request):
    """429, rendered without the request: the menu would cost a query."""
    response = HttpResponse(
        render_to_string("429.html", office(request)),
        status=HTTPStatus.TOO_MANY_REQUESTS,
        headers={"Retry-After": "60"},
    )
    add_never_cache_headers(response)
    return response


def is_anonymous_reader(request):
    # The cookie, not request.user: reading the user would cost a session query.
    return request.method in ("GET", "HEAD") and (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def is_cacheable(request, response):
    """A complete 200 for everyone: no cookie set, no session read, no CSRF token issued."""
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Vary")
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
        and not (session is not None and session.accessed)
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


# How long a page's first_drawn() record is kept: forgetting it only makes the
# next unchanged render claim a later Last-Modified (honest, one more 200).
FIRST_DRAWN_SECONDS = 7 * 24 * 3600


def first_drawn(key, etag):
    """When the body `etag` of the page `key` was first drawn: a Unix second, or None.

    Kept outside the generations (unversioned, under its own prefix), so a page
    drawn again unchanged after an edit elsewhere keeps its Last-Modified.
    None when another body of this page was drawn within this same second:
    If-Modified-Since counts whole seconds, and could not tell the two apart.
    One round trip per render, none per hit. Two workers drawing different
    bodies in the same second, neither having seen the other's record, could
    both claim that second; for that rare case the ETag still tells them apart.
    """
    record_key = key.replace("page-cache:", "page-drawn:", 1)
    now = int(time.time())
    try:
        record = cache.get(record_key)
        if record is not None:
            drawn_etag, drawn_at = record
            if drawn_etag == etag:
                return drawn_at
            if drawn_at >= now:
                return None
        cache.set(record_key, (etag, now), timeout=FIRST_DRAWN_SECONDS)
    except CACHE_ERRORS:
        return None  # the page's own cache.set() that follows reports the outage
    return now


def add_validators(response, key):
    """ETag (the body's hash) and, for a page with an entry, Last-Modified: once
    per drawn page, before it is stored. Headers the view set itself are kept.
    """
    if not response.has_header("ETag"):
        set_response_etag(response)
    if key is not None and response.has_header("ETag") and not response.has_header("Last-Modified"):
        drawn_at = first_drawn(key, response["ETag"])
        if drawn_at is not None:
            response["Last-Modified"] = http_date(drawn_at)


def answer_reader(request, response, state):
    """A page for everyone as it goes out: no-cache, and 304 when the client's copy
    matches (Django's evaluation of If-None-Match and If-Modified-Since)."""
    patch_cache_control(response, no_cache=True)
    # Only with a validator of ours: a feed's are checked before it is drawn, and
    # without one an If-Match would turn into a 412 here.
    etag = response.get("ETag")
    last_modified = response.get("Last-Modified")
    if (etag or last_modified) and (
        "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META
    ):
        response = get_conditional_response(
            request,
            etag=etag,
            last_modified=last_modified and parse_http_date_safe(last_modified),
            response=response,
        )
    if state:
        response["X-Page-Cache"] = state
    return response


def lookup(request):
    """(key, generation, stored page or None) of this reader's request: key and
    generation are None when nothing may be stored (the cache off or unreachable)."""
    key = page_key(request) if settings.PAGE_CACHE_SECONDS > 0 else None
    generation = key and current_generation(at_once=MICROCACHE_HEADER in request.META)
    if not generation:
        return None, None, None
    # This process's copy first: a hit on a busy page costs no round trip.
    stored = _local.kept.get(("page", key))
    if stored is None or stored[2] <= time.time():
        try:
            stored = cache.get(key, version=generation)
        except CACHE_ERRORS:
            _unreachable()
            return None, None, None
        if stored is not None:
            _keep(generation, ("page", key), stored)
    return key, generation, stored


def hit(request, stored):
    content, headers, _expires_at = stored
    return answer_reader(request, HttpResponse(content, headers=headers), "hit")


class PageCacheHitMiddleware:
    """Cached pages answered before the session, CSRF, authentication, messages
    and login-lockout middleware, which a reader's request without a session
    cookie only passes through: a hit then costs little more than a plain
    Django view (bench/RESULTS.md, issue 16). HTML pages only: their validators
    are stored with them. It sits below the middleware that
    add the security headers (settings MIDDLEWARE), so hits carry them as any
    response does. Only what a view under cache_public_page() stored is ever
    found; on a miss the request goes down the stack, and that view draws the
    page without asking the cache again. Nothing under ADMIN_URL is looked up.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_URL

    def __call__(self, request):
        if is_anonymous_reader(request) and not request.path.startswith(self.admin_prefix):
            looked_up = lookup(request)
            stored = looked_up[2]
            if stored is None:
                request._page_cache_missed = looked_up
            elif is_html(stored[1]):
                return hit(request, stored)
            # Feeds and the like answer conditional requests with validators of
            # their own, around the cache (news/feeds.py): their view serves the hit.
        return self.get_response(request)


def is_html(response):
    """A response's, or stored headers', content type is HTML."""
    return response.get("Content-Type", "").startswith("text/html")


def cache_public_page(view):
    """Serve `view` from the page cache to anonymous readers, and fill it; give
    what it draws for everyone its validators and answer 304 to a matching
    conditional request (see "Conditional GET" above)."""

    def render(request, *args, **kwargs):
        if not may_render(request):
            return too_many_renders(request)
        return view(request, *args, **kwargs)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_anonymous_reader(request):
            # Drawn for a session, or not a GET: no validator, and no shared cache keeps it.
            response = render(request, *args, **kwargs)
            patch_cache_control(response, private=True)
            return response
        # PageCacheHitMiddleware has looked already, and missed; or it is not installed.
        key, generation, stored = getattr(request, "_page_cache_missed", None) or lookup(request)
        if stored is not None:
            return hit(request, stored)
        response = render(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if not is_cacheable(request, response):
            return response
        if is_html(response):
            add_validators(response, key if generation else None)
        state = None
        if generation:
            headers = {name: response[name] for name in STORED_HEADERS if response.has_header(name)}
            stored = (response.content, headers, time.time() + settings.PAGE_CACHE_SECONDS)
            try:
                cache.set(key, stored, timeout=settings.PAGE_CACHE_SECONDS, version=generation)
            except CACHE_ERRORS:
                _unreachable()
            else:
                _keep(generation, ("page", key), stored)
            state = "miss"
        return answer_reader(request, response, state)

    return wrapper
