from django.urls import path

from publishing.page_cache import cache_public_page as cached

from . import feeds, views

app_name = "news"


def feed(view):
    """A feed answering 304 when unchanged (one query), else from the page cache."""
    return feeds.conditional(cached(view), view.changes)


# Public pages are served whole from the page cache to anonymous readers
# (publishing/page_cache.py); the counter endpoint is a write and never cached.
urlpatterns = [
    path("", cached(views.home), name="home"),
    path("berita/", cached(views.AllArticlesView.as_view()), name="list"),
    path(
        "berita/<int:year>/<int:month>/",
        cached(views.MonthArticlesView.as_view()),
        name="archive-month",
    ),
    path("berita/<slug:slug>/", cached(views.article_detail), name="detail"),
    path("berita/<slug:slug>/dilihat/", views.count_view, name="count-view"),
    path("divisi/<slug:slug>/", cached(views.DivisionArticlesView.as_view()), name="division"),
    path("tag/<slug:slug>/", cached(views.TagArticlesView.as_view()), name="tag"),
    path("penulis/<slug:slug>/", cached(views.AuthorArticlesView.as_view()), name="author"),
    # Feeds (news/feeds.py): RSS and Atom, for all news, a division, a tag.
    path("feed/", feed(feeds.LatestArticlesFeed()), name="feed"),
    path(
        "feed/atom/",
        feed(feeds.LatestArticlesAtomFeed()),
        name="feed-atom",
    ),
    path(
        "divisi/<slug:slug>/feed/",
        feed(feeds.DivisionFeed()),
        name="division-feed",
    ),
    path(
        "divisi/<slug:slug>/feed/atom/",
        feed(feeds.DivisionAtomFeed()),
        name="division-feed-atom",
    ),
    path("tag/<slug:slug>/feed/", feed(feeds.TagFeed()), name="tag-feed"),
    path(
        "tag/<slug:slug>/feed/atom/",
        feed(feeds.TagAtomFeed()),
        name="tag-feed-atom",
    ),
]
