"""RSS and Atom feeds: all news, per division, per tag. (Being fleshed out.)"""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from .models import Article


class LatestArticlesFeed(Feed):
    title = "Berita"
    link = "/berita/"
    description = "Berita terbaru"

    def items(self):
        return Article.objects.published().for_cards().newest_first()[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class DivisionFeed(LatestArticlesFeed):
    pass


class DivisionAtomFeed(LatestArticlesAtomFeed):
    pass


class TagFeed(LatestArticlesFeed):
    pass


class TagAtomFeed(LatestArticlesAtomFeed):
    pass
