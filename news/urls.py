from django.urls import path

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.home, name="home"),
    path("berita/", views.AllArticlesView.as_view(), name="list"),
    path(
        "berita/<int:year>/<int:month>/",
        views.MonthArticlesView.as_view(),
        name="archive-month",
    ),
    path("cari/", views.SearchView.as_view(), name="search"),
    path("berita/<slug:slug>/", views.article_detail, name="detail"),
    path("berita/<slug:slug>/dilihat/", views.count_view, name="count-view"),
    path("divisi/<slug:slug>/", views.DivisionArticlesView.as_view(), name="division"),
    path("tag/<slug:slug>/", views.TagArticlesView.as_view(), name="tag"),
    path("penulis/<slug:slug>/", views.AuthorArticlesView.as_view(), name="author"),
    # Feeds (news/feeds.py): RSS and Atom, for all news, a division, a tag. Wrapped
    # in conditional(): an unchanged feed answers 304 without being rendered.
    path("feed/", feeds.conditional(feeds.LatestArticlesFeed()), name="feed"),
    path("feed/atom/", feeds.conditional(feeds.LatestArticlesAtomFeed()), name="feed-atom"),
    path(
        "divisi/<slug:slug>/feed/",
        feeds.conditional(feeds.DivisionFeed()),
        name="division-feed",
    ),
    path(
        "divisi/<slug:slug>/feed/atom/",
        feeds.conditional(feeds.DivisionAtomFeed()),
        name="division-feed-atom",
    ),
    path("tag/<slug:slug>/feed/", feeds.conditional(feeds.TagFeed()), name="tag-feed"),
    path(
        "tag/<slug:slug>/feed/atom/",
        feeds.conditional(feeds.TagAtomFeed()),
        name="tag-feed-atom",
    ),
]
