"""The task queue's work on document files: text per page (a text layer or
OCR) into DocumentPage rows, and the first page's preview.

Replacing a file's pages rewrites its document's text_vector, in the same
transaction (the triggers of migration 0002_document_text_vector), which is
what the site search matches.

The admin calls `queue_processing(document_file)` after saving a new file;
a worker runs `process_document_file`. The file's processing status says where
the work stands ("menunggu", "diproses", "selesai", "gagal: berkas PDF rusak").
"""

import logging
from pathlib import PurePath

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.utils.translation import gettext as _

from publishing import page_cache
from publishing.processing import (
    ProcessingStatus,
    ProcessingTask,
    fail_processing,
    finish_processing,
    queue_on_commit,
    start_processing,
    wait_for_retry,
)

from .models import Document, DocumentFile, DocumentPage
from .reading import OFFICE_TEXT, Transient, Unreadable, read_file
from .storage import document_storage

logger = logging.getLogger(__name__)


class Superseded(Exception):
    """The file was replaced or deleted while it was read: its own task reads the new one."""


@shared_task(
    bind=True,
    base=ProcessingTask,
    processed_model="documents.DocumentFile",
    # Tesseract missing or too slow on a busy machine, the database restarting:
    # tried again after 1, 2 and 4 seconds (with jitter), then "gagal".
    autoretry_for=(Transient, OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=3,
)
def process_document_file(self, file_id):
    attempt = start_processing(DocumentFile, file_id)
    if not attempt:
        return
    if attempt > self.max_retries + 2:
        # More starts than retries allow: the worker died in this file each time
        # (a PDF that crashes PDFium, or eats all memory); acks_late would
        # otherwise hand it to the next worker for ever.
        fail_and_forget_pages(file_id, _("reading this file stopped the worker repeatedly"))
        return
    try:
        read_into_pages(file_id)
    except Unreadable as error:
        fail_and_forget_pages(file_id, error.reason)
    except Transient as error:
        if self.request.retries >= self.max_retries:
            fail_and_forget_pages(file_id, error.reason)
            return
        wait_for_retry(DocumentFile, file_id, error.reason)
        raise  # autoretry_for sends it again
    except SoftTimeLimitExceeded:
        fail_and_forget_pages(file_id, _("reading the file took too long"))
    except (OperationalError, InterfaceError):
        raise  # nothing can be written now; tried again
    except Superseded:
        pass
    except Exception:
        # A bug, not the file's fault: staff see that it failed, the log says why.
        fail_and_forget_pages(file_id, _("unexpected error while reading the file"))
        raise


def queue_processing(document_file):
    """Mark the file "menunggu" and have a worker read it once this transaction commits.

    For the admin, after saving a new or replaced file. Never fails for the
    broker's sake: the file then waits, and requeue_pending sends it later.
    """
    document_file.processing_status = ProcessingStatus.PENDING
    document_file.processing_error = ""
    document_file.processing_attempts = 0
    queue_on_commit(process_document_file, document_file.pk)


def read_into_pages(file_id):
    """Read the file and replace its pages, page count, text source and preview
    in one transaction; Superseded if the file changed meanwhile."""
    document_file = DocumentFile.objects.filter(pk=file_id).first()
    if document_file is None:
        raise Superseded
    if document_file.kind != "pdf" and document_file.kind not in OFFICE_TEXT:
        raise Unreadable(_("this type of file cannot be read"))
    name = document_file.file.name
    if not name or not document_storage.exists(name):
        raise Unreadable(_("the file is missing from storage"))
    reading = read_file(document_storage.path(name), document_file.kind)

    preview = ""
    if reading.preview:
        preview = document_storage.save(
            DocumentFile._meta.get_field("preview").generate_filename(
                document_file, f"{PurePath(name).stem}.webp"
            ),
            ContentFile(reading.preview),
        )
    try:
        with transaction.atomic():
            # The document first, as an admin save locks it before its files: the
            # pages' triggers write its text_vector (migration 0002_document_text_vector).
            list(
                Document.objects.select_for_update()
                .filter(pk=document_file.document_id)
                .values("pk")
            )
            # Locked, and still the file that was read: a replacement queued its own task.
            current = (
                DocumentFile.objects.select_for_update()
                .filter(pk=file_id, file=name)
                .only("pk", "document_id", "preview")
                .first()
            )
            if current is None:
                raise Superseded
            DocumentPage.objects.filter(file_id=file_id).delete()
            DocumentPage.objects.bulk_create(
                DocumentPage(
                    file_id=file_id,
                    document_id=current.document_id,
                    number=page.number,
                    text=page.text,
                )
                for page in reading.pages
                if page.text
            )
            width, height = reading.preview_size or (None, None)
            finish_processing(
                DocumentFile,
                file_id,
                page_count=reading.page_count,
                text_source=reading.text_source(),
                preview=preview,
                preview_width=width,
                preview_height=height,
            )
            old_preview = current.preview.name
            if old_preview and old_preview != preview:
                transaction.on_commit(lambda: document_storage.delete(old_preview))
            transaction.on_commit(page_cache.invalidate_now)
    except BaseException:
        if preview:
            document_storage.delete(preview)
        raise


def fail_and_forget_pages(file_id, reason):
    """Failed: the search no longer finds text the file may not hold."""
    with transaction.atomic():
        DocumentPage.objects.filter(file_id=file_id).delete()
        fail_processing(DocumentFile, file_id, reason)
        transaction.on_commit(page_cache.invalidate_now)
