"""The view counter: "Dilihat N kali".

The article page's script POSTs here after load, so the HTML itself stays
cacheable. One count per reader per article per window: the reader is a hash
of address, browser and article kept only in the cache, never stored raw.
"""

import hashlib
from functools import lru_cache

from crawlerdetect import CrawlerDetect
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from .models import Article, DailyViews


@lru_cache(maxsize=1)
def _crawler_detect():
    # Compiling the crawler patterns takes a while: once per process.
    return CrawlerDetect()


def is_bot(user_agent: str) -> bool:
    """An empty user agent is a script, not a reader."""
    return not user_agent.strip() or _crawler_detect().isCrawler(user_agent)


def reader_key(article_id: int, address: str, user_agent: str) -> str:
    digest = hashlib.sha256(
        f"{settings.SECRET_KEY}\n{article_id}\n{address}\n{user_agent}".encode()
    ).hexdigest()
    return f"news:viewed:{digest}"


def first_view_in_window(article_id: int, address: str, user_agent: str) -> bool:
    """True once per reader and article within VIEW_COUNT_WINDOW_SECONDS (atomic cache add)."""
    key = reader_key(article_id, address, user_agent)
    return cache.add(key, 1, timeout=settings.VIEW_COUNT_WINDOW_SECONDS)


def record_view(article: Article) -> int:
    """Add one view to the article's total and today's bucket; return the new total.

    Two atomic statements in one transaction: concurrent readers never lose a
    count (no read-modify-write).
    """
    today = timezone.localdate()
    article_table = Article._meta.db_table
    daily_table = DailyViews._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {article_table} SET view_count = view_count + 1 "  # noqa: S608 (table names from models)
            "WHERE id = %s RETURNING view_count",
            [article.pk],
        )
        (total,) = cursor.fetchone()
        cursor.execute(
            f"INSERT INTO {daily_table} (article_id, date, views) VALUES (%s, %s, 1) "  # noqa: S608
            "ON CONFLICT (article_id, date) DO UPDATE SET views = "
            f"{daily_table}.views + 1",
            [article.pk, today],
        )
    article.view_count = total
    return total
