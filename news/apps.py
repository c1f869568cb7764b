from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        from taggit.models import Tag

        from publishing import page_cache

        from . import checks  # noqa: F401 (registers itself)
        from .models import Article, Author, Division

        # What readers see of these is on cached pages too (every Publishable,
        # Article among them, is watched by publishing/apps.py).
        for model in (Division, Author, Tag, Article.tags.through):
            page_cache.watch(model)
