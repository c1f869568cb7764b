"""RSS and Atom feeds of the announcements, as the news feeds (news/feeds.py):
the FEED_LENGTH newest published, every URL and item id on the site's public
address, and a 304 after one small query when nothing changed (conditional(),
in announcements/urls.py).
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from kpu_site.formatting import date_and_time
from kpu_site.site_url import absolute_url, site_host
from news.feeds import FEED_LENGTH, AtomFeedMixin, changes_of, office_name

from .models import Announcement


class AnnouncementFeed(Feed):
    def announcements(self):
        return Announcement.objects.published().newest_first()

    def changes(self, request):
        """ETag and Last-Modified of what the feed lists now: one query of FEED_LENGTH rows.
        The ETag also changes when an announcement leaves the list."""
        return changes_of(self.announcements())

    def get_object(self, request):
        return request

    def title(self, request):
        return _("Announcements of %(office)s") % {"office": office_name()}

    def link(self, request):
        return absolute_url(reverse("announcements:list"), request)

    def feed_url(self, request):
        # Django would put the request's host on the path.
        return absolute_url(request.path, request)

    def description(self, request):
        return _("Latest announcements from %(office)s.") % {"office": office_name()}

    def items(self, request):
        announcements = list(
            self.announcements()
            .select_related("division")
            .defer("body", "search_vector")[:FEED_LENGTH]
        )
        # Item methods get only the announcement; the absolute URLs need the request.
        host = site_host(request)
        for announcement in announcements:
            announcement.feed_link = absolute_url(announcement.get_absolute_url(), request)
            announcement.feed_guid = guid(host, announcement)
        return announcements

    def item_title(self, announcement):
        return announcement.title

    def item_link(self, announcement):
        return announcement.feed_link

    def item_description(self, announcement):
        # HTML to readers: the summary is plain text, so markup in it must stay text.
        validity = _("Valid until %(end)s.") % {"end": date_and_time(announcement.valid_until)}
        return escape(" ".join(part for part in (announcement.summary, validity) if part))

    def item_pubdate(self, announcement):
        return announcement.published_at

    def item_updateddate(self, announcement):
        return announcement.updated_at

    def item_categories(self, announcement):
        return [announcement.division.name]

    def item_guid(self, announcement):
        return announcement.feed_guid

    def item_guid_is_permalink(self, announcement):
        return False


class AnnouncementAtomFeed(AtomFeedMixin, AnnouncementFeed):
    pass


def guid(host, announcement):
    """A tag URI that survives a change of slug or title (news/feeds.py guid())."""
    return f"tag:{host},{announcement.created_at:%Y-%m-%d}:pengumuman/{announcement.pk}"
