"""sitemap.xml: every public page a crawler should know, and its answer to conditional GETs.

The sections live beside what they list (news/sitemaps.py, pages/sitemaps.py);
this module puts them in order. The URL pattern (kpu_site/urls.py) wraps the sitemap view in
`conditional()` with `sitemap_changes` below.
"""

from django.db.models import Count, Max, Value

from news.feeds import Changes
from news.models import Article
from news.sitemaps import (
    ArticleSitemap,
    AuthorSitemap,
    DivisionSitemap,
    NewsListSitemap,
    TagSitemap,
    newest_change,
)
from pages.models import Page
from pages.sitemaps import PageSitemap

# Section names become sitemap-<name>.xml the day the sitemap needs an index.
SITEMAPS = {
    "utama": NewsListSitemap,
    "halaman": PageSitemap,
    "divisi": DivisionSitemap,
    "tag": TagSitemap,
    "penulis": AuthorSitemap,
    "berita": ArticleSitemap,
}


def summary(items, kind):
    """One row (kind, count, newest change) of `items`; none when there are no items."""
    return (
        items.order_by()
        .annotate(kind=Value(kind))
        .values("kind")
        .annotate(count=Count("pk"), changed_at=Max(newest_change()))
        .values_list("kind", "count", "changed_at")
    )


def sitemap_changes(request, *args, **kwargs):
    """ETag and Last-Modified of the sitemap, from one query over published articles and pages.

    Every other entry's lastmod comes from published articles (home, the list, and
    the divisions, tags and authors that have some), so the newest change among
    articles and pages is the sitemap's (the value the sitemap view itself sends);
    the counts also change the ETag when an article or page is unpublished or deleted.
    """
    rows = {
        kind: (count, changed_at)
        for kind, count, changed_at in summary(Article.objects.published(), "berita").union(
            summary(Page.objects.public(), "halaman"), all=True
        )
        if count
    }
    if not rows:
        return Changes(etag=None, last_modified=None)
    digest = "-".join(
        f"{kind}:{count}:{changed_at.timestamp():.6f}"
        for kind, (count, changed_at) in sorted(rows.items())
    )
    return Changes(
        etag=f'W/"{digest}"',
        last_modified=max(changed_at for _count, changed_at in rows.values()),
    )
