"""The demo documents (documents/demo.py): every class, one excepted, read at once."""

from http import HTTPStatus

import pytest

from documents.demo import load_demo_documents
from documents.models import Document, DocumentPage, InformationClass
from publishing.processing import ProcessingStatus

pytestmark = pytest.mark.django_db


def test_demo_documents_cover_every_class_and_load_once(client):
    assert load_demo_documents() == 6
    assert load_demo_documents() == 0
    assert set(Document.objects.values_list("information_class", flat=True)) == set(
        InformationClass.values
    )
    excepted = Document.objects.get(information_class=InformationClass.EXCEPTED)
    for document in Document.objects.exclude(pk=excepted.pk):
        file = document.files.get()
        assert file.processing_status == ProcessingStatus.DONE
        assert file.preview and file.page_count >= 1
        page = client.get(document.get_absolute_url())
        assert page.status_code == HTTPStatus.OK
    assert DocumentPage.objects.filter(text__icontains="812.406 pemilih").exists()
    assert client.get(excepted.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert excepted.title not in client.get("/dokumen/").content.decode()
