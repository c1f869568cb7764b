"""Whole-response cache of public pages for anonymous readers.

Public pages set no cookie and read no session, so one rendering serves every
reader. Entries live in the default cache (Redis via CACHE_URL in production)
under a *generation*: any change to what readers see (an article, division,
author or tag saved or deleted) starts a new generation, and every page is
rendered afresh on its next request. Almost any edit shows on the home page,
the lists, the feeds and the related articles of other pages, so working out
exactly which pages one edit touches would save little and risk stale pages.

Scheduled articles appear without an edit: a generation also ends when the
next scheduled article goes live.

Staff (anyone with a session cookie) never get, nor fill, a cached page. What
is drawn afresh for anyone is limited per client address (may_render()).
"""

import hashlib
import logging
import re
import time
import uuid
from functools import wraps
from http import HTTPStatus

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models import Min
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django_ratelimit.core import is_ratelimited
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

from kpu_site.client_address import client_address
from kpu_site.context_processors import office

from .models import Article

logger = logging.getLogger(__name__)

# What a cache server that is down or unreachable raises (through django-redis).
CACHE_ERRORS = (ConnectionInterrupted, RedisError)

GENERATION_KEY = "page-cache:generation"
# A page number as the site's own links write it. Other query parameters
# (utm_source, cache busters) map to the page's one entry; a search, which a
# client can vary without end, or a page number written another way ("01",
# "1.0") has no entry and is drawn afresh: no client can fill the cache.
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}|last")
# Headers a view sets that belong to the page; the middleware adds the rest per response.
STORED_HEADERS = ("Content-Type", "Content-Language", "ETag", "Last-Modified")


class _Seen:
    """This process's copy of the generation, asked of the shared cache at most
    every PAGE_CACHE_GENERATION_CHECK_SECONDS: a cache hit then needs no round trip
    to know its generation, and another worker's edit shows here within that time.
    """

    token = None
    until = None  # when the next scheduled article goes live (a timestamp)
    checked = 0.0
    unreachable_until = 0.0  # the shared cache failed: not asked again before then
    values = {}  # per_generation(): name → (token, value)


# Pages this process served lately, in front of the shared cache: a hit on a busy
# page costs no round trip at all. Keyed by generation like the shared entries.
_local_pages = LocMemCache("page-cache-local", {"TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": 500}})


def per_generation(name, compute):
    """`compute()`, computed once per process and generation: for what every
    page shows and only an edit changes (the divisions in the menu).
    """
    token = current_generation()
    if token is None:
        return compute()
    if _Seen.values.get(name, (None,))[0] != token:
        _Seen.values[name] = (token, compute())
    return _Seen.values[name][1]


def new_generation():
    """Start a new generation: every cached page is stale from now on.

    Called by whoever changed something (the admin, on save), so that readers
    find the generation ready and never pay for its one query.
    """
    next_go_live = Article.objects.scheduled().aggregate(at=Min("published_at"))["at"]
    generation = (uuid.uuid4().hex, next_go_live.timestamp() if next_go_live else None)
    forget_local()
    cache.set(GENERATION_KEY, generation, timeout=None)
    return generation


def invalidate_now():
    """new_generation(), for a writer: with the shared cache down, the edit is kept all
    the same, and this process keeps nothing until the cache answers again.
    """
    try:
        new_generation()
    except CACHE_ERRORS:
        _unreachable()


def _unreachable():
    """The shared cache failed: keep nothing, and leave it be for a check interval."""
    logger.warning("Page cache unavailable", exc_info=True)
    forget_local()
    _Seen.unreachable_until = time.time() + settings.PAGE_CACHE_GENERATION_CHECK_SECONDS


def forget_local():
    """Drop this process's copies (generation, pages, per-generation values),
    and ask the shared cache again on the next request."""
    _Seen.token = None
    _Seen.unreachable_until = 0.0
    _Seen.values.clear()
    _local_pages.clear()


def current_generation():
    """The generation's token; a new one when the next scheduled article goes live.

    None while the shared cache is unreachable: then nothing is kept or reused,
    every page is drawn afresh, and the cache is asked again after
    PAGE_CACHE_GENERATION_CHECK_SECONDS, not on every request.
    """
    now = time.time()
    if (
        _Seen.token is not None
        and now - _Seen.checked < settings.PAGE_CACHE_GENERATION_CHECK_SECONDS
        and (_Seen.until is None or now < _Seen.until)
    ):
        return _Seen.token
    if now < _Seen.unreachable_until:
        return None
    try:
        generation = cache.get(GENERATION_KEY)
        if generation is None or (generation[1] is not None and now >= generation[1]):
            # Evicted, never made, or a scheduled article has gone live.
            generation = new_generation()
    except CACHE_ERRORS:
        _unreachable()
        return None
    if generation[0] != _Seen.token:
        forget_local()
    _Seen.token, _Seen.until, _Seen.checked = generation[0], generation[1], now
    return _Seen.token


def page_key(request, generation):
    """The cache entry of this request's page, or None when it has none (see PAGE_NUMBER)."""
    if "q" in request.GET:
        return None
    page = request.GET.get("page")
    if page is not None and not PAGE_NUMBER.fullmatch(page):
        return None
    query = "" if page is None else f"page={page}"
    url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"page-cache:{generation}:{digest}"


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


def cache_public_page(view):
    """Serve `view` from the page cache to anonymous readers, and fill it.

    Should the cache server fail, pages are rendered as if it were empty.
    """

    def render(request, *args, **kwargs):
        if not may_render(request):
            return too_many_renders(request)
        return view(request, *args, **kwargs)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if settings.PAGE_CACHE_SECONDS <= 0 or not is_anonymous_reader(request):
            return render(request, *args, **kwargs)
        generation = current_generation()
        key = generation and page_key(request, generation)
        if key is None:
            return render(request, *args, **kwargs)
        try:
            stored = _local_pages.get(key)
            if stored is None:
                stored = cache.get(key)
                if stored is not None:
                    _local_pages.set(key, stored, timeout=settings.PAGE_CACHE_SECONDS)
        except CACHE_ERRORS:
            logger.warning("Page cache unavailable", exc_info=True)
            return render(request, *args, **kwargs)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response
        response = render(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if is_cacheable(request, response):
            headers = {name: response[name] for name in STORED_HEADERS if response.has_header(name)}
            try:
                stored = (response.content, headers)
                _local_pages.set(key, stored, timeout=settings.PAGE_CACHE_SECONDS)
                cache.set(key, stored, timeout=settings.PAGE_CACHE_SECONDS)
            except CACHE_ERRORS:
                logger.warning("Page cache unavailable", exc_info=True)
            response["X-Page-Cache"] = "miss"
        return response

    return wrapper


def invalidate_on_change(sender, **kwargs):
    """Signal receiver (news/apps.py): something readers see has changed.

    Now, and again after the commit: a page rendered between the save and the
    commit would otherwise be stored, still showing the old text, under the
    new generation. Of a tag change's m2m_changed pair (pre_/post_), the post_
    half is enough.
    """
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    invalidate_now()
    transaction.on_commit(invalidate_now)
