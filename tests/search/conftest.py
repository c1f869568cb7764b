"""Rows of every searchable type, made directly: documents and announcements have
their own apps, whose forms and tasks these tests leave aside."""

from datetime import date, timedelta
from itertools import count

from django.utils import timezone

from announcements.models import Announcement
from documents.models import Document, DocumentFile, DocumentPage
from tests.factories import DivisionFactory

_numbers = count(1)


def published_fields(status="published", published_at=None):
    if status == "published" and published_at is None:
        published_at = timezone.now() - timedelta(hours=1)
    return {"status": status, "published_at": published_at}


def make_announcement(title, *, status="published", published_at=None, ended=False, **fields):
    now = timezone.now()
    n = next(_numbers)
    fields.setdefault("body", "<p>Isi pengumuman.</p>")
    fields.setdefault("division", DivisionFactory())
    return Announcement.objects.create(
        title=title,
        slug=f"pengumuman-{n}",
        valid_from=now - timedelta(days=10),
        valid_until=now - timedelta(days=1) if ended else now + timedelta(days=10),
        **published_fields(status, published_at),
        **fields,
    )


def make_document(title, *, pages=(), status="published", published_at=None, **fields):
    """A document with one file whose pages hold `pages` (texts, page 1 first)."""
    n = next(_numbers)
    fields.setdefault("information_class", Document.InformationClass.ANY_TIME)
    document = Document.objects.create(
        title=title,
        slug=f"dokumen-{n}",
        document_date=date(2024, 2, 1),
        **published_fields(status, published_at),
        **fields,
    )
    # bulk_create: no signal sends the file to the task queue.
    (file,) = DocumentFile.objects.bulk_create(
        [DocumentFile(document=document, file=f"uji/{n}.pdf", original_name=f"{n}.pdf")]
    )
    DocumentPage.objects.bulk_create(
        DocumentPage(file=file, document=document, number=number, text=text)
        for number, text in enumerate(pages, start=1)
    )
    return document
