"""The task queue's work on pictures: renditions (news/renditions.py) of an
article's cover here, and the way every picture task moves its status
(`make_with_status`), which a person's photo (pages/tasks.py) and a library
picture (media_library/tasks.py) share.

ArticleAdmin queues `make_article_cover_renditions` once a save with a new
cover commits; until the worker has made them, pages show the cover as it was
uploaded (re-encoded by news/images.py), at its own size
(renditions.cover_picture(), sharing.article_image(),
structured_data.news_article()). The article's form shows where they stand
(CoverProcessing): "menunggu", "diproses", "selesai", "gagal: berkas rusak
atau bukan gambar". Set-ups that need them at once (tests, the demo loader)
call renditions.make_cover_renditions() themselves.
"""

import errno
from contextlib import contextmanager

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.db.models.fields.json import KT
from django.utils.translation import gettext as _
from PIL import Image

from publishing.processing import (
    ProcessingTask,
    fail_processing,
    finish_processing,
    mark_pending,
    start_processing,
    wait_for_retry,
)

from .models import Article, CoverProcessing
from .renditions import is_current, make_cover_renditions

# Storage errors that pass on their own (a full disk being cleared, a busy share).
PASSING_ERRNOS = {errno.ENOSPC, errno.EIO, errno.EAGAIN, errno.EBUSY, errno.EMFILE, errno.ENFILE}


class Unreadable(Exception):
    """The work cannot succeed: `reason` says why, for staff, in Indonesian."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class Transient(Unreadable):
    """The work may succeed a moment later: tried again, then failed with `reason`."""


# For every picture task: a full disk or a restarting database is tried again
# after 1, 2 and 4 seconds (with jitter), then "gagal".
RETRIED = {
    "bind": True,
    "autoretry_for": (Transient, OperationalError, InterfaceError),
    "retry_backoff": True,
    "max_retries": 3,
}


@contextmanager
def storage_errors():
    """Storage's OSErrors as the reasons staff read (reading and writing files)."""
    try:
        yield
    except PermissionError as error:
        # A deployment fault (deploy/README.md: the worker writes MEDIA_ROOT).
        raise Unreadable(_("the server may not read or write the media storage")) from error
    except FileNotFoundError as error:
        raise Unreadable(_("the picture is missing from storage")) from error
    except OSError as error:
        if error.errno in PASSING_ERRNOS:
            raise Transient(_("the media storage is full or unavailable")) from error
        raise


def check_picture(picture):
    """Decode `picture` (a FieldFile) once, before sorl-thumbnail, which would log
    a broken file and hand back renditions that do not exist. Unreadable if it
    is not a picture Pillow can read whole."""
    with storage_errors(), picture.storage.open(picture.name) as file:
        try:
            with Image.open(file) as image:
                image.load()
        except OSError as error:
            if error.errno in PASSING_ERRNOS:
                raise
            raise Unreadable(_("the file is damaged or not a picture")) from error
        except Exception as error:  # Pillow's decoders raise many kinds on bad data
            raise Unreadable(_("the file is damaged or not a picture")) from error


def make_with_status(task, model, pk, make):
    """Run `make()` for row `pk` of `model` (a Processed), moving its status:
    running, then done (make() calls finish_processing itself, with its
    result) or failed with the reason; pending again between retries."""
    attempt = start_processing(model, pk)
    if not attempt:
        return  # gone, or done or given up already: a message delivered twice
    if attempt > task.max_retries + 2:
        # The worker died inside this picture each time (acks_late hands it on).
        fail_processing(model, pk, _("making the renditions stopped the worker repeatedly"))
        return
    try:
        with storage_errors():
            make()
    except Transient as error:
        if task.request.retries >= task.max_retries:
            fail_processing(model, pk, error.reason)
            return
        wait_for_retry(model, pk, error.reason)
        raise  # autoretry_for sends it again
    except Unreadable as error:
        fail_processing(model, pk, error.reason)
    except SoftTimeLimitExceeded:
        fail_processing(model, pk, _("making the renditions took too long"))
    except (OperationalError, InterfaceError):
        raise  # nothing can be written now; tried again
    except Exception:
        # A bug, not the picture's fault: staff see that it failed, the log says why.
        fail_processing(model, pk, _("unexpected error while making the renditions"))
        raise


def make_picture_renditions(model, pk, field, status_model=None, share=False):
    """Renditions of row `pk`'s picture `field` (news/renditions.py), then its
    status done, unless the picture was replaced meanwhile (its own task then
    comes). `status_model` holds the status when `model` does not."""
    owner = model.objects.filter(pk=pk).first()
    if owner is None:
        return
    picture = getattr(owner, field)
    if picture:
        check_picture(picture)
    make_cover_renditions(owner, field=field, share=share)
    with transaction.atomic():
        # Locked and compared: a save that replaces the picture waits, then re-queues.
        unchanged = model.objects.select_for_update().filter(pk=pk, **{field: picture.name or ""})
        if unchanged.exists():
            finish_processing(status_model or model, pk)


class CoverRenditionsTask(ProcessingTask):
    processed_model = "news.CoverProcessing"

    def mark_pending(self, pk):
        # The status row is made with the first cover the admin queues.
        CoverProcessing.objects.get_or_create(article_id=pk)
        mark_pending(CoverProcessing, pk)

    def pending_pks(self):
        """Articles whose renditions were not made from their present cover, and
        that no worker works on or gave up (also those saved before the queue,
        with no status yet)."""
        return (
            Article.objects.exclude(cover="")
            .annotate(made_from=KT("cover_renditions__source"))
            .filter(Q(made_from__isnull=True) | ~Q(made_from=F("cover")))
            .filter(
                Q(cover_processing__isnull=True) | Q(cover_processing__in=super().pending_pks())
            )
            .values_list("pk", flat=True)
        )


@shared_task(base=CoverRenditionsTask, **RETRIED)
def make_article_cover_renditions(self, article_id):
    """Make (or empty) the article's cover renditions from its cover as saved now."""
    if not Article.objects.filter(pk=article_id).exists():
        return
    CoverProcessing.objects.get_or_create(article_id=article_id)  # requeued from before
    make_with_status(
        self,
        CoverProcessing,
        article_id,
        lambda: make_picture_renditions(
            Article, article_id, "cover", status_model=CoverProcessing, share=True
        ),
    )


def cover_label(article) -> str:
    """The cover renditions' state in the admin's words; "" without a cover. One query."""
    if not article.pk or not article.cover:
        return ""
    status = CoverProcessing.objects.filter(article=article).first()
    if status is not None:
        return status.processing_label()
    # Never queued (a demo, an import): its renditions say it.
    return str(_("done") if is_current(article) else _("waiting"))
