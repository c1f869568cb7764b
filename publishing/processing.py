"""Work done off the request by the task queue (kpu_site/celery.py), and its
state as the admin shows it: "menunggu", "diproses", "selesai", "gagal: …".

A row that a task works on (a document's file, an article's cover) carries
these fields; the task moves them, so staff see where the work stands without
looking at the queue.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcessingStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    RUNNING = "running", _("processing")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class Processed(models.Model):
    processing_status = models.CharField(
        _("processing"),
        max_length=16,
        choices=ProcessingStatus.choices,
        default=ProcessingStatus.PENDING,
        editable=False,
    )
    # Why the last attempt failed, in words for staff (Indonesian).
    processing_error = models.TextField(_("processing error"), blank=True, editable=False)
    processing_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    processing_updated_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def processing_label(self):
        """menunggu, diproses, selesai, or "gagal: <why>"."""
        label = str(ProcessingStatus(self.processing_status).label)
        if self.processing_status == ProcessingStatus.FAILED and self.processing_error:
            return f"{label}: {self.processing_error}"
        return label
