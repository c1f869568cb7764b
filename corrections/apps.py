from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


def forget_corrections(sender, instance, **kwargs):
    """A deleted item takes its corrections along: the generic link has no cascade,
    and a proposal for an item that is gone could never be decided."""
    from .models import Correction

    Correction.objects.about(instance).delete()


class CorrectionsConfig(AppConfig):
    name = "corrections"
    verbose_name = _("Corrections")

    def ready(self):
        from publishing.models import publishable_models

        for model in publishable_models():
            post_delete.connect(
                forget_corrections, sender=model, dispatch_uid=f"corrections:{model}"
            )
