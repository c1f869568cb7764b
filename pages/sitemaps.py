"""The pages' section of sitemap.xml (paged and written by kpu_site/sitemaps.py)."""

from django.db.models import F, Q

from news.sitemaps import ADDRESSABLE_SLUG, Section, local_date, newest_change, url_format

from .models import Page


class PageSection(Section):
    """Every public page; lastmod is the later of its publication and last edit.
    One query: each child's parent (for its address) is joined."""

    def listed(self):
        return Page.objects.public().filter(
            Q(parent__isnull=True) | Q(parent__slug__regex=ADDRESSABLE_SLUG),
            slug__regex=ADDRESSABLE_SLUG,
        )

    def columns(self):
        return ["slug"], {"parent_slug": F("parent__slug"), "lastmod": local_date(newest_change())}

    def entries(self, site, low, high):
        top_level = url_format(site, "pages:page", "slug").format
        child = url_format(site, "pages:child", "parent_slug", "slug").format
        return [
            (child(parent_slug, slug) if parent_slug else top_level(slug), lastmod)
            for slug, parent_slug, lastmod in self.rows(low, high)
        ]
