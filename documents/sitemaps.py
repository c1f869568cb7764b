"""The documents' section of sitemap.xml (paged and written by kpu_site/sitemaps.py)."""

from news.sitemaps import ADDRESSABLE_SLUG, Section, local_date, newest_change, url_format

from .models import Document


class DocumentSection(Section):
    """Every public document (never an excepted one: public() says so); lastmod is
    the later of its publication and last edit."""

    def listed(self):
        return Document.objects.public().filter(slug__regex=ADDRESSABLE_SLUG)

    def columns(self):
        return ["slug"], {"lastmod": local_date(newest_change())}

    def entries(self, site, low, high):
        url = url_format(site, "documents:detail", "slug").format
        return [(url(slug), lastmod) for slug, lastmod in self.rows(low, high)]
