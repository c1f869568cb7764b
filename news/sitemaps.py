"""The news sections of sitemap.xml: home and the news list, articles, and the
divisions, tags and authors that have published articles.

Every entry has a lastmod: an article's newest publication or edit; a division's,
tag's or author's newest among its published articles; home's and the list's
newest among all (one aggregate query per section). Every URL is on the site's
public address (settings.SITE_URL), whatever Host the crawler asked for.
kpu_site/sitemaps.py puts the sections together with the pages' and answers
conditional GETs.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Greatest
from django.urls import reverse
from taggit.models import Tag

from .models import Article, Author, Division


def newest_change(prefix=""):
    """The later of publication and last edit: a scheduled article appears after its edit."""
    return Greatest(f"{prefix}published_at", f"{prefix}updated_at")


class OnSiteUrl:
    """A Sitemap mixin: URLs on settings.SITE_URL rather than on the request's host."""

    def get_domain(self, site=None):
        if settings.SITE_URL:
            return urlsplit(settings.SITE_URL).netloc
        return super().get_domain(site)

    def get_protocol(self, protocol=None):
        if settings.SITE_URL:
            return urlsplit(settings.SITE_URL).scheme
        return super().get_protocol(protocol)


class NewsListSitemap(OnSiteUrl, Sitemap):
    """Home and /berita/: what changes them is the newest published article."""

    def items(self):
        return ["news:home", "news:list"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        if not hasattr(self, "_changed_at"):
            self._changed_at = Article.objects.published().aggregate(
                changed_at=Max(newest_change())
            )["changed_at"]
        return self._changed_at


class ArticleSitemap(OnSiteUrl, Sitemap):
    def items(self):
        return (
            Article.objects.published()
            .annotate(changed_at=newest_change())
            .only("slug", "published_at", "updated_at")
            .newest_first()
        )

    def lastmod(self, article):
        return article.changed_at


class DivisionSitemap(OnSiteUrl, Sitemap):
    def items(self):
        # Filtering before annotating restricts the Max to published articles.
        return (
            Division.objects.filter(articles__in=Article.objects.published())
            .annotate(changed_at=Max(newest_change("articles__")))
            .order_by("order", "name")
        )

    def lastmod(self, division):
        return division.changed_at


class TagSitemap(OnSiteUrl, Sitemap):
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


class AuthorSitemap(OnSiteUrl, Sitemap):
    """Only bylines of at least one published article: other author pages are empty."""

    def items(self):
        return (
            Author.objects.filter(articles__in=Article.objects.published())
            .annotate(changed_at=Max(newest_change("articles__")))
            .only("slug")
            .order_by("name", "pk")
        )

    def lastmod(self, author):
        return author.changed_at
