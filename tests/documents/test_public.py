"""The public documents: the list and its filters, a document's page, where it is
referenced, the article's "Dokumen terkait", the sitemap, and an excepted
document that no anonymous request reaches by any address."""

from datetime import date, timedelta
from http import HTTPStatus

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from announcements.models import Announcement
from documents.models import Document, InformationClass
from tests.documents.conftest import add_preview, attach, make_document
from tests.factories import ArticleFactory, DivisionFactory

pytestmark = pytest.mark.django_db


# --- The list ----------------------------------------------------------------


def test_list_shows_public_documents_only(client, document, excepted):
    draft = make_document(title="Rancangan Keputusan", slug="rancangan", status="draft")
    scheduled = make_document(
        title="Keputusan Terjadwal",
        slug="terjadwal",
        published_at=timezone.now() + timedelta(days=1),
    )
    page = client.get("/dokumen/")
    assert page.status_code == HTTPStatus.OK
    assertContains(page, document.title)
    assertContains(page, f'href="{document.get_absolute_url()}"')
    for hidden in (excepted, draft, scheduled):
        assertNotContains(page, hidden.title)
        assertNotContains(page, hidden.slug)


def test_list_filters_by_class_year_and_division(client):
    division = DivisionFactory(name="Divisi Hukum", slug="hukum")
    periodic = make_document(
        title="Laporan Tahunan", information_class=InformationClass.PERIODIC, division=division
    )
    immediate = make_document(
        title="Pemindahan TPS",
        information_class=InformationClass.IMMEDIATE,
        document_date=date(2023, 2, 1),
    )
    assert {d.title for d in client.get("/dokumen/?kelas=berkala").context["documents"]} == {
        periodic.title
    }
    assert {d.title for d in client.get("/dokumen/?tahun=2023").context["documents"]} == {
        immediate.title
    }
    assert {d.title for d in client.get("/dokumen/?divisi=hukum").context["documents"]} == {
        periodic.title
    }
    both = client.get("/dokumen/?kelas=serta_merta&tahun=2024")
    assert list(both.context["documents"]) == []
    assertContains(both, "Tidak ada dokumen")
    # An empty choice ("Semua") is no filter.
    assert len(client.get("/dokumen/?kelas=&tahun=&divisi=").context["documents"]) == 2


@pytest.mark.parametrize(
    "query",
    [
        "kelas=dikecualikan",
        "kelas=rahasia",
        "kelas=%3Cscript%3E",
        "tahun=abc",
        "tahun=99999",
        "tahun=1800",
        "divisi=tidak-ada",
        "divisi=" + "a" * 500,
        "page=0",
        "page=abc",
        "page=99",
    ],
)
def test_a_filter_or_page_that_names_nothing_is_404(client, document, query):
    assert client.get(f"/dokumen/?{query}").status_code == HTTPStatus.NOT_FOUND


def test_list_paginates_and_keeps_the_filters(client):
    division = DivisionFactory()
    for number in range(25):
        make_document(
            title=f"Keputusan nomor {number}",
            slug=f"keputusan-{number}",
            division=division,
            information_class=InformationClass.PERIODIC,
        )
    first = client.get("/dokumen/?kelas=berkala")
    assert len(first.context["documents"]) == 20
    assertContains(first, 'href="?kelas=berkala&amp;page=2"')
    second = client.get("/dokumen/?kelas=berkala&page=2")
    assert len(second.context["documents"]) == 5
    assertContains(second, 'href="/dokumen/?kelas=berkala"')


def test_each_filtered_list_is_its_own_cached_page(client, settings):
    """A cached /dokumen/ is never served for /dokumen/?kelas=…, nor the reverse."""
    settings.PAGE_CACHE_SECONDS = 60
    make_document(title="Laporan Berkala", information_class=InformationClass.PERIODIC)
    make_document(title="Daftar Setiap Saat", information_class=InformationClass.ANY_TIME)
    assertContains(client.get("/dokumen/"), "Daftar Setiap Saat")
    filtered = client.get("/dokumen/?kelas=berkala")
    assertNotContains(filtered, "Daftar Setiap Saat")
    again = client.get("/dokumen/?kelas=berkala")
    assert again["X-Page-Cache"] == "hit"
    assertNotContains(again, "Daftar Setiap Saat")
    assertContains(client.get("/dokumen/"), "Daftar Setiap Saat")


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_count_does_not_grow_with_documents(
    client, count, django_assert_max_num_queries
):
    division = DivisionFactory()
    for number in range(count):
        attach(
            make_document(title=f"Dokumen {number}", slug=f"dokumen-{number}", division=division)
        )
    # Count, page (with divisions), files; the years and the divisions of the
    # filters; what every page draws (menu, office settings and links).
    with django_assert_max_num_queries(9):
        assert client.get("/dokumen/").status_code == HTTPStatus.OK
    # Drawn again in the same generation: count, page and files only.
    with django_assert_max_num_queries(3):
        assert client.get("/dokumen/").status_code == HTTPStatus.OK


# --- A document's page ---------------------------------------------------------


def test_document_page_shows_what_a_reader_needs(client, document):
    file = add_preview(attach(document, name="Keputusan DPT 2024.pdf", page_count=3))
    Document.objects.filter(pk=document.pk).update(download_count=1234)
    page = client.get("/dokumen/keputusan-penetapan-daftar-pemilih-tetap/")
    assert page.status_code == HTTPStatus.OK
    assertContains(page, "<h1>Keputusan Penetapan Daftar Pemilih Tetap</h1>", html=True)
    assertContains(page, "45 Tahun 2024")
    assertContains(page, "20 September 2024")
    assertContains(page, "Tersedia setiap saat")
    assertContains(page, document.division.name)
    assertContains(page, "Penetapan jumlah pemilih per kecamatan.")
    assertContains(page, "Keputusan DPT 2024.pdf")
    assertContains(page, "3 halaman")
    assertContains(page, "Diunduh 1.234 kali")
    assertContains(page, f'href="/dokumen/{document.slug}/unduh/{file.pk}/"')
    assertContains(page, f'src="/dokumen/{document.slug}/pratinjau/{file.pk}/"')


def test_document_text_is_escaped(client):
    document = make_document(
        title="<script>alert(1)</script>", slug="skrip", description="<img src=x onerror=y>"
    )
    page = client.get(document.get_absolute_url())
    assertNotContains(page, "<script>alert(1)</script>")
    assertNotContains(page, "<img src=x")
    assertContains(page, "&lt;script&gt;alert(1)&lt;/script&gt;")


def test_page_names_the_public_articles_and_announcements_that_reference_it(client, document):
    linking = ArticleFactory(title="Pleno penetapan DPT digelar")
    draft = ArticleFactory(title="Draf berita DPT", status="draft")
    linking.documents.add(document)
    draft.documents.add(document)
    announcement = Announcement.objects.create(
        title="Pengumuman DPT Pemilihan 2024",
        slug="pengumuman-dpt",
        body="<p>DPT telah ditetapkan.</p>",
        division=document.division,
        valid_from=timezone.now() - timedelta(days=1),
        valid_until=timezone.now() + timedelta(days=5),
        status="published",
        published_at=timezone.now() - timedelta(hours=2),
    )
    announcement.documents.add(document)
    page = client.get(document.get_absolute_url())
    assertContains(page, "Dirujuk dalam")
    assertContains(page, f'href="{linking.get_absolute_url()}"')
    assertContains(page, f'href="{announcement.get_absolute_url()}"')
    assertNotContains(page, "Draf berita DPT")


def test_document_page_query_count(client, document, django_assert_max_num_queries):
    add_preview(attach(document))
    attach(document, name="lampiran.pdf")
    for number in range(5):
        ArticleFactory(title=f"Berita {number}").documents.add(document)
    # The document with its division, its files, the articles and the
    # announcements linking it; what every page draws.
    with django_assert_max_num_queries(8):
        assert client.get(document.get_absolute_url()).status_code == HTTPStatus.OK


# --- The article's "Dokumen terkait" ----------------------------------------------


def test_article_lists_its_public_documents_only(client, document, excepted):
    draft = make_document(title="Rancangan Keputusan", slug="rancangan", status="draft")
    article = ArticleFactory()
    article.documents.add(document, excepted, draft)
    page = client.get(article.get_absolute_url())
    assertContains(page, "Dokumen terkait")
    assertContains(page, f'href="{document.get_absolute_url()}"')
    assertNotContains(page, excepted.slug)
    assertNotContains(page, "Rancangan Keputusan")
    alone = ArticleFactory()
    assertNotContains(client.get(alone.get_absolute_url()), "Dokumen terkait")


# --- Excepted: no address reaches it ----------------------------------------------


def excepted_addresses(document):
    file = document.files.get()
    return [
        document.get_absolute_url(),
        f"/dokumen/{document.slug}/pratinjau/{file.pk}/",
        f"/dokumen/{document.slug}/unduh/{file.pk}/",
    ]


def test_no_anonymous_request_reaches_an_excepted_document(client, excepted, document):
    for url in excepted_addresses(excepted):
        for method in (client.get, client.head):
            assert method(url).status_code == HTTPStatus.NOT_FOUND, url
    # Nor through another document's address, nor listed anywhere.
    file = excepted.files.get()
    assert client.get(f"/dokumen/{document.slug}/unduh/{file.pk}/").status_code == 404
    assert client.get(f"/dokumen/{document.slug}/pratinjau/{file.pk}/").status_code == 404
    for url in ("/dokumen/", "/dokumen/?tahun=2024", "/sitemap.xml", "/sitemap-dokumen.xml"):
        response = client.get(url)
        assert excepted.slug.encode() not in response.content, url
        assert excepted.title.encode() not in response.content, url
    assert document.slug.encode() in client.get("/sitemap.xml").content


def test_a_published_excepted_document_stays_hidden_from_a_writer(client, excepted, writer):
    client.force_login(writer)
    for url in excepted_addresses(excepted):
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND, url


def test_staff_see_an_excepted_document_marked_as_such(client, excepted, editor):
    client.force_login(editor)
    page = client.get(excepted.get_absolute_url())
    assert page.status_code == HTTPStatus.OK
    assertContains(page, "Informasi dikecualikan")
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert "private" in page["Cache-Control"]
    for url in excepted_addresses(excepted)[1:]:
        assert client.get(url).status_code == HTTPStatus.OK, url


def test_a_writer_sees_their_own_draft(client, writer):
    draft = make_document(title="Draf Milik Penulis", slug="draf-penulis", status="draft")
    draft.created_by = writer
    draft.save()
    client.force_login(writer)
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.OK
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
