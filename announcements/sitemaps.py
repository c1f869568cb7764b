"""The announcements' section of sitemap.xml (paged and written by kpu_site/sitemaps.py).

Every published announcement, ended ones too: they stay in the archive.
"""

from news.sitemaps import ADDRESSABLE_SLUG, Section, local_date, newest_change, url_format

from .models import Announcement


class AnnouncementSection(Section):
    """lastmod is the later of its publication and last edit. One query per page."""

    def listed(self):
        return Announcement.objects.published().filter(slug__regex=ADDRESSABLE_SLUG)

    def columns(self):
        return ["slug"], {"lastmod": local_date(newest_change())}

    def entries(self, site, low, high):
        url = url_format(site, "announcements:detail", "slug").format
        return [(url(slug), lastmod) for slug, lastmod in self.rows(low, high)]
