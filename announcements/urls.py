from django.urls import path

from news.feeds import conditional
from publishing.page_cache import cache_public_page as cached

from . import feeds, views

app_name = "announcements"


def feed(view):
    """A feed answering 304 when unchanged (one query), else from the page cache."""
    return conditional(cached(view), view.changes)


# Served whole from the page cache to anonymous readers (publishing/page_cache.py).
urlpatterns = [
    path("", cached(views.AnnouncementListView.as_view()), name="list"),
    path("feed/", feed(feeds.AnnouncementFeed()), name="feed"),
    path("feed/atom/", feed(feeds.AnnouncementAtomFeed()), name="feed-atom"),
    path("<slug:slug>/", cached(views.announcement_detail), name="detail"),
]
