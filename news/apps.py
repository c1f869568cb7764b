from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from taggit.models import Tag

        from . import checks, page_cache  # noqa: F401 (checks registers itself)
        from .models import Article, Author, Division

        # Whatever readers see of these models is on cached pages (news/page_cache.py).
        for model in (Article, Division, Author, Tag):
            post_save.connect(page_cache.invalidate_on_change, sender=model)
            post_delete.connect(page_cache.invalidate_on_change, sender=model)
        m2m_changed.connect(page_cache.invalidate_on_change, sender=Article.tags.through)
