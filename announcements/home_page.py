"""The home page's "Pengumuman" section: the announcements valid now, pinned
first, then newest, at most HOME_COUNT.

Kept per process and page-cache generation (publishing.page_cache.keep): every
save starts a generation, and so does every start or end of a validity period
(announcements/validity.py), so the kept list is never older than either.
"""

from publishing.page_cache import keep

from .models import Announcement

HOME_COUNT = 5


def _compute():
    return tuple(
        Announcement.objects.valid_now()
        .only("title", "slug", "summary", "valid_until", "pinned", "published_at")
        .order_by("-pinned", "-published_at", "-pk")[:HOME_COUNT]
    )


def home_announcements():
    """At most one query; none when this process has the list for the current
    generation. Shared between requests: never change them."""
    return keep("home-announcements", _compute)
