"""Most read this week: each article's views over the last WINDOW_DAYS days, kept
as they are counted, so the home page reads five rows instead of summing a week.

Summing the daily buckets of every article on each render cost the home page
most of its time, and more with every article (bench/RESULTS.md, issue 16).
Instead news_recentviews holds, per article, the sum of its buckets dated from
ViewWindow.first_day on, and stays equal to it:

- Triggers on news_dailyviews (migration 0012) add every
  change to a bucket in the window, in the writer's own statement and
  transaction: the counter's beacons, the demo content, a restored backup.
  Each beacon's increment is an atomic upsert, as the bucket's own is, so
  concurrent beacons lose nothing (tests/news/test_most_read.py).
- Once a day roll() moves the window on: the buckets that left it are past days,
  which nothing writes any more (the counter writes only today's), so their
  views are subtracted in one statement, in the transaction that moves
  first_day, under a lock that makes a second process wait and then find the
  window current.

rebuild() recomputes everything from the buckets: for a database without a
window row (a new or flushed one) and for bulk loads that bypass nothing but
want a clean start (bench/loader.py).
"""

from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from publishing import page_cache

from .models import DailyViews, RecentViews, ViewWindow

WINDOW_DAYS = 7

RECENT = RecentViews._meta.db_table
DAILY = DailyViews._meta.db_table
WINDOW = ViewWindow._meta.db_table
# One lock id for rolling and rebuilding (pg_advisory_xact_lock's bigint):
# "news_mos" in ASCII.
LOCK_ID = 0x6E6577735F6D6F73


def roll(today=None):
    """Moves the window to end today. Asked once per process, day and cache
    generation (publishing/page_cache.keep()): one query then, none after."""
    today = today or timezone.localdate()
    page_cache.keep(("most-read-window", today), lambda: _roll(today) or True)


def _roll(today):
    first_day = today - timedelta(days=WINDOW_DAYS - 1)
    current = ViewWindow.objects.values_list("first_day", flat=True).first()
    if current is not None and current >= first_day:
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_ID])
        current = ViewWindow.objects.values_list("first_day", flat=True).first()
        if current is None:
            _rebuild(first_day)
        elif current < first_day:
            _subtract(current, first_day)


def rebuild(today=None):
    """Recomputes every total from the buckets, for the window ending today."""
    today = today or timezone.localdate()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_ID])
        _rebuild(today - timedelta(days=WINDOW_DAYS - 1))


def _rebuild(first_day):
    with connection.cursor() as cursor:
        # Writers of buckets wait until the new totals are in: none is counted twice
        # or lost between the delete and the insert.
        cursor.execute(f"LOCK TABLE {DAILY} IN SHARE MODE")
        cursor.execute(f"DELETE FROM {RECENT}")  # noqa: S608 (table names from the models)
        cursor.execute(
            f"INSERT INTO {RECENT} (article_id, views) "  # noqa: S608
            f"SELECT article_id, sum(views) FROM {DAILY} WHERE date >= %s "
            "GROUP BY article_id HAVING sum(views) > 0",
            [first_day],
        )
        cursor.execute(
            f"INSERT INTO {WINDOW} (id, first_day) VALUES (1, %s) "  # noqa: S608
            "ON CONFLICT (id) DO UPDATE SET first_day = excluded.first_day",
            [first_day],
        )


def _subtract(old_first_day, first_day):
    """The buckets of [old_first_day, first_day) leave the window."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {RECENT} AS recent SET views = recent.views - gone.views "  # noqa: S608
            f"FROM (SELECT article_id, sum(views) AS views FROM {DAILY} "
            "WHERE date >= %s AND date < %s GROUP BY article_id) AS gone "
            "WHERE recent.article_id = gone.article_id",
            [old_first_day, first_day],
        )
        # Articles nobody read this week: the top's index stays the week's readers.
        cursor.execute(f"DELETE FROM {RECENT} WHERE views = 0")  # noqa: S608
        cursor.execute(f"UPDATE {WINDOW} SET first_day = %s WHERE id = 1", [first_day])  # noqa: S608
