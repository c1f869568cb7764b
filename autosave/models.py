"""What a writer typed in an admin form and has not saved yet, kept by the form's script.

One row per user and item (an add form, which has no item yet, is "new"). It is
the writer's own working copy: not a revision, not the item, never public. A
real save of the item deletes it (autosave/admin.py).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The key of an add form's autosave: the item does not exist yet.
NEW = "new"
# Far above an article (its body is capped at 300,000 characters of HTML, and
# JSON escapes its quotes) and below DATA_UPLOAD_MAX_MEMORY_SIZE, which would
# refuse the request with an HTML page instead of the endpoint's JSON.
MAX_BYTES = 2_000_000
# An admin form has a few dozen named inputs.
MAX_FIELDS = 200
# Never kept: the form's own bookkeeping, which must stay the page's.
NOT_KEPT = {"csrfmiddlewaretoken", "version"}


class AutosaveQuerySet(models.QuerySet):
    def of(self, user, model, key):
        """`user`'s autosave of the item of `model` with primary key `key` (or NEW)."""
        return self.filter(
            user=user, content_type=ContentType.objects.get_for_model(model), object_key=key
        )


class Autosave(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    # The item's primary key as text, or NEW.
    object_key = models.CharField(max_length=64)
    # The form's fields as the browser had them: {name: [value, ...]}.
    fields = models.JSONField()
    saved_at = models.DateTimeField(default=timezone.now)

    objects = AutosaveQuerySet.as_manager()

    class Meta:
        verbose_name = _("autosave")
        verbose_name_plural = _("autosaves")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_key"], name="autosave_one_per_item"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.content_type.model} {self.object_key}"
