"""/cari/ finds every public type in one list, marked by type, with a filter per type."""

import random
import threading
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.db import connection, transaction
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from documents.models import Document, DocumentFile, DocumentPage
from search.engine import _DOCUMENT_MATCHES, search
from tests.factories import ArticleFactory
from tests.pages.conftest import make_page

from .conftest import make_announcement, make_document

pytestmark = pytest.mark.django_db


def kinds(query, kind=None):
    return sorted((hit.kind, hit.title) for hit in search(query, kind)[:100])


def test_each_type_is_found_and_marked(client):
    ArticleFactory(title="Gudang logistik dibuka")
    make_announcement("Lelang logistik pemilu")
    make_page("Logistik", body="<p>Tentang logistik.</p>")
    make_document("Surat keputusan logistik", number="12 Tahun 2024")
    response = client.get("/cari/", {"q": "logistik"})
    assert response.status_code == HTTPStatus.OK
    for mark in ("Berita", "Pengumuman", "Halaman", "Dokumen"):
        assertContains(response, f'<span class="search-result__type">{mark}</span>', html=True)
    assert kinds("logistik") == [
        ("berita", "Gudang logistik dibuka"),
        ("dokumen", "Surat keputusan logistik"),
        ("halaman", "Logistik"),
        ("pengumuman", "Lelang logistik pemilu"),
    ]


def test_each_result_links_where_its_own_page_is():
    """The results' links are the models' get_absolute_url(), a page under another too."""
    items = [
        ArticleFactory(title="Gudang logistik dibuka"),
        make_announcement("Lelang logistik pemilu"),
        make_document("Surat keputusan logistik"),
    ]
    parent = make_page("Profil")
    items.append(make_page("Logistik", parent=parent, body="<p>Tentang logistik.</p>"))
    found = {hit.title: hit.url for hit in search("logistik")[:10]}
    assert found == {item.title: item.get_absolute_url() for item in items}
    assert found["Logistik"] == "/halaman/profil/logistik/"


def test_the_type_filter_shows_one_type_and_counts_each(client):
    ArticleFactory(title="Rapat pleno terbuka")
    make_document("Berita acara rapat pleno")
    response = client.get("/cari/", {"q": "pleno", "jenis": "dokumen"})
    titles = [hit.title for hit in response.context["results"]]
    assert titles == ["Berita acara rapat pleno"]
    assertContains(response, 'href="?q=pleno&amp;jenis=berita"')
    assertContains(response, 'Berita <span class="search-filters__count">(1)</span>', html=True)
    # An unknown type is no filter.
    everything = client.get("/cari/", {"q": "pleno", "jenis": "rahasia"})
    assert len(everything.context["results"]) == 2


def test_a_document_hit_shows_its_number_class_and_the_page_of_the_words(client):
    make_document(
        "Keputusan penetapan",
        number="7 Tahun 2024",
        pages=["Halaman pertama tanpa kata itu.", "Rekapitulasi di kecamatan Panggul."],
    )
    response = client.get("/cari/", {"q": "panggul"})
    assertContains(response, "Nomor 7 Tahun 2024")
    assertContains(response, "setiap saat")
    assertContains(response, '<span class="search-result__page">Halaman 2</span>', html=True)
    assertContains(response, "<mark>Panggul</mark>")


def test_a_document_found_by_its_title_alone_names_no_page(client):
    make_document("Keputusan Panggul", pages=["Tidak ada kata itu di sini."])
    response = client.get("/cari/", {"q": "panggul"})
    assertContains(response, "Keputusan Panggul")
    assertNotContains(response, "search-result__page")


def test_the_best_matching_page_gives_the_snippet():
    make_document("Laporan", pages=["Sekali logistik.", "Logistik logistik logistik gudang."])
    (hit,) = search("logistik")[:1]
    assert hit.page_number == 2


def test_excepted_and_unpublished_items_are_never_found(client):
    secret = "rahasiaku"
    make_document(f"Dokumen {secret}", information_class=Document.InformationClass.EXCEPTED)
    make_document("Dokumen dikecualikan", pages=[secret],
                  information_class=Document.InformationClass.EXCEPTED)  # fmt: skip
    make_document(f"Draf {secret}", status="draft")
    make_document(f"Nanti {secret}", published_at=timezone.now() + timedelta(days=1))
    make_page(f"Halaman {secret}", status="draft")
    make_announcement(f"Pengumuman {secret}", status="draft")
    make_announcement(f"Terjadwal {secret}", published_at=timezone.now() + timedelta(days=1))
    ArticleFactory(title=f"Berita {secret}", published_at=timezone.now() + timedelta(days=1))
    ArticleFactory(title=f"Draf {secret}", status="draft", published_at=None)
    assert kinds(secret) == []
    response = client.get("/cari/", {"q": secret})
    assertNotContains(response, "search-result__title")


def test_an_ended_announcement_is_found_and_marked_ended(client):
    make_announcement("Rekrutmen PPS selesai", ended=True)
    response = client.get("/cari/", {"q": "rekrutmen"})
    assertContains(response, "Rekrutmen PPS selesai")
    assertContains(response, '<span class="search-result__ended">Sudah berakhir</span>', html=True)


# As in production, outside any transaction: the ranked statement sends its time
# limit with it (search/engine.py), where inside one it takes a savepoint more.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("count", [3, 30])
def test_query_count_is_bounded_and_independent_of_results(
    client, count, django_assert_max_num_queries
):
    for index in range(count):
        ArticleFactory(title=f"Logistik {index}")
        make_announcement(f"Logistik {index}")
        make_document(f"Logistik {index}", pages=["logistik"] * 3)
        make_page(f"Logistik {index}")
    client.get("/cari/", {"q": "apa saja"})  # the menu and settings, kept per process
    # ranked ids of every type, the shown results with snippets
    with django_assert_max_num_queries(2):
        assert client.get("/cari/", {"q": "logistik"}).status_code == HTTPStatus.OK
    # and first, with an acronym typed, the rewritten query
    with django_assert_max_num_queries(3):
        assert client.get("/cari/", {"q": "DPT logistik"}).status_code == HTTPStatus.OK


def test_a_document_is_found_by_the_words_of_each_of_its_files_until_one_goes():
    document = make_document("Lampiran", pages=["Sortir surat suara."])
    second = DocumentFile.objects.create(document=document, file="uji/b.pdf", original_name="b")
    DocumentPage.objects.create(file=second, document=document, number=1, text="Lipat kertas.")
    assert kinds("sortir") == kinds("lipat") == [("dokumen", "Lampiran")]
    # As the admin's inline deletes a file: its pages go with it, and their words.
    second.delete()
    assert kinds("lipat") == []
    assert kinds("sortir") == [("dokumen", "Lampiran")]


def test_a_file_s_pages_read_again_replace_its_words():
    document = make_document("Lampiran", pages=["Kata lama."])
    file = document.files.get()
    with transaction.atomic():
        DocumentPage.objects.filter(file=file).delete()
        DocumentPage.objects.create(file=file, document=document, number=1, text="Kata baru.")
    assert kinds("lama") == []
    assert kinds("baru") == [("dokumen", "Lampiran")]


def test_text_found_alone_ranks_after_a_document_s_own_words():
    make_document("Sortir surat suara", published_at=timezone.now() - timedelta(days=9))
    make_document("Lampiran", pages=["Sortir dan lipat."])
    assert [hit.title for hit in search("sortir")[:2]] == ["Sortir surat suara", "Lampiran"]


def test_a_text_too_long_for_one_vector_is_cut_not_refused():
    """Random short words in Chinese characters make a vector over PostgreSQL's 1 MB
    from a million characters: the document keeps a shorter part of its text."""
    rng = random.Random(1)
    letters = "的一是不了人我在有他这中大来上个们到说国和地也子时道出就那要下以会可她"
    pages = [" ".join("".join(rng.choices(letters, k=5)) for _ in range(20_000)) for _ in range(10)]
    pages[0] = f"Lipat {pages[0]}"
    make_document("Lampiran panjang", pages=pages)
    assert kinds("lipat") == [("dokumen", "Lampiran panjang")]


def test_a_document_is_matched_through_the_indexes_of_its_words_and_its_text():
    """The statement's match and the two indexes agree, or PostgreSQL cannot use
    them for a rare word (few rows are read faster without: it is told not to)."""
    make_document("Lampiran", pages=["Sortir dan lipat."])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            f"EXPLAIN SELECT item.id FROM {Document._meta.db_table} item, "  # noqa: S608
            f"(SELECT plainto_tsquery('simple', 'lipat') AS query) q WHERE {_DOCUMENT_MATCHES}"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "BitmapOr" in plan
    assert "Bitmap Index Scan on documents_doc_search_idx" in plan
    assert "Bitmap Index Scan on documents_doc_text_idx" in plan


def test_saving_a_document_loaded_before_its_pages_were_read_keeps_their_words():
    document = make_document("Lampiran", pages=["Kata lama."])
    loaded = Document.objects.get(pk=document.pk)
    file = document.files.get()
    DocumentPage.objects.create(file=file, document=document, number=2, text="Kata baru.")
    loaded.title = "Lampiran diubah"
    loaded.save()
    assert kinds("baru") == [("dokumen", "Lampiran diubah")]


@pytest.mark.django_db(transaction=True)
def test_two_files_of_a_document_read_at_once_both_give_their_words():
    """The second file's pages wait for the first's to commit, then count both."""
    document = make_document("Lampiran")
    first = document.files.get()
    second = DocumentFile.objects.create(document=document, file="uji/b.pdf", original_name="b")
    first_written, second_waits = threading.Event(), threading.Event()

    def write(file, text, before_commit=None):
        try:
            with transaction.atomic():
                DocumentPage.objects.create(file=file, document=document, number=1, text=text)
                if before_commit:
                    before_commit()
        finally:
            connection.close()

    def first_holds_on():
        first_written.set()
        second_waits.wait(timeout=30)

    threads = [threading.Thread(target=write, args=(first, "Sortir.", first_holds_on))]
    threads[0].start()
    first_written.wait(timeout=30)
    threads.append(threading.Thread(target=write, args=(second, "Lipat.")))
    threads[1].start()
    with connection.cursor() as cursor:
        for _attempt in range(3000):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                break
    second_waits.set()
    for thread in threads:
        thread.join(timeout=30)
    assert kinds("sortir") == kinds("lipat") == [("dokumen", "Lampiran")]
