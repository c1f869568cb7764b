"""Work done off the request by the task queue (kpu_site/celery.py), and its
state as the admin shows it: "menunggu", "diproses", "selesai", "gagal: …".

A row that a task works on (a document's file) carries these fields; the task
moves them, so staff see where the work stands without looking at the queue.

The life of one piece of work:

- `queue_on_commit(task, pk)`: the row is marked pending now, and the task is
  sent once the transaction that saved it commits (a worker must find the row
  committed). Should the broker not answer, the save stands all the same: the
  row stays pending ("menunggu") and the failure is logged.
- The task calls `start_processing()` (running, one more attempt; 0 when
  the work was done meanwhile: a duplicate message), then `finish_processing()`
  or `fail_processing(reason)`; `wait_for_retry(reason)` puts it back to
  pending between attempts.
- `requeue_pending()` sends again whatever is still pending, and what a worker
  left running long past any time limit. A worker does it when it starts
  (`worker_ready`, below), and so does `manage.py requeue_pending`. A message
  sent twice does the work once more at worst: every task here may run again
  and reach the same result.

Tasks name the model that holds the status (`ProcessingTask.processed_model`);
one whose status lives beside the row it works on (an article's cover, in
news.CoverProcessing) says through `pending_pks()` which rows still need it.
"""

import logging
from datetime import timedelta

from celery import Task
from celery.signals import worker_ready
from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


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


# Each of these is one UPDATE of one row, never a read-modify-write of an
# instance: the admin may save the same row meanwhile.


def mark_pending(model, pk):
    """Waiting for a worker: a new file, or a retry to come. Attempts start again."""
    model.objects.filter(pk=pk).update(
        processing_status=ProcessingStatus.PENDING,
        processing_error="",
        processing_attempts=0,
        processing_updated_at=timezone.now(),
    )


def start_processing(model, pk) -> int:
    """Mark the row running and count the attempt; returns its number. 0 when
    there is nothing to do: the row is gone, or its work is already done or
    given up (a message delivered twice). Two queries."""
    started = model.objects.filter(
        pk=pk, processing_status__in=[ProcessingStatus.PENDING, ProcessingStatus.RUNNING]
    ).update(
        processing_status=ProcessingStatus.RUNNING,
        processing_attempts=F("processing_attempts") + 1,
        processing_updated_at=timezone.now(),
    )
    if not started:
        return 0
    return model.objects.filter(pk=pk).values_list("processing_attempts", flat=True).first() or 0


def finish_processing(model, pk, **fields):
    """Done; `fields` are the results, written in the same statement."""
    model.objects.filter(pk=pk).update(
        processing_status=ProcessingStatus.DONE,
        processing_error="",
        processing_updated_at=timezone.now(),
        **fields,
    )


def fail_processing(model, pk, reason):
    """Given up: `reason` says why, for staff, in Indonesian ("berkas PDF rusak")."""
    model.objects.filter(pk=pk).update(
        processing_status=ProcessingStatus.FAILED,
        processing_error=str(reason),
        processing_updated_at=timezone.now(),
    )


def wait_for_retry(model, pk, reason):
    """Back to waiting after a failed attempt that will be tried again; the
    reason stays visible (the label shows it once the row has failed)."""
    model.objects.filter(pk=pk).update(
        processing_status=ProcessingStatus.PENDING,
        processing_error=str(reason),
        processing_updated_at=timezone.now(),
    )


class ProcessingTask(Task):
    """A task that works on one row, given its primary key."""

    # "app_label.Model", a subclass of Processed; None for rows without a status.
    processed_model = None

    def model(self):
        return apps.get_model(self.processed_model) if self.processed_model else None

    def mark_pending(self, pk):
        if self.processed_model:
            mark_pending(self.model(), pk)

    def pending_pks(self):
        """The rows whose work is still to do, as a queryset of primary keys:
        pending ones, and running ones that no worker can still be working on
        (acks_late gives a dead worker's message to another after the broker's
        visibility timeout; a lost message never comes back)."""
        if not self.processed_model:
            return []
        abandoned = timezone.now() - timedelta(
            seconds=settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
        )
        return (
            self.model()
            .objects.filter(
                Q(processing_status=ProcessingStatus.PENDING)
                | Q(
                    processing_status=ProcessingStatus.RUNNING,
                    processing_updated_at__lt=abandoned,
                )
            )
            .values_list("pk", flat=True)
        )


def send(task, pk) -> bool:
    """Send `task(pk)` to the broker; False (logged) when it does not answer.

    The row stays pending and requeue_pending() sends it later: whatever went
    wrong in the broker's client, a save that reached the database stands.
    """
    try:
        task.apply_async(
            args=[pk],
            # One quick retry, not kombu's default three: an editor waits on this.
            retry_policy={"max_retries": 1, "interval_start": 0.2},
        )
    except Exception:  # kombu's, redis-py's and the socket's errors alike
        logger.exception("Task %s for %s not sent: the broker does not answer", task.name, pk)
        return False
    return True


def queue_on_commit(task, pk):
    """Mark the row pending now; send `task(pk)` after the current transaction
    commits (at once outside one). Never raises for the broker's sake."""
    task.mark_pending(pk)
    transaction.on_commit(lambda: send(task, pk))


def processing_tasks(app):
    app.loader.import_default_modules()  # every app's tasks.py, as a worker does
    return [task for task in app.tasks.values() if isinstance(task, ProcessingTask)]


def requeue_pending(app) -> dict:
    """Send again every ProcessingTask's pending work; {task name: rows sent}."""
    sent = {}
    for task in processing_tasks(app):
        pks = list(task.pending_pks())
        sent[task.name] = sum(send(task, pk) for pk in pks)
    return sent


@worker_ready.connect
def requeue_on_worker_start(sender, **kwargs):
    """What was saved while no worker or broker was up is sent again as one
    starts (`celery worker` only; the tests' embedded worker sends no signal)."""
    try:
        sent = requeue_pending(sender.app)
    except Exception:  # a database that does not answer yet must not stop the worker
        logger.exception("Pending work not requeued at worker start")
        return
    if any(sent.values()):
        logger.info("Requeued pending work: %s", sent)
