"""sitemap.xml: published articles, and the divisions and tags that have some.

Every entry has a lastmod: an article's newest publication or edit, a division's or
tag's newest among its published articles (one aggregate query per section). The
URL pattern wraps the view in `conditional()` with `sitemap_changes` below.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Count, Max
from django.db.models.functions import Greatest
from django.urls import reverse
from taggit.models import Tag

from .feeds import Changes
from .models import Article, Division


def newest_change(prefix=""):
    """The later of publication and last edit: a scheduled article appears after its edit."""
    return Greatest(f"{prefix}published_at", f"{prefix}updated_at")


class ArticleSitemap(Sitemap):
    def items(self):
        return (
            Article.objects.published()
            .annotate(changed_at=newest_change())
            .only("slug", "published_at", "updated_at")
            .newest_first()
        )

    def lastmod(self, article):
        return article.changed_at


class DivisionSitemap(Sitemap):
    def items(self):
        # Filtering before annotating restricts the Max to published articles.
        return (
            Division.objects.filter(articles__in=Article.objects.published())
            .annotate(changed_at=Max(newest_change("articles__")))
            .order_by("order", "name")
        )

    def lastmod(self, division):
        return division.changed_at


class TagSitemap(Sitemap):
    """Only tags of at least one published article: other tag pages are empty."""

    def items(self):
        return (
            Tag.objects.filter(article__in=Article.objects.published())
            .annotate(changed_at=Max(newest_change("article__")))
            .order_by("name")
        )

    def location(self, tag):
        return reverse("news:tag", kwargs={"slug": tag.slug})

    def lastmod(self, tag):
        return tag.changed_at


SITEMAPS = {"berita": ArticleSitemap, "divisi": DivisionSitemap, "tag": TagSitemap}


def sitemap_changes(request, *args, **kwargs):
    """ETag and Last-Modified of the sitemap, from one aggregate over published articles.

    Every entry's lastmod comes from published articles, so their newest change is the
    sitemap's (the value the sitemap view itself sends); the count also changes the
    ETag when an article is unpublished or deleted.
    """
    published = Article.objects.published().aggregate(
        count=Count("pk"), changed_at=Max(newest_change())
    )
    if not published["count"]:
        return Changes(etag=None, last_modified=None)
    changed_at = published["changed_at"]
    return Changes(
        etag=f'W/"{published["count"]}-{changed_at.timestamp():.6f}"',
        last_modified=changed_at,
    )
