from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaLibraryConfig(AppConfig):
    name = "media_library"
    verbose_name = _("Picture library")

    def ready(self):
        from . import uses  # noqa: F401 (connects the article save handler)
