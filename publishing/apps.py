from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = _("Publishing")

    def ready(self):
        from . import page_cache
        from .models import publishable_models

        # Every type that declared itself is on cached pages once published.
        for model in publishable_models():
            page_cache.watch(model)
