"""sitemap.xml: articles, divisions and tags. (Being fleshed out.)"""

from django.contrib.sitemaps import Sitemap

from .models import Article, Division


class ArticleSitemap(Sitemap):
    def items(self):
        return Article.objects.published().only("slug", "updated_at")


class DivisionSitemap(Sitemap):
    def items(self):
        return Division.objects.all()


SITEMAPS = {"berita": ArticleSitemap, "divisi": DivisionSitemap}
