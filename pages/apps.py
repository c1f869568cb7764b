"""Fixed pages (profile, vision and mission, …) and the office's people."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pages")

    def ready(self):
        from publishing import page_cache

        from .models import Person

        # People are shown on a cached page; Page, a Publishable, is watched by
        # publishing/apps.py.
        page_cache.watch(Person)
