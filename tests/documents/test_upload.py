"""Uploading document files through the admin: checked by content, extension, size
and page count, with clear Indonesian errors, and nothing half-saved."""

from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_django.asserts import assertContains

from documents.models import Document, DocumentFile, DocumentPage
from publishing.processing import ProcessingStatus
from tests.documents.conftest import (
    attach,
    document_form_data,
    docx_bytes,
    make_document,
    odt_bytes,
    pdf_bytes,
    xlsx_bytes,
    zip_bytes,
)

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/documents/document/add/"


def change_url(document):
    return f"/admin/documents/document/{document.pk}/change/"


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def errors(response):
    """The inline's and the form's error messages, as the page shows them."""
    assert response.status_code == HTTPStatus.OK, response.status_code
    messages = [str(error) for error in response.context["inline_admin_formsets"][0].formset.errors]
    return " ".join(messages) + " " + str(response.context["adminform"].form.errors)


@pytest.mark.parametrize(
    "name, content, kind, pages",
    [
        ("keputusan.pdf", pdf_bytes(pages=3), "pdf", 3),
        ("lampiran.docx", docx_bytes(), "docx", None),
        ("rekap-dpt.xlsx", xlsx_bytes(), "xlsx", None),
        ("notulen.odt", odt_bytes(), "odt", None),
        ("KEPUTUSAN.PDF", pdf_bytes(), "pdf", 1),
    ],
)
def test_editor_adds_a_document_with_a_file(editor_client, name, content, kind, pages):
    response = editor_client.post(ADD_URL, document_form_data(new_files=[upload(name, content)]))
    assert response.status_code == HTTPStatus.FOUND, errors(response)
    file = DocumentFile.objects.get(document__slug="keputusan-baru")
    assert (file.kind, file.page_count, file.original_name, file.size) == (
        kind,
        pages,
        name,
        len(content),
    )
    assert file.processing_status == ProcessingStatus.PENDING
    with file.file.open("rb") as stored:
        assert stored.read() == content


REFUSED = {
    "html renamed .pdf": (
        "keputusan.pdf",
        b"<!doctype html><html><script>alert(document.cookie)</script></html>",
        "bukan dokumen PDF, DOCX, XLSX, atau ODT",
    ),
    "svg": (
        "logo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "bukan dokumen PDF",
    ),
    "program renamed .pdf": ("setup.pdf", b"MZ\x90\x00" + b"\x00" * 200, "bukan dokumen PDF"),
    "plain zip": ("arsip.docx", zip_bytes({"a.txt": "halo"}), "bukan dokumen PDF"),
    "macro workbook": (
        "rekap.xlsx",
        zip_bytes(
            {
                "[Content_Types].xml": "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                "xl/workbook.xml": "<x/>",
            }
        ),
        "bukan dokumen PDF",
    ),
    "pdf named .docx": ("keputusan.docx", pdf_bytes(), "berakhiran “.docx”, tetapi isinya"),
    "docx named .pdf": ("keputusan.pdf", docx_bytes(), "berakhiran “.pdf”, tetapi isinya"),
    "broken pdf": ("rusak.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50, "PDF ini rusak"),
    "encrypted pdf": ("rahasia.pdf", pdf_bytes(password="sandi"), "dilindungi kata sandi"),
    "empty": ("kosong.pdf", b"", "kosong"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_file_that_is_not_an_accepted_document_is_refused(editor_client, case):
    name, content, message = REFUSED[case]
    response = editor_client.post(ADD_URL, document_form_data(new_files=[upload(name, content)]))
    assert message in errors(response)
    assert not Document.objects.exists()
    assert not DocumentFile.objects.exists()


def test_a_pdf_with_too_many_pages_is_refused(editor_client, settings):
    settings.DOCUMENT_MAX_PAGES = 3
    response = editor_client.post(
        ADD_URL, document_form_data(new_files=[upload("tebal.pdf", pdf_bytes(pages=4))])
    )
    assert "PDF ini berisi 4 halaman. Batasnya 3 halaman" in errors(response)
    assert not Document.objects.exists()


def test_a_50_mb_upload_is_refused_with_a_clear_message(editor_client, settings):
    assert settings.DOCUMENT_MAX_UPLOAD_BYTES == 30 * 1024 * 1024
    big = pdf_bytes() + b"\n%" + b"0" * (50 * 1024 * 1024)
    response = editor_client.post(ADD_URL, document_form_data(new_files=[upload("besar.pdf", big)]))
    assert "Berkas terlalu besar (50,0\xa0MB). Batasnya 30,0\xa0MB." in errors(response)
    assertContains(response, "Berkas terlalu besar")
    assert not Document.objects.exists()


def test_a_file_just_under_the_limit_is_accepted(editor_client, settings):
    """The picture limit (10 MB) does not cut document uploads short."""
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 12 * 1024 * 1024
    content = pdf_bytes() + b"\n%" + b"0" * (11 * 1024 * 1024)
    response = editor_client.post(
        ADD_URL, document_form_data(new_files=[upload("besar.pdf", content)])
    )
    assert response.status_code == HTTPStatus.FOUND, errors(response)
    assert DocumentFile.objects.get().size == len(content)


def test_a_refused_file_leaves_the_document_and_its_files_as_they_were(editor_client, document):
    kept = attach(document, pdf_bytes(text="Berkas lama"), name="lama.pdf")
    before = (document.title, document.version)
    response = editor_client.post(
        change_url(document),
        document_form_data(
            document,
            title="Judul yang tidak boleh tersimpan",
            new_files=[upload("palsu.pdf", b"<html>bukan pdf</html>")],
        ),
    )
    assert "bukan dokumen PDF" in errors(response)
    document.refresh_from_db()
    assert (document.title, document.version) == before
    assert list(document.files.values_list("pk", "original_name")) == [(kept.pk, "lama.pdf")]


def test_a_refused_replacement_keeps_the_old_file(editor_client, document):
    kept = attach(document, pdf_bytes(text="Berkas lama"), name="lama.pdf")
    data = document_form_data(document)
    data["files-0-file"] = upload("baru.pdf", b"<svg/>")
    assert "bukan dokumen PDF" in errors(editor_client.post(change_url(document), data))
    kept.refresh_from_db()
    assert kept.original_name == "lama.pdf"
    with kept.file.open("rb") as stored:
        assert b"%PDF-" in stored.read(8)


def test_replacing_a_file_reads_it_again_and_forgets_the_old_one(
    editor_client, document, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr("documents.admin.queue_processing", queued.append)
    old = attach(document, pdf_bytes(pages=2), name="lama.pdf", page_count=2, text_source="text")
    DocumentPage.objects.create(file=old, document=document, number=1, text="teks lama")
    old_name = old.file.name
    data = document_form_data(document)
    data["files-0-file"] = upload("baru.pdf", pdf_bytes(pages=5))
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(change_url(document), data)
    assert response.status_code == HTTPStatus.FOUND, errors(response)
    old.refresh_from_db()
    assert (old.original_name, old.page_count, old.text_source) == ("baru.pdf", 5, "")
    assert [file.pk for file in queued] == [old.pk]
    assert not DocumentPage.objects.filter(file=old).exists()
    assert not old.file.storage.exists(old_name)
    assert old.file.storage.exists(old.file.name)


def test_removing_a_file_deletes_it_from_storage(
    editor_client, document, django_capture_on_commit_callbacks
):
    file = attach(document)
    data = document_form_data(document)
    data["files-0-DELETE"] = "on"
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(change_url(document), data)
    assert response.status_code == HTTPStatus.FOUND, errors(response)
    assert not DocumentFile.objects.exists()
    assert not file.file.storage.exists(file.file.name)


def test_the_form_accepts_only_document_types_in_the_file_picker(editor_client):
    assertContains(editor_client.get(ADD_URL), 'accept=".pdf,.docx,.xlsx,.odt"')


def test_a_writer_uploads_to_their_own_draft(client, writer):
    client.force_login(writer)
    response = client.post(
        ADD_URL, document_form_data(new_files=[upload("surat.pdf", pdf_bytes())])
    )
    assert response.status_code == HTTPStatus.FOUND, errors(response)
    document = Document.objects.get()
    assert document.created_by == writer
    assert document.files.count() == 1


def test_a_writer_cannot_add_files_to_a_published_document(client, writer):
    document = make_document(created_by=writer)
    client.force_login(writer)
    response = client.post(
        change_url(document),
        document_form_data(document, new_files=[upload("tambahan.pdf", pdf_bytes())]),
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not document.files.exists()
