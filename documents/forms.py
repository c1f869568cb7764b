"""Checking an uploaded document file before anything is saved.

A file is what its bytes say, not what its name or the browser claims: a PDF
starts with %PDF-; a DOCX, XLSX or ODT is a ZIP whose own table of contents
names the format ([Content_Types].xml for Office Open XML, the `mimetype`
entry for OpenDocument). Everything else is refused, HTML, SVG and programs
among them, and so is a name whose extension says another type. A PDF must
open without a password and have at most DOCUMENT_MAX_PAGES pages (read with
pdfium, as the task queue will read it).

Oversized requests have their files dropped as they arrive (news/uploads.py):
such a file comes here with its size and no content, and is refused for its
size. The admin saves the document and all its files in one transaction, only
once every form is valid, so a refused file leaves everything as it was.
"""

import zipfile
from pathlib import PurePath

import pypdfium2
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .models import DocumentFile, FileKind

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
# The main part's content type names the format; a macro-enabled document
# (.docm, .xlsm) names another, and is refused.
OFFICE_OPEN_XML = b"application/vnd.openxmlformats-officedocument."
OFFICE_MAIN_PARTS = {
    FileKind.DOCX: OFFICE_OPEN_XML + b"wordprocessingml.document.main+xml",
    FileKind.XLSX: OFFICE_OPEN_XML + b"spreadsheetml.sheet.main+xml",
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# [Content_Types].xml is a few kilobytes; a larger one is not read into memory.
CONTENT_TYPES_MAX_BYTES = 256 * 1024

ACCEPTED_EXTENSIONS = ".pdf,.docx,.xlsx,.odt"


def _not_a_document():
    return ValidationError(
        _("This file is not a PDF, DOCX, XLSX or ODT document. Upload one of those types."),
        code="file_type",
    )


def sniff_kind(upload):
    """The FileKind the file's content shows, or a ValidationError."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(PDF_MAGIC):
        return FileKind.PDF
    if not head.startswith(ZIP_MAGIC):
        raise _not_a_document()
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                # OpenDocument: its first entry, stored uncompressed, names the format.
                mimetype = archive.getinfo("mimetype")
                if mimetype.file_size < 100 and archive.read(mimetype).strip() == ODT_MIMETYPE:
                    return FileKind.ODT
                raise _not_a_document()
            if "[Content_Types].xml" not in names:
                raise _not_a_document()
            types = archive.getinfo("[Content_Types].xml")
            if types.file_size > CONTENT_TYPES_MAX_BYTES:
                raise _not_a_document()
            content_types = archive.read(types)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        raise _not_a_document() from None
    finally:
        upload.seek(0)
    for kind, main_part in OFFICE_MAIN_PARTS.items():
        if main_part in content_types:
            return kind
    raise _not_a_document()


def pdf_page_count(upload):
    """The number of pages of a PDF that opens without a password, or a ValidationError."""
    path = getattr(upload, "temporary_file_path", None)
    upload.seek(0)
    source = path() if path else upload.read()
    upload.seek(0)
    try:
        pdf = pypdfium2.PdfDocument(source)
    except pypdfium2.PdfiumError as error:
        if "password" in str(error).lower():
            raise ValidationError(
                _("This PDF is protected with a password. Upload a copy that opens without one."),
                code="pdf_encrypted",
            ) from None
        raise ValidationError(
            _("This PDF is damaged and cannot be read. Save or scan it again and upload it."),
            code="pdf_broken",
        ) from None
    try:
        pages = len(pdf)
    finally:
        pdf.close()
    if pages < 1:
        raise ValidationError(_("This PDF has no pages."), code="pdf_empty")
    if pages > settings.DOCUMENT_MAX_PAGES:
        raise ValidationError(
            _("This PDF has %(pages)d pages. The limit is %(limit)d: split it into parts."),
            code="pdf_too_many_pages",
            params={"pages": pages, "limit": settings.DOCUMENT_MAX_PAGES},
        )
    return pages


def check_upload(upload):
    """(kind, page count or None) of an acceptable document file, or a ValidationError."""
    limit = settings.DOCUMENT_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s). The limit is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    if not upload.size:
        raise ValidationError(_("The file is empty."), code="file_empty")
    kind = sniff_kind(upload)
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    if extension != kind:
        raise ValidationError(
            _(
                "The file’s name ends in “.%(extension)s” but its content is a %(kind)s "
                "document. Rename it or upload the right file."
            ),
            code="file_extension",
            params={"extension": extension, "kind": FileKind(kind).label},
        )
    return kind, pdf_page_count(upload) if kind == FileKind.PDF else None


class DocumentFileForm(forms.ModelForm):
    """One file of a document (the admin's inline): checked, then described by its content."""

    class Meta:
        model = DocumentFile
        fields = ["file", "order"]
        # No link to the current file: it has no URL of its own (documents/storage.py);
        # the inline names it beside the field.
        widgets = {"file": forms.FileInput(attrs={"accept": ACCEPTED_EXTENSIONS})}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or "file" not in self.changed_data:
            return upload
        self.checked = check_upload(upload)
        return upload

    def save(self, commit=True):
        file = super().save(commit=False)
        if "file" in self.changed_data:
            upload = self.cleaned_data["file"]
            file.kind, file.page_count = self.checked
            file.original_name = PurePath(upload.name).name[:255]
            file.size = upload.size
            # Read again by the task queue from the new file.
            file.text_source = ""
            file.preview = ""
        if commit:
            file.save()
        return file
