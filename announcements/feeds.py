"""RSS and Atom feeds of the announcements, as the news feeds (news/feeds.py):
the FEED_LENGTH newest published, every URL and item id on the site's public
address, and a 304 after one small query when nothing changed (conditional(),
in announcements/urls.py). Built the same way too: a FeedView over rows of
statements prepared once per connection.
"""

from datetime import datetime
from typing import NamedTuple

from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from kpu_site.formatting import date_and_time
from kpu_site.site_url import absolute_url, site_host
from news.feeds import FEED_LENGTH, AtomFeedMixin, FeedView, changes_of, fetch, office_name
from news.models import Division
from publishing.sql import prepared_once, published_sql

from .models import Announcement


class FeedAnnouncement(NamedTuple):
    """What the feed shows of an announcement: a row of _items_sql()."""

    pk: int
    title: str
    slug: str
    summary: str
    valid_until: datetime
    published_at: datetime
    updated_at: datetime
    created_at: datetime
    division_name: str


class AnnouncementFeed(FeedView):
    def changes(self, request):
        """ETag and Last-Modified of what the feed lists now: one query of FEED_LENGTH rows.
        The ETag also changes when an announcement leaves the list."""
        return changes_of(fetch(_changes_sql))

    def get_object(self, request):
        return request

    def title(self, request):
        return _("Announcements of %(office)s") % {"office": office_name()}

    def link(self, request):
        return absolute_url(reverse("announcements:list"), request)

    def description(self, request):
        return _("Latest announcements from %(office)s.") % {"office": office_name()}

    def items(self, request):
        host = site_host(request)
        for announcement in map(FeedAnnouncement._make, fetch(_items_sql)):
            # HTML to readers: the summary is plain text, so markup in it must stay text.
            validity = _("Valid until %(end)s.") % {"end": date_and_time(announcement.valid_until)}
            summary = " ".join(part for part in (announcement.summary, validity) if part)
            yield {
                "title": announcement.title,
                "link": absolute_url(
                    reverse("announcements:detail", kwargs={"slug": announcement.slug}), request
                ),
                "description": escape(summary),
                "unique_id": guid(host, announcement),
                "unique_id_is_permalink": False,
                "pubdate": announcement.published_at,
                "updateddate": announcement.updated_at,
                "categories": [announcement.division_name],
            }


class AnnouncementAtomFeed(AtomFeedMixin, AnnouncementFeed):
    pass


def guid(host, announcement):
    """A tag URI that survives a change of slug or title (news/feeds.py guid())."""
    return f"tag:{host},{announcement.created_at:%Y-%m-%d}:pengumuman/{announcement.pk}"


def _newest_sql(columns, joins=""):
    """`columns` of the FEED_LENGTH newest published announcements, newest first."""
    return f"""
        SELECT {columns}
        FROM ({published_sql(Announcement.objects.published())}) announcement
        {joins}
        ORDER BY announcement.published_at DESC, announcement.id DESC
        LIMIT {FEED_LENGTH}
    """  # noqa: S608 (tables and columns from the models; values are parameters)


@prepared_once
def _items_sql():
    return _newest_sql(
        """
        announcement.id, announcement.title, announcement.slug, announcement.summary,
        announcement.valid_until, announcement.published_at, announcement.updated_at,
        announcement.created_at, division.name
        """,
        f"JOIN {Division._meta.db_table} division ON division.id = announcement.division_id",
    )


@prepared_once
def _changes_sql():
    """What changes_of() reads of the announcements _items_sql() lists."""
    return _newest_sql("announcement.id, announcement.published_at, announcement.updated_at")
