"""What our server knows of each YouTube video a body embeds: its title and thumbnail.

Fetched once per video when an item embedding it is saved (videos/fetch.py),
so that readers' browsers ask YouTube for nothing until they press play.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The stored thumbnail: YouTube's 480 × 360 "hqdefault" cropped to the player's 16:9.
THUMBNAIL_SIZE = (480, 270)


def thumbnail_name(instance, filename):
    return f"videos/{instance.video_id}.jpg"


class Video(models.Model):
    video_id = models.CharField(_("YouTube video id"), max_length=11, unique=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    thumbnail = models.ImageField(
        _("thumbnail"), upload_to=thumbnail_name, max_length=100, blank=True
    )
    # The last attempt, successful or not: a failed one is tried again on a save
    # after VIDEO_FETCH_RETRY_SECONDS, so a server without network does not wait
    # for the network on every save.
    fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    failure = models.CharField(_("why the last fetch failed"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videos")

    def __str__(self):
        return self.title or self.video_id

    def needs_fetch(self, now=None) -> bool:
        if self.thumbnail:
            return False
        if self.fetched_at is None:
            return True
        waited = ((now or timezone.now()) - self.fetched_at).total_seconds()
        return waited >= settings.VIDEO_FETCH_RETRY_SECONDS
