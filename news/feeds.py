"""RSS and Atom feeds: all news, per division, per tag.

Each feed lists the FEED_LENGTH newest published articles of its scope, with the
cover as an enclosure. Every URL in a feed and every item id is on the site's
public address (settings.SITE_URL, kpu_site/site_url.py), not on the Host the
reader's request named, so one site reached by two names gives each item once.
The URL patterns wrap every feed in `conditional()`: a reader polling an
unchanged feed gets 304 Not Modified after one small query, and the feed is not
rendered.
"""

import hashlib
import mimetypes
from dataclasses import dataclass
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import condition
from taggit.models import Tag

from kpu_site.site_url import absolute_url, site_host
from office.site import current as current_office

from .models import Article, Division, published_tags

FEED_LENGTH = 20


@dataclass(frozen=True)
class Changes:
    """What a conditional GET compares: None for both when there is nothing to list."""

    etag: str | None
    last_modified: datetime | None


def changes_of(items):
    """Changes of a feed listing `items` (a Publishable queryset, in the feed's order):
    one query of FEED_LENGTH rows. The ETag also changes when an item leaves the list
    (unpublished or deleted), which no date among the remaining ones shows."""
    rows = list(items.values_list("pk", "published_at", "updated_at")[:FEED_LENGTH])
    if not rows:
        return Changes(etag=None, last_modified=None)
    digest = hashlib.sha256(repr(rows).encode()).hexdigest()[:32]
    # Weak: the same items make an equivalent feed, not necessarily the same bytes
    # (a renamed tag or division does not change it).
    return Changes(
        etag=f'W/"{digest}"',
        last_modified=max(max(published, updated) for _pk, published, updated in rows),
    )


def conditional(view, changes=None):
    """`view`, answering 304 Not Modified when nothing changed since the client's copy.

    `changes(request, *args, **kwargs)` returns a `Changes` from one cheap query;
    for a feed it defaults to the feed's own `changes` method.
    """
    changes = changes or view.changes

    def once(request, *args, **kwargs):
        # condition() asks for the ETag and the date separately: one query for both.
        if not hasattr(request, "_conditional_changes"):
            request._conditional_changes = changes(request, *args, **kwargs)
        return request._conditional_changes

    return condition(
        etag_func=lambda request, *args, **kwargs: once(request, *args, **kwargs).etag,
        last_modified_func=lambda request, *args, **kwargs: (
            once(request, *args, **kwargs).last_modified
        ),
    )(view)


@dataclass(frozen=True)
class Scope:
    """What get_object() hands to the other methods: the request and the division or tag."""

    request: object
    slug: str | None = None
    subject: Division | Tag | None = None


class LatestArticlesFeed(Feed):
    """RSS 2.0 of all news. Subclasses narrow `articles()` and name their subject."""

    def articles(self, slug):
        """The published articles this feed lists, newest first (a query, not yet run)."""
        return Article.objects.published().newest_first()

    def changes(self, request, slug=None):
        """ETag and Last-Modified of what the feed lists now: one query of FEED_LENGTH rows.

        Last-Modified is the newest publication or edit among the listed articles (the
        value the feed itself sends); the ETag also changes when an article leaves the
        list (unpublished or deleted), which no date among the remaining ones shows.
        """
        return changes_of(self.articles(slug))

    def get_subject(self, slug):
        return None

    def get_object(self, request, slug=None):
        return Scope(request=request, slug=slug, subject=self.get_subject(slug))

    def title(self, scope):
        return _("News of %(office)s") % {"office": office_name()}

    def link(self, scope):
        return absolute_url(reverse("news:list"), scope.request)

    def feed_url(self, scope):
        # Django would put the request's host on the path.
        return absolute_url(scope.request.path, scope.request)

    def description(self, scope):
        return _("Latest news from %(office)s.") % {"office": office_name()}

    def items(self, scope):
        articles = list(
            self.articles(scope.slug)
            .select_related("author", "division")
            .with_tag_list()
            .defer("body", "search_vector")[:FEED_LENGTH]
        )
        # Item methods get only the article; the absolute URLs need the request.
        host = site_host(scope.request)
        for article in articles:
            article.feed_link = absolute_url(article.get_absolute_url(), scope.request)
            article.feed_guid = guid(host, article)
            article.feed_enclosures = cover_enclosures(scope.request, article)
        return articles

    def item_title(self, article):
        return article.title

    def item_link(self, article):
        return article.feed_link

    def item_description(self, article):
        # RSS descriptions and Atom summaries (type="html") are HTML to readers;
        # the lead is plain text, so "<img onerror=…>" in it must stay text.
        return escape(article.lead)

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        return article.author.name

    def item_categories(self, article):
        return [article.division.name, *(tag["name"] for tag in article.tag_list)]

    def item_guid(self, article):
        return article.feed_guid

    def item_guid_is_permalink(self, article):
        return False

    def item_enclosures(self, article):
        return article.feed_enclosures


class AtomFeedMixin:
    feed_type = Atom1Feed

    def subtitle(self, scope):
        return self.description(scope)


class LatestArticlesAtomFeed(AtomFeedMixin, LatestArticlesFeed):
    pass


class DivisionFeed(LatestArticlesFeed):
    def articles(self, slug):
        return super().articles(slug).filter(division__slug=slug)

    def get_subject(self, slug):
        return get_object_or_404(Division, slug=slug)

    def title(self, scope):
        return _("News of %(division)s — %(office)s") % {
            "division": scope.subject.name,
            "office": office_name(),
        }

    def link(self, scope):
        return absolute_url(scope.subject.get_absolute_url(), scope.request)

    def description(self, scope):
        return scope.subject.description or _("Latest news of %(division)s, %(office)s.") % {
            "division": scope.subject.name,
            "office": office_name(),
        }


class DivisionAtomFeed(AtomFeedMixin, DivisionFeed):
    pass


class TagFeed(LatestArticlesFeed):
    def articles(self, slug):
        return super().articles(slug).filter(tags__slug=slug)

    def get_subject(self, slug):
        return get_object_or_404(published_tags(), slug=slug)

    def title(self, scope):
        return _("News tagged #%(tag)s — %(office)s") % {
            "tag": scope.subject.name,
            "office": office_name(),
        }

    def link(self, scope):
        return absolute_url(reverse("news:tag", kwargs={"slug": scope.subject.slug}), scope.request)

    def description(self, scope):
        return _("Latest news of %(office)s tagged #%(tag)s.") % {
            "tag": scope.subject.name,
            "office": office_name(),
        }


class TagAtomFeed(AtomFeedMixin, TagFeed):
    pass


def office_name():
    """The name administrators gave the office (office/site.py): no query once read."""
    return current_office().name


def guid(host, article):
    """A tag URI that survives a change of slug, title or the Host a reader asked for,
    so readers never show an item twice.

    `host` is the site's own name (kpu_site.site_url.site_host); the date is the day the
    article was created, fixed for its life, as a tag URI's date must be.
    """
    return f"tag:{host},{article.created_at:%Y-%m-%d}:berita/{article.pk}"


def cover_enclosures(request, article):
    """The cover as an enclosure: absolute URL, size in bytes, type from the extension.

    Reads the file's size from storage (a stat, no query). A cover whose file is
    missing gets no enclosure rather than breaking the feed.
    """
    if not article.cover:
        return []
    try:
        length = article.cover.size
    except OSError:
        return []
    mime_type, _encoding = mimetypes.guess_type(article.cover.name)
    return [
        Enclosure(
            url=absolute_url(article.cover.url, request),
            length=str(length),
            mime_type=mime_type or "application/octet-stream",
        )
    ]
