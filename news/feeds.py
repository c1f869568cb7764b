"""RSS and Atom feeds: all news, per division, per tag.

Each feed lists the FEED_LENGTH newest published articles of its scope, with the
cover as an enclosure. Every URL in a feed and every item id is on the site's
public address (settings.SITE_URL, kpu_site/site_url.py), not on the Host the
reader's request named, so one site reached by two names gives each item once.
The URL patterns wrap every feed in `conditional()`: a reader polling an
unchanged feed gets 304 Not Modified after one small query, and the feed is not
rendered.

A feed is the response Django's syndication Feed view would give, byte for byte,
built with its feed generator directly (FeedView): Feed looks up each of a
dozen values per item through an introspecting getattr, and writes the XML into
the response in some 900 small writes; together a third of a feed's Python time.
Its rows come from statements prepared once per connection (publishing/sql.py),
as the article page's do: building and compiling the querysets, and making model
instances of their rows, cost about as much again.
"""

import hashlib
import json
import mimetypes
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.db import connection
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import condition
from taggit.models import Tag

from kpu_site.site_url import absolute_url, site_host
from office.site import current as current_office
from publishing.sql import prepared_once, published_sql

from .menu import menu_divisions
from .models import (
    Article,
    Author,
    Division,
    article_content_type_id,
    published_tags,
    tag_list_sql,
)
from .tag_page import WITH_TAG

FEED_LENGTH = 20


@dataclass(frozen=True)
class Changes:
    """What a conditional GET compares: None for both when there is nothing to list."""

    etag: str | None
    last_modified: datetime | None


def changes_of(rows):
    """Changes of a feed listing `rows`, its items' (pk, published_at, updated_at) in
    the feed's order. The ETag also changes when an item leaves the list (unpublished
    or deleted), which no date among the remaining ones shows."""
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


def fetch(statement, **values):
    """The rows of a prepared statement (publishing/sql.py) executed with `values`."""
    with connection.cursor() as cursor:
        cursor.execute(*statement(**values))
        return cursor.fetchall()


class FeedView:
    """A feed view: the response of Django's syndication Feed for the same values.

    Subclasses give get_object() and, of what it returns, title(), link(),
    description() and items(): the items as keyword arguments of the feed
    generator's add_item(). Every URL they give is absolute.
    """

    feed_type = Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        scope = self.get_object(request, *args, **kwargs)
        feed = self.feed_type(
            title=self.title(scope),
            link=self.link(scope),
            description=self.description(scope),
            subtitle=self.subtitle(scope),
            language=get_language(),
            # Django would put the request's host on the path.
            feed_url=absolute_url(request.path, request),
        )
        for item in self.items(scope):
            feed.add_item(**item)
        # Written whole: into the response, each element would be a write of its own.
        response = HttpResponse(feed.writeString("utf-8"), content_type=feed.content_type)
        # As Feed does. conditional() keeps a Last-Modified the view set: the same date.
        response.headers["Last-Modified"] = http_date(feed.latest_post_date().timestamp())
        return response

    def subtitle(self, scope):
        """Atom's <subtitle> (AtomFeedMixin); RSS has none."""
        return None


class AtomFeedMixin:
    feed_type = Atom1Feed

    def subtitle(self, scope):
        return self.description(scope)


@dataclass(frozen=True)
class Scope:
    """What get_object() hands to the other methods: the request and the division or tag."""

    request: object
    slug: str | None = None
    subject: Division | Tag | None = None


# --- The statements -------------------------------------------------------------
#
# Which articles each feed lists, as a condition on `article`, a row of
# published(); %(slug)s is the slug of the feed's division or tag.

IN_DIVISION = f"""
    article.division_id = (SELECT id FROM {Division._meta.db_table} WHERE slug = %(slug)s)
"""  # noqa: S608


def _items_sql(condition="TRUE"):
    """FeedArticle's columns of the FEED_LENGTH newest published articles meeting
    `condition`, newest first."""
    return f"""
        SELECT article.id, article.title, article.slug, article.lead,
               article.published_at, article.updated_at, article.created_at, article.cover,
               author.name, division.name,
               ({tag_list_sql("article.id", "%(content_type)s")})
        FROM ({published_sql(Article.objects.published())}) article
        JOIN {Author._meta.db_table} author ON author.id = article.author_id
        JOIN {Division._meta.db_table} division ON division.id = article.division_id
        WHERE {condition}
        ORDER BY article.published_at DESC, article.id DESC
        LIMIT {FEED_LENGTH}
    """  # noqa: S608 (tables and columns from the models; values are parameters)


def _changes_sql(condition="TRUE"):
    """What changes_of() reads of the articles _items_sql(condition) lists."""
    return f"""
        SELECT article.id, article.published_at, article.updated_at
        FROM ({published_sql(Article.objects.published())}) article
        WHERE {condition}
        ORDER BY article.published_at DESC, article.id DESC
        LIMIT {FEED_LENGTH}
    """  # noqa: S608


@prepared_once
def _newest_items_sql():
    return _items_sql()


@prepared_once
def _newest_changes_sql():
    return _changes_sql()


@prepared_once
def _division_items_sql():
    return _items_sql(IN_DIVISION)


@prepared_once
def _division_changes_sql():
    return _changes_sql(IN_DIVISION)


@prepared_once
def _tag_items_sql():
    return _items_sql(WITH_TAG)


@prepared_once
def _tag_changes_sql():
    return _changes_sql(WITH_TAG)


class FeedArticle(NamedTuple):
    """What a news feed shows of an article: a row of _items_sql()."""

    pk: int
    title: str
    slug: str
    lead: str
    published_at: datetime
    updated_at: datetime
    created_at: datetime
    cover: str
    author_name: str
    division_name: str
    tag_list: str  # JSON, as ArticleQuerySet.with_tag_list() gives it


class LatestArticlesFeed(FeedView):
    """RSS 2.0 of all news. Subclasses narrow the list (their own statements) and name
    their subject."""

    # What it lists, and what changes_of() reads of it (the statements above).
    items_sql = staticmethod(_newest_items_sql)
    changes_sql = staticmethod(_newest_changes_sql)

    def changes(self, request, slug=None):
        """ETag and Last-Modified of what the feed lists now: one query of FEED_LENGTH rows.

        Last-Modified is the newest publication or edit among the listed articles (the
        value the feed itself sends); the ETag also changes when an article leaves the
        list (unpublished or deleted), which no date among the remaining ones shows.
        """
        return changes_of(
            fetch(self.changes_sql, slug=slug, content_type=article_content_type_id())
        )

    def get_subject(self, slug):
        return None

    def get_object(self, request, slug=None):
        return Scope(request=request, slug=slug, subject=self.get_subject(slug))

    def title(self, scope):
        return _("News of %(office)s") % {"office": office_name()}

    def link(self, scope):
        return absolute_url(reverse("news:list"), scope.request)

    def description(self, scope):
        return _("Latest news from %(office)s.") % {"office": office_name()}

    def items(self, scope):
        request = scope.request
        host = site_host(request)
        rows = fetch(self.items_sql, slug=scope.slug, content_type=article_content_type_id())
        for article in map(FeedArticle._make, rows):
            tags = [tag["name"] for tag in json.loads(article.tag_list)]
            yield {
                "title": article.title,
                "link": absolute_url(
                    reverse("news:detail", kwargs={"slug": article.slug}), request
                ),
                # RSS descriptions and Atom summaries (type="html") are HTML to readers;
                # the lead is plain text, so "<img onerror=…>" in it must stay text.
                "description": escape(article.lead),
                "unique_id": guid(host, article),
                "unique_id_is_permalink": False,
                "enclosures": cover_enclosures(request, article.cover),
                "pubdate": article.published_at,
                "updateddate": article.updated_at,
                "author_name": article.author_name,
                "categories": [article.division_name, *tags],
            }


class LatestArticlesAtomFeed(AtomFeedMixin, LatestArticlesFeed):
    pass


class DivisionFeed(LatestArticlesFeed):
    items_sql = staticmethod(_division_items_sql)
    changes_sql = staticmethod(_division_changes_sql)

    def get_subject(self, slug):
        # The menu's divisions are kept per process and generation: no query, unless
        # the division is newer than the menu or does not exist.
        for division in menu_divisions():
            if division.slug == slug:
                return division
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
    items_sql = staticmethod(_tag_items_sql)
    changes_sql = staticmethod(_tag_changes_sql)

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


def cover_enclosures(request, cover):
    """The cover (its file's name) as an enclosure: absolute URL, size in bytes, type
    from the extension.

    Reads the file's size from storage (a stat, no query). A cover whose file is
    missing gets no enclosure rather than breaking the feed.
    """
    if not cover:
        return []
    storage = Article._meta.get_field("cover").storage
    try:
        length = storage.size(cover)
    except OSError:
        return []
    mime_type, _encoding = mimetypes.guess_type(cover)
    return [
        Enclosure(
            url=absolute_url(storage.url(cover), request),
            length=str(length),
            mime_type=mime_type or "application/octet-stream",
        )
    ]
