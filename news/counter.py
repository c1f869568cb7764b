"""The view counter: "Dilihat N kali", and who counts as a reader.

The article page's script POSTs here after load, so the HTML itself stays
cacheable. count() decides and counts; the view (news/views.count_view) only
speaks HTTP: it refuses beacons from other sites' pages and clients over the
rate limit. A view counts when all of these hold:

- the browser is not a crawler, and the person is not staff;
- this reader (address, browser and article, hashed, kept only in the cache,
  never stored raw) was not counted for this article in the last
  VIEW_COUNT_WINDOW_SECONDS;
- the reader's address has added fewer than VIEW_COUNT_PER_ADDRESS_PER_HOUR
  views to this article in the hour since its first counted view there.

The last rule is the ceiling for one client: the browser's name is the client's
own word, so without it rotating the User-Agent made every beacon a new reader
(about 7,000 views an hour from one address). The address is not the client's
choice (kpu_site/client_address.py), but many Indonesian phones share one
carrier address (CGNAT), so the ceiling is per article and generous enough for
a busy office's readers behind one address: with the default of 30, one address
adds at most 30 views to an article per hour, and a page shared in a large
WhatsApp group still counts its readers. The rate limit in the view (beacons
per address per minute, across articles) bounds the requests themselves.
"""

import hashlib
from functools import lru_cache

from crawlerdetect import CrawlerDetect
from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.db import connection
from django.utils import timezone
from django_redis.cache import RedisCache

from kpu_site.client_address import client_address
from publishing.sql import prepared_once, published_sql

from .models import Article, DailyViews


@lru_cache(maxsize=1)
def _crawler_detect():
    # Compiling the crawler patterns takes a while: once per process.
    return CrawlerDetect()


# Readers' browsers repeat a few hundred user agents; the patterns take a fifth
# of a millisecond per match.
@lru_cache(maxsize=4096)
def is_bot(user_agent: str) -> bool:
    """An empty user agent is a script, not a reader."""
    return not user_agent.strip() or _crawler_detect().isCrawler(user_agent)


# An address's views of one article are counted from its first, for this long.
BUDGET_SECONDS = 60 * 60


def _key(kind, *parts):
    digest = hashlib.sha256("\n".join((settings.SECRET_KEY, *parts)).encode()).hexdigest()
    return f"news:{kind}:{digest}"


def reader_key(slug: str, address: str, user_agent: str) -> str:
    return _key("viewed", slug, address, user_agent)


def is_new_reader(slug: str, address: str, user_agent: str) -> bool:
    """Whether this reader's view of the article counts (the two cache rules above).

    Call only for a human reader who is not staff. On Redis, one round trip (a
    script: Redis runs it whole, alone); elsewhere two or three, whose add and
    increment are atomic. Either way concurrent beacons from one address cannot
    together pass the ceiling.
    """
    reader = reader_key(slug, address, user_agent)
    budget = _key("address-views", slug, address)
    client = _redis_client()
    if client is not None:
        return bool(
            _new_reader_script(client)(
                keys=[cache.make_key(reader), cache.make_key(budget)],
                args=[
                    settings.VIEW_COUNT_WINDOW_SECONDS,
                    BUDGET_SECONDS,
                    settings.VIEW_COUNT_PER_ADDRESS_PER_HOUR,
                ],
            )
        )
    if not cache.add(reader, 1, settings.VIEW_COUNT_WINDOW_SECONDS):
        return False
    cache.add(budget, 0, timeout=BUDGET_SECONDS)
    try:
        return cache.incr(budget) <= settings.VIEW_COUNT_PER_ADDRESS_PER_HOUR
    except ValueError:  # expired between the add and the increment: a new hour
        return cache.add(budget, 1, timeout=BUDGET_SECONDS)


# is_new_reader()'s two rules as one Redis script: KEYS are the reader's and the
# address's keys; ARGV the window, the budget's lifetime and the ceiling. The
# values are those the cache's add() and incr() write (django-redis keeps an
# integer as its digits), so either path reads the other's keys.
_NEW_READER_LUA = """
if not redis.call('SET', KEYS[1], 1, 'NX', 'EX', ARGV[1]) then
    return 0
end
local views = redis.call('INCR', KEYS[2])
if views == 1 then
    redis.call('EXPIRE', KEYS[2], ARGV[2])
end
if views <= tonumber(ARGV[3]) then
    return 1
end
return 0
"""


def _redis_client():
    """The Redis client behind the default cache, or None for another backend."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    return backend.client.get_client(write=True) if isinstance(backend, RedisCache) else None


@lru_cache(maxsize=4)
def _new_reader_script(client):
    # Sent by its digest (EVALSHA), and loaded again if the server has lost it.
    return client.register_script(_NEW_READER_LUA)


def is_counted_reader(request, subject: str) -> bool:
    """Whether this request is a new reader of `subject` who counts: a browser that
    is not a crawler, a person who is not staff, and the two cache rules above.

    `subject` names what is read: an article's slug, or a key of another type's
    own (a document's download). Reads the session only for a browser.
    """
    user_agent = request.headers.get("User-Agent", "")
    return (
        not is_bot(user_agent)
        and not request.user.is_staff
        and is_new_reader(subject, client_address(request), user_agent)
    )


def count(request, slug: str) -> tuple[int | None, bool]:
    """Count this request's view of the published article `slug` if its reader
    counts (the rules above): (the article's total, whether this view counted).

    The total is None when no published article has this slug. Reads the
    session (staff) only for a browser that is not a crawler.
    """
    address = client_address(request)
    user_agent = request.headers.get("User-Agent", "")
    counted = is_counted_reader(request, slug)
    total = record_view(slug) if counted else current_total(slug)
    if total is None and counted:
        # No such article: forget the reader, or a later article with this slug
        # would not count them.
        cache.delete(reader_key(slug, address, user_agent))
        counted = False
    return total, counted


def current_total(slug: str) -> int | None:
    """The published article's total, or None when there is no such article."""
    return (
        Article.objects.published().filter(slug=slug).values_list("view_count", flat=True).first()
    )


def record_view(slug: str) -> int | None:
    """Add one view to the published article's total and today's bucket.

    Returns the new total, or None when no published article has this slug.
    One statement (data-modifying CTEs, one transaction, one round trip): the
    total and the bucket are atomic increments, never read-modify-write, so
    concurrent readers lose no count.

    Unless VIEW_COUNT_SYNCHRONOUS_COMMIT, the commit does not wait for the WAL
    flush (bench/RESULTS.md has the figures): a crash of the database server
    can lose the last fraction of a second of views, never corrupt anything.
    Articles and everything else keep the default, synchronous commit.
    """
    # Inside a caller's transaction, SET LOCAL would hold for the caller's writes too.
    asynchronous = not (settings.VIEW_COUNT_SYNCHRONOUS_COMMIT or connection.in_atomic_block)
    statement = _record_without_waiting_sql if asynchronous else _record_sql
    with connection.cursor() as cursor:
        cursor.execute(*statement(slug=slug, today=timezone.localdate()))
        row = cursor.fetchone()
    return row[0] if row else None


@prepared_once
def _record_sql():
    return _record_text(commit="")


@prepared_once
def _record_without_waiting_sql():
    # set_config(…, true) is SET LOCAL as an expression: it holds until this
    # statement's own transaction commits, so the statement is one round trip.
    return _record_text(commit=", set_config('synchronous_commit', 'off', true)")


def _record_text(commit):
    published = published_sql(Article.objects.published().values("id", "slug"))
    article_table = Article._meta.db_table
    daily_table = DailyViews._meta.db_table
    # Table names come from the models, the rule from published(); values are parameters.
    return (
        f"WITH counted AS ("  # noqa: S608
        f" UPDATE {article_table} SET view_count = view_count + 1"
        f" WHERE id = (SELECT article.id FROM ({published}) article"
        f"  WHERE article.slug = %(slug)s) RETURNING id, view_count"
        f"), daily AS ("
        f" INSERT INTO {daily_table} (article_id, date, views)"
        f" SELECT id, %(today)s, 1 FROM counted"
        f" ON CONFLICT (article_id, date) DO UPDATE SET views = {daily_table}.views + 1"
        f") SELECT view_count{commit} FROM counted"
    )
