from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VideosConfig(AppConfig):
    name = "videos"
    verbose_name = _("Videos")

    def ready(self):
        from publishing import page_cache

        from . import fetch
        from .models import Video

        fetch.watch_publishable_models()
        # A thumbnail stored after the item's save shows on the next render, not
        # after the cached page without it expires.
        page_cache.watch(Video)
