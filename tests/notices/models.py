from django.db import models

from publishing.fields import SanitizedRichTextField
from publishing.models import Publishable


class Notice(Publishable):
    title = models.CharField("title", max_length=200)
    text = SanitizedRichTextField("text")

    class Meta(Publishable.Meta):
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"/notices/{self.pk}/"
