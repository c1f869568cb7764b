"""The office's own settings: contacts, social accounts, logo and external links."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    name = "office"
    verbose_name = _("Office")

    def ready(self):
        from publishing import page_cache

        from . import checks  # noqa: F401 (registers itself)
        from .models import ExternalLink, SiteSettings

        # Every page prints them (header, footer): an edit starts a new generation.
        for model in (SiteSettings, ExternalLink):
            page_cache.watch(model)
