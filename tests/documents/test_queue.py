"""Document files read by a real Celery worker through the real Redis
(tests/task_worker.py): status in the admin's words, pages in the database,
retries, failures without half-written pages, a save that survives the broker."""

import logging
from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from documents.models import DocumentFile, DocumentPage
from documents.storage import document_storage
from documents.tasks import queue_processing
from news import renditions
from news.models import Article
from publishing.processing import ProcessingStatus
from tests.factories import ArticleFactory, AuthorFactory, DivisionFactory
from tests.images import image_bytes, upload
from tests.news.test_renditions import admin_article_form
from tests.task_worker import broker_down, wait_for

from .sample_files import broken_pdf, make_document, make_document_file, scanned_pdf, text_pdf
from .test_reading import SCAN_PAGES, TEXT_PAGES

pytestmark = pytest.mark.django_db(transaction=True)


def queued(content, **kwargs):
    """A new file saved and queued in one transaction, as the admin does."""
    with transaction.atomic():
        document_file = make_document_file(content, **kwargs)
        queue_processing(document_file)
    return document_file


def settled(document_file):
    """The file once the worker has finished with it (done or failed)."""

    def finished():
        document_file.refresh_from_db()
        return document_file.processing_status in (ProcessingStatus.DONE, ProcessingStatus.FAILED)

    wait_for(finished)
    return document_file


def pages(document_file):
    return {page.number: page.text for page in DocumentPage.objects.filter(file=document_file)}


def held_tesseract(tmp_path):
    """A Tesseract that waits until the returned gate file exists."""
    gate = tmp_path / "buka"
    held = tmp_path / "tesseract-tertahan"
    held.write_text(f'#!/bin/sh\nwhile [ ! -e {gate} ]; do sleep 0.05; done\nexec tesseract "$@"\n')
    held.chmod(0o755)
    return held, gate


def test_text_pdf_pages_land_in_the_database(task_worker):
    document_file = settled(queued(text_pdf(TEXT_PAGES)))
    assert document_file.processing_label() == "selesai"
    assert (document_file.page_count, document_file.text_source) == (3, "text")
    found = pages(document_file)
    assert sorted(found) == [1, 2, 3]
    assert "zebrakuda" in found[2]
    assert DocumentPage.objects.get(number=2).document == document_file.document
    assert document_file.preview_width == 800
    assert document_storage.exists(document_file.preview.name)


def test_scanned_pdf_is_read_by_ocr(task_worker):
    document_file = settled(queued(scanned_pdf(SCAN_PAGES)))
    assert document_file.processing_label() == "selesai"
    assert (document_file.page_count, document_file.text_source) == (2, "ocr")
    found = pages(document_file)
    assert "kerbaulaut" in found[2] and "kerbaulaut" not in found[1]
    assert DocumentPage.objects.filter(search_vector="kerbaulaut").get().number == 2


def test_status_moves_from_waiting_to_processing_to_done(task_worker, settings, tmp_path):
    # Tesseract behind a gate the test opens: the worker holds the file "diproses".
    held, gate = held_tesseract(tmp_path)
    settings.DOCUMENT_OCR_COMMAND = str(held)

    with transaction.atomic():
        document_file = make_document_file(scanned_pdf(SCAN_PAGES[:1]))
        queue_processing(document_file)
        # Not sent before the commit: no worker can see the file yet.
        assert DocumentFile.objects.get().processing_label() == "menunggu"

    def running():
        document_file.refresh_from_db()
        return document_file.processing_status == ProcessingStatus.RUNNING

    wait_for(running)
    assert document_file.processing_label() == "diproses"
    assert document_file.processing_attempts == 1
    gate.touch()
    assert settled(document_file).processing_label() == "selesai"


def test_a_broken_pdf_fails_with_a_reason_and_no_pages(task_worker):
    document_file = make_document_file(text_pdf(TEXT_PAGES))
    # Text of an earlier reading: gone once the file cannot be read.
    DocumentPage.objects.create(
        file=document_file, document=document_file.document, number=1, text="teks lama"
    )
    document_file.file.save("rusak.pdf", ContentFile(broken_pdf()), save=True)
    with transaction.atomic():
        queue_processing(document_file)
    settled(document_file)
    assert document_file.processing_label() == "gagal: berkas PDF rusak"
    assert document_file.processing_attempts == 1  # not tried again: it never will read
    assert not DocumentPage.objects.exists()


def test_a_missing_ocr_program_is_retried_then_fails(task_worker, settings, tmp_path):
    settings.DOCUMENT_OCR_COMMAND = str(tmp_path / "tidak-ada" / "tesseract")
    document_file = settled(queued(scanned_pdf(SCAN_PAGES[:1])))
    assert document_file.processing_attempts == 4  # the first and three retries
    assert document_file.processing_label() == (
        f"gagal: program OCR ({settings.DOCUMENT_OCR_COMMAND}) tidak terpasang"
    )
    assert not DocumentPage.objects.exists()


def test_a_retry_succeeds_once_the_cause_is_gone(task_worker, settings, tmp_path):
    # Tesseract fails the first time it runs (a busy machine), then works.
    tried = tmp_path / "sudah-dicoba"
    flaky = tmp_path / "tesseract-sekali-gagal"
    flaky.write_text(
        f"#!/bin/sh\nif [ ! -e {tried} ]; then touch {tried}; echo sibuk >&2; exit 1; fi\n"
        'exec tesseract "$@"\n'
    )
    flaky.chmod(0o755)
    settings.DOCUMENT_OCR_COMMAND = str(flaky)
    document_file = settled(queued(scanned_pdf(SCAN_PAGES)))
    assert document_file.processing_label() == "selesai"
    assert document_file.processing_attempts == 2
    assert "kerbaulaut" in pages(document_file)[2]


def test_a_save_stands_when_the_broker_is_down_and_is_sent_later(task_worker, caplog):
    with broker_down(), caplog.at_level(logging.ERROR, logger="publishing.processing"):
        document_file = queued(text_pdf(TEXT_PAGES))
    assert "the broker does not answer" in caplog.text
    document_file.refresh_from_db()
    assert document_file.processing_label() == "menunggu"

    call_command("requeue_pending", stdout=StringIO())
    assert settled(document_file).processing_label() == "selesai"
    assert "zebrakuda" in pages(document_file)[2]


def test_failed_work_is_tried_again_on_request(task_worker, settings, tmp_path):
    settings.DOCUMENT_OCR_COMMAND = str(tmp_path / "tidak-ada" / "tesseract")
    document_file = make_document_file(scanned_pdf(SCAN_PAGES))
    DocumentFile.objects.filter(pk=document_file.pk).update(
        processing_status=ProcessingStatus.FAILED, processing_error="program OCR tidak terpasang"
    )
    settings.DOCUMENT_OCR_COMMAND = "tesseract"  # installed since
    call_command("requeue_pending", "--failed", stdout=StringIO())
    assert settled(document_file).processing_label() == "selesai"


def test_the_admin_s_new_cover_gets_its_renditions_from_the_worker(task_worker, admin_client):
    division, author = DivisionFactory(), AuthorFactory()
    data = admin_article_form(
        division, author, cover=upload("sampul.jpg", image_bytes(size=(1200, 800)))
    )
    admin_client.post(reverse("admin:news_article_add"), data)
    article = Article.objects.get()

    def made():
        article.refresh_from_db()
        return renditions.is_current(article)

    wait_for(made)
    assert [entry["width"] for entry in article.cover_renditions["webp"]] == [400, 800, 1200]


def test_a_word_inside_a_scan_is_found_by_the_public_search(task_worker, client):
    document = make_document(
        title="Pengumuman Rekrutmen PPK",
        status="published",
        published_at=timezone.now() - timedelta(hours=1),
    )
    settled(queued(scanned_pdf(SCAN_PAGES), document=document))
    response = client.get("/cari/", {"q": "kerbaulaut"})
    assertContains(response, f'href="{document.get_absolute_url()}"')
    assertContains(response, "Pengumuman Rekrutmen PPK")
    assertContains(response, "Halaman 2")


def test_a_file_replaced_while_it_is_read_keeps_only_the_new_text(task_worker, settings, tmp_path):
    held, gate = held_tesseract(tmp_path)
    settings.DOCUMENT_OCR_COMMAND = str(held)
    document_file = queued(scanned_pdf(SCAN_PAGES))

    def running():
        document_file.refresh_from_db()
        return document_file.processing_status == ProcessingStatus.RUNNING

    wait_for(running)
    with transaction.atomic():
        document_file.file.save("pengganti.pdf", ContentFile(text_pdf(TEXT_PAGES)), save=True)
        queue_processing(document_file)
    gate.touch()
    assert settled(document_file).processing_label() == "selesai"
    assert (document_file.page_count, document_file.text_source) == (3, "text")
    assert "zebrakuda" in pages(document_file)[2]
    assert not DocumentPage.objects.filter(text__contains="kerbaulaut").exists()


def test_work_left_behind_is_sent_again(task_worker):
    # A file a dead worker left "diproses" long ago, and a cover saved while no
    # worker ran: both found and done by requeue_pending.
    abandoned = make_document_file(text_pdf(TEXT_PAGES))
    DocumentFile.objects.filter(pk=abandoned.pk).update(
        processing_status=ProcessingStatus.RUNNING,
        processing_updated_at=timezone.now() - timedelta(days=1),
    )
    article = ArticleFactory(
        cover=ContentFile(image_bytes(size=(900, 600)), name="sampul.jpg"), cover_alt="Aula"
    )
    assert not renditions.is_current(article)

    out = StringIO()
    call_command("requeue_pending", stdout=out)
    assert "documents.tasks.process_document_file: 1 sent" in out.getvalue()
    assert "news.tasks.make_article_cover_renditions: 1 sent" in out.getvalue()
    assert settled(abandoned).processing_label() == "selesai"

    def made():
        article.refresh_from_db()
        return renditions.is_current(article)

    wait_for(made)


def test_a_file_that_kept_killing_the_worker_is_given_up(task_worker):
    # Five starts with no end: each time the worker died inside the file and the
    # broker handed it on (acks_late). The sixth does not read it again.
    document_file = make_document_file(text_pdf(TEXT_PAGES))
    DocumentFile.objects.filter(pk=document_file.pk).update(
        processing_status=ProcessingStatus.RUNNING,
        processing_attempts=5,
        processing_updated_at=timezone.now() - timedelta(days=1),
    )
    call_command("requeue_pending", stdout=StringIO())
    assert settled(document_file).processing_label() == (
        "gagal: pembacaan berkas ini berulang kali menghentikan pekerja"
    )
    assert not DocumentPage.objects.exists()
