"""When the announcements readers see next change by themselves, for the page cache.

An announcement comes onto the home page when its validity starts and leaves
it when it ends, with no save and no scheduled job (AnnouncementQuerySet
.valid_now() compares with the database's clock), and it appears in the
archive when its publication time comes. A cached page must follow at each of
these moments: the page cache ends its generation at the next one
(announcements/apps.py hands next_change() to publishing.page_cache.watch()).
"""

from django.db.models import Min, Q
from django.db.models.functions import Now

from .models import Announcement


def next_change():
    """The next publication time, start or end of validity still to come among
    approved announcements (published or scheduled), or None. One query."""
    times = Announcement.objects.filter(status=Announcement.Status.PUBLISHED).aggregate(
        go_live=Min("published_at", filter=Q(published_at__gt=Now())),
        starts=Min("valid_from", filter=Q(valid_from__gt=Now())),
        ends=Min("valid_until", filter=Q(valid_until__gt=Now())),
    )
    coming = [at for at in times.values() if at is not None]
    return min(coming, default=None)
