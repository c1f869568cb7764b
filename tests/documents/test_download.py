"""Downloads and previews: served from the private storage with headers that keep a
file from running in our origin, and counted like article views."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.test import Client
from django.utils import timezone

from documents.models import Document
from tests.documents.conftest import add_preview, attach, docx_bytes, make_document, pdf_bytes

pytestmark = pytest.mark.django_db

READER = "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/124.0 Mobile Safari/537.36"
OTHER_READER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
CRAWLER = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def download_url(file):
    return f"/dokumen/{file.document.slug}/unduh/{file.pk}/"


def downloads(document):
    return Document.objects.get(pk=document.pk).download_count


def read(response):
    return b"".join(response.streaming_content)


def test_a_pdf_is_served_as_an_attachment_that_runs_nothing(client, document):
    content = pdf_bytes(text="Isi keputusan yang diunduh")
    file = attach(document, content, name="keputusan.pdf")
    response = client.get(download_url(file), HTTP_USER_AGENT=READER)
    assert response.status_code == HTTPStatus.OK
    assert read(response) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="keputusan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    # Never kept by the page cache or a shared cache.
    assert "X-Page-Cache" not in response
    assert "no-store" in response["Cache-Control"]


def test_a_name_outside_ascii_is_given_as_rfc_5987(client, document):
    file = attach(
        document, docx_bytes(), name="Lampiran “DPT” Kecamatan Ciléngkrang.docx", kind="docx"
    )
    response = client.get(download_url(file))
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert "Cil%C3%A9ngkrang.docx" in disposition
    assert '"' not in disposition.partition("filename*=")[2]


def test_a_reader_counts_once_within_the_window(client, document):
    file = attach(document)
    for _ in range(3):
        assert client.get(download_url(file), HTTP_USER_AGENT=READER).status_code == 200
    assert downloads(document) == 1
    client.get(download_url(file), HTTP_USER_AGENT=OTHER_READER)
    assert downloads(document) == 2


def test_each_file_of_a_document_adds_to_its_one_count(client, document):
    first, second = attach(document), attach(document, name="lampiran.pdf")
    client.get(download_url(first), HTTP_USER_AGENT=READER)
    client.get(download_url(second), HTTP_USER_AGENT=READER)
    # One reader of the document, as a view of an article is one reader.
    assert downloads(document) == 1


def test_crawlers_scripts_and_head_requests_do_not_count(client, document):
    file = attach(document)
    client.get(download_url(file), HTTP_USER_AGENT=CRAWLER)
    client.get(download_url(file), HTTP_USER_AGENT="")
    assert client.head(download_url(file), HTTP_USER_AGENT=READER).status_code == 200
    assert downloads(document) == 0


def test_staff_downloads_do_not_count(client, document, editor):
    file = attach(document)
    client.force_login(editor)
    assert client.get(download_url(file), HTTP_USER_AGENT=READER).status_code == 200
    assert downloads(document) == 0


def test_the_count_reaches_the_page(client, document):
    file = attach(document)
    Client().get(download_url(file), HTTP_USER_AGENT=READER)
    Client().get(download_url(file), HTTP_USER_AGENT=OTHER_READER)
    assert "Diunduh 2 kali" in client.get(document.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "draft"},
        {"status": "review"},
        {"published_at": timezone.now() + timedelta(days=1)},
        {"information_class": "dikecualikan"},
    ],
    ids=["draft", "review", "scheduled", "excepted"],
)
def test_a_document_that_is_not_public_has_no_file_for_readers(client, editor, fields):
    document = make_document(title="Surat Internal", slug="surat-internal", **fields)
    file = add_preview(attach(document))
    preview = f"/dokumen/{document.slug}/pratinjau/{file.pk}/"
    for url in (download_url(file), preview, document.get_absolute_url()):
        assert client.get(url, HTTP_USER_AGENT=READER).status_code == HTTPStatus.NOT_FOUND, url
    # Staff reach them at the same addresses, and their downloads never count.
    client.force_login(editor)
    response = client.get(download_url(file), HTTP_USER_AGENT=READER)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    staff_preview = client.get(preview)
    assert staff_preview.status_code == HTTPStatus.OK
    assert "no-store" in staff_preview["Cache-Control"]
    assert downloads(document) == 0


def test_a_file_is_reached_only_through_its_own_document(client, document):
    other = make_document(title="Dokumen Lain", slug="dokumen-lain")
    file = attach(other)
    assert client.get(f"/dokumen/{document.slug}/unduh/{file.pk}/").status_code == 404
    assert client.get(f"/dokumen/{document.slug}/unduh/999999/").status_code == 404
    assert client.get("/dokumen/tidak-ada/unduh/1/").status_code == 404
    huge = "9" * 40  # past any integer column
    assert client.get(f"/dokumen/{document.slug}/unduh/{huge}/").status_code == 404
    assert client.get(f"/dokumen/{document.slug}/pratinjau/{huge}/").status_code == 404


def test_a_file_missing_from_storage_is_404_not_500(client, document):
    file = attach(document)
    file.file.storage.delete(file.file.name)
    assert client.get(download_url(file)).status_code == HTTPStatus.NOT_FOUND


def test_a_download_answers_get_and_head_only(client, document):
    file = attach(document)
    assert client.post(download_url(file)).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_the_preview_is_a_webp_that_runs_nothing(client, document):
    file = add_preview(attach(document))
    response = client.get(f"/dokumen/{document.slug}/pratinjau/{file.pk}/")
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "image/webp"
    assert read(response)[8:12] == b"WEBP"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    again = client.get(
        f"/dokumen/{document.slug}/pratinjau/{file.pk}/", HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == HTTPStatus.NOT_MODIFIED


def test_no_preview_yet_is_404(client, document):
    file = attach(document)
    assert client.get(f"/dokumen/{document.slug}/pratinjau/{file.pk}/").status_code == 404


def test_files_are_stored_outside_the_media_folder(document, settings):
    """nginx serves MEDIA_ROOT by path; document files must not be there."""
    file = add_preview(attach(document))
    for stored in (file.file.path, file.preview.path):
        assert stored.startswith(str(settings.DOCUMENTS_ROOT))
        assert not stored.startswith(str(settings.MEDIA_ROOT))
