"""The documents' admin: lists, search and filters, each file's processing in words,
and linking documents from an article. The workflow's rules over Document run in
tests/publishing/test_role_matrix.py."""

import json
from datetime import date
from http import HTTPStatus

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from documents.models import InformationClass
from publishing.processing import ProcessingStatus
from tests.admin_forms import article_form_data
from tests.documents.conftest import attach, make_document
from tests.factories import ArticleFactory, DivisionFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/documents/document/"


@pytest.fixture
def documents(db):
    law = DivisionFactory(name="Divisi Hukum", slug="hukum")
    return {
        "decision": make_document(
            title="Keputusan Penetapan DPT",
            slug="keputusan-dpt",
            number="45 Tahun 2024",
            division=law,
        ),
        "report": make_document(
            title="Laporan Kinerja Tahunan",
            slug="laporan-kinerja",
            number="01/PR.01/2023",
            document_date=date(2023, 1, 30),
            information_class=InformationClass.PERIODIC,
        ),
        "excepted": make_document(
            title="Berita Acara Gudang",
            slug="berita-acara-gudang",
            number="17/BA/LOG/2024",
            information_class=InformationClass.EXCEPTED,
        ),
    }


@pytest.mark.parametrize("persona", ["editor", "administrator"])
def test_staff_open_every_admin_page(client, documents, persona, request):
    client.force_login(request.getfixturevalue(persona))
    document = documents["decision"]
    attach(document)
    for url in [
        LIST_URL,
        f"{LIST_URL}?q=penetapan",
        f"{LIST_URL}?information_class__exact=berkala",
        f"{LIST_URL}?division__id__exact={document.division_id}",
        f"{LIST_URL}?tahun=2023",
        f"{LIST_URL}?tahun=abc",
        f"{LIST_URL}add/",
        f"{LIST_URL}{document.pk}/change/",
        f"{LIST_URL}{document.pk}/history/",
        f"{LIST_URL}{document.pk}/delete/",
    ]:
        assert client.get(url).status_code == HTTPStatus.OK, url


def titles(response):
    return {str(item) for item in response.context["cl"].result_list}


def test_search_and_filters(editor_client, documents):
    assert titles(editor_client.get(f"{LIST_URL}?q=45 Tahun 2024")) == {"Keputusan Penetapan DPT"}
    assert titles(editor_client.get(f"{LIST_URL}?q=kinerja")) == {"Laporan Kinerja Tahunan"}
    assert titles(editor_client.get(f"{LIST_URL}?information_class__exact=dikecualikan")) == {
        "Berita Acara Gudang"
    }
    law = documents["decision"].division_id
    assert titles(editor_client.get(f"{LIST_URL}?division__id__exact={law}")) == {
        "Keputusan Penetapan DPT"
    }
    assert titles(editor_client.get(f"{LIST_URL}?tahun=2023")) == {"Laporan Kinerja Tahunan"}


def test_each_file_says_where_its_reading_stands(editor_client, documents):
    document = documents["decision"]
    attach(document, name="menunggu.pdf")
    attach(
        document,
        name="selesai.pdf",
        processing_status=ProcessingStatus.DONE,
        page_count=12,
        text_source="ocr",
    )
    attach(
        document,
        name="rusak.pdf",
        processing_status=ProcessingStatus.FAILED,
        processing_error="berkas PDF rusak",
    )
    page = editor_client.get(f"{LIST_URL}{document.pk}/change/")
    assertContains(page, "menunggu.pdf · PDF")
    assertContains(page, "menunggu")
    assertContains(page, "selesai")
    assertContains(page, "OCR")
    assertContains(page, '<div class="readonly">12</div>', html=True)
    assertContains(
        page, '<strong class="errornote document-file__failed">gagal: berkas PDF rusak</strong>'
    )


def test_the_change_form_links_to_the_documents_page(editor_client, documents):
    document = documents["excepted"]
    page = editor_client.get(f"{LIST_URL}{document.pk}/change/")
    assertContains(page, f'href="{document.get_absolute_url()}"')


def test_writer_sees_only_their_own_documents(client, writer, documents):
    own = make_document(title="Surat Milik Penulis", slug="surat-penulis", created_by=writer)
    client.force_login(writer)
    assert titles(client.get(LIST_URL)) == {own.title}
    assert client.get(f"{LIST_URL}{documents['decision'].pk}/change/").status_code == 302


def test_an_article_links_existing_documents(editor_client, documents):
    article = ArticleFactory()
    decision = documents["decision"]
    data = article_form_data(article, documents=[decision.pk])
    response = editor_client.post(f"/admin/news/article/{article.pk}/change/", data)
    assert response.status_code == HTTPStatus.FOUND
    assert list(article.documents.all()) == [decision]
    assertContains(editor_client.get(article.get_absolute_url()), decision.title)


def autocomplete(client, term):
    response = client.get(
        "/admin/autocomplete/",
        {
            "term": term,
            "app_label": "news",
            "model_name": "article",
            "field_name": "documents",
        },
    )
    assert response.status_code == HTTPStatus.OK
    return {result["text"] for result in json.loads(response.content)["results"]}


def test_the_article_form_finds_documents_by_title_or_number(editor_client, documents):
    form = editor_client.get("/admin/news/article/add/")
    assertContains(form, 'class="admin-autocomplete"')
    assertContains(form, 'data-field-name="documents"')
    assertContains(form, "Dokumen terkait:")
    assert autocomplete(editor_client, "penetapan") == {"Keputusan Penetapan DPT"}
    assert autocomplete(editor_client, "45 Tahun") == {"Keputusan Penetapan DPT"}


def test_a_writer_links_any_published_document_and_their_own(client, writer, documents):
    draft = make_document(
        title="Keputusan Draf Penulis", slug="draf-penulis", status="draft", created_by=writer
    )
    others_draft = make_document(title="Keputusan Draf Rekan", slug="draf-rekan", status="draft")
    client.force_login(writer)
    found = autocomplete(client, "keputusan")
    assert found == {"Keputusan Penetapan DPT", draft.title}
    assert others_draft.title not in found


def test_the_documents_admin_page_names_the_type_in_indonesian(editor_client, documents):
    page = editor_client.get(LIST_URL)
    assertContains(page, "Dokumen")
    assertNotContains(page, "Published periodically")


@pytest.mark.parametrize("value", ["x", "\x00", "9" * 30, "1,abc"])
def test_a_crafted_document_key_is_refused_not_a_server_error(editor_client, documents, value):
    assert editor_client.get("/admin/news/article/add/", {"documents": value}).status_code == 200
    article = ArticleFactory()
    response = editor_client.post(
        f"/admin/news/article/{article.pk}/change/", article_form_data(article, documents=[value])
    )
    assert response.status_code == HTTPStatus.OK
    assert "documents" in response.context["adminform"].form.errors
    assert not article.documents.exists()


def test_a_crafted_number_of_file_rows_builds_no_more_than_a_document_holds(editor_client):
    response = editor_client.post(
        f"{LIST_URL}add/",
        {"title": "Berkas banyak", "files-TOTAL_FORMS": "9" * 20, "files-INITIAL_FORMS": "0"},
    )
    assert response.status_code == HTTPStatus.OK
    assert len(response.context["inline_admin_formsets"][0].formset.forms) <= 20
