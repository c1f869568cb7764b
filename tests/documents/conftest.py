"""Real document files made by the tests, and documents holding them."""

import io
import zipfile
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from fpdf import FPDF

from documents.models import Document, DocumentFile, InformationClass
from tests.factories import DivisionFactory


def pdf_bytes(pages=1, text="Keputusan tentang penetapan daftar pemilih tetap", password=None):
    pdf = FPDF()
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=12)
        pdf.multi_cell(0, 8, f"{text}. Halaman {number}.")
    if password:
        pdf.set_encryption(owner_password="pemilik", user_password=password)
    return bytes(pdf.output())


def zip_bytes(entries, mimetype_first=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if mimetype_first is not None:
            archive.writestr("mimetype", mimetype_first, compress_type=zipfile.ZIP_STORED)
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def office_bytes(main_part, main_name):
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Override PartName="/{main_name}" ContentType="{main_part}"/></Types>'
    )
    return zip_bytes({"[Content_Types].xml": content_types, main_name: "<x/>"})


def docx_bytes():
    return office_bytes(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "word/document.xml",
    )


def xlsx_bytes():
    return office_bytes(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "xl/workbook.xml",
    )


def odt_bytes():
    return zip_bytes(
        {"content.xml": "<x/>"}, mimetype_first="application/vnd.oasis.opendocument.text"
    )


def make_document(**fields):
    """A published, public document unless told otherwise."""
    values = {
        "title": "Keputusan Penetapan Daftar Pemilih Tetap",
        "number": "45 Tahun 2024",
        "document_date": date(2024, 9, 20),
        "information_class": InformationClass.ANY_TIME,
        "status": Document.Status.PUBLISHED,
        "published_at": timezone.now() - timedelta(hours=1),
        "description": "Penetapan jumlah pemilih per kecamatan.",
    }
    values.update(fields)
    values.setdefault("slug", values["title"].lower().replace(" ", "-")[:60])
    if "division" not in fields:
        values["division"] = DivisionFactory()
    return Document.objects.create(**values)


def attach(document, content=None, name="keputusan.pdf", kind="pdf", **fields):
    content = pdf_bytes() if content is None else content
    file = DocumentFile(
        document=document,
        original_name=name,
        kind=kind,
        size=len(content),
        page_count=fields.pop("page_count", 1 if kind == "pdf" else None),
        **fields,
    )
    file.file.save(name, ContentFile(content), save=False)
    file.save()
    return file


def add_preview(file):
    """What the worker draws: a WebP of the first page."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 85), "white").save(buffer, "WEBP")
    file.preview.save("halaman-1.webp", ContentFile(buffer.getvalue()), save=True)
    return file


@pytest.fixture
def document(db):
    return make_document()


@pytest.fixture
def excepted(db):
    document = make_document(
        title="Berita Acara Pengamanan Gudang",
        slug="berita-acara-pengamanan-gudang",
        number="17/BA/LOG/2024",
        information_class=InformationClass.EXCEPTED,
    )
    add_preview(attach(document, name="berita-acara.pdf"))
    return document


def document_form_data(document=None, files=(), new_files=(), **overrides):
    """The document's change form (or the add form) with its files' inline as it
    stands, `new_files` uploaded in new rows, and `overrides` on top."""
    data = {
        "title": document.title if document else "Keputusan Baru",
        "slug": document.slug if document else "keputusan-baru",
        "number": document.number if document else "1 Tahun 2025",
        "document_date": f"{document.document_date:%Y-%m-%d}" if document else "2025-01-15",
        "information_class": document.information_class if document else "setiap_saat",
        "division": (document.division_id or "") if document else "",
        "description": document.description if document else "",
        "status": document.status if document else "draft",
        "published_at_0": "",
        "published_at_1": "",
    }
    existing = list(document.files.all()) if document and not files else list(files)
    rows = [{"id": file.pk, "document": document.pk, "order": file.order} for file in existing]
    rows += [{"file": upload, "order": index} for index, upload in enumerate(new_files)]
    data.update(
        {
            "files-TOTAL_FORMS": len(rows),
            "files-INITIAL_FORMS": len(existing),
            "files-MIN_NUM_FORMS": 0,
            "files-MAX_NUM_FORMS": 1000,
        }
    )
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"files-{index}-{name}"] = value
    data.update(overrides)
    return data
