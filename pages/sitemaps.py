"""The pages' section of sitemap.xml (put together in kpu_site/sitemaps.py)."""

from django.contrib.sitemaps import Sitemap

from news.sitemaps import OnSiteUrl, newest_change

from .models import Page


class PageSitemap(OnSiteUrl, Sitemap):
    """Every public page; lastmod is the later of its publication and last edit.
    One query: each child's parent (for its address) is joined."""

    def items(self):
        return (
            Page.objects.public()
            .select_related("parent")
            .annotate(changed_at=newest_change())
            .only("slug", "published_at", "updated_at", "parent__slug")
            .order_by("pk")
        )

    def lastmod(self, page):
        return page.changed_at
