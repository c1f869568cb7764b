from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Public information documents")

    def ready(self):
        from announcements.models import Announcement
        from news.models import Article
        from publishing import page_cache

        from .models import DocumentFile

        # A document's files and previews, and the articles and announcements
        # linking it, are on its cached page (Document itself, a Publishable, is
        # watched by publishing/apps.py). Download counts change by update(),
        # which sends no signal: a cached page shows them within a generation.
        for model in (DocumentFile, Article.documents.through, Announcement.documents.through):
            page_cache.watch(model)
