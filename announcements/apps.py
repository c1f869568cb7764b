from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnouncementsConfig(AppConfig):
    name = "announcements"
    verbose_name = _("Announcements")

    def ready(self):
        from publishing import page_cache

        from . import validity
        from .models import Announcement

        # Beyond its schedule, an announcement changes the home page by itself at
        # the start and end of its validity: cached pages end with those moments.
        page_cache.watch(Announcement, next_change=validity.next_change)
        # The documents attached to one are listed on its page.
        page_cache.watch(Announcement.documents.through)
