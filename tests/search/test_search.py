"""The search's matching, ranking, snippets and hostile input (moved from tests/news/)."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.db import connection
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from news.models import Article
from search import engine
from search.engine import search
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def found(query):
    return [hit.url.split("/")[-2] for hit in search(query)[:100]]


def test_stems_find_inflected_words():
    ArticleFactory(slug="suara", title="Warga menyuarakan harapan", lead="x", body="<p>Isi.</p>")
    ArticleFactory(slug="lain", title="Distribusi logistik", lead="y", body="<p>Kotak.</p>")
    assert found("suara") == ["suara"]


def test_an_exact_word_the_stemmer_mangles_still_finds_itself():
    ArticleFactory(slug="penetapan", title="KPU menetapkan daftar pemilih tetap", body="<p>x</p>")
    assert found("menetapkan") == ["penetapan"]


def test_title_outranks_lead_outranks_body():
    now = timezone.now()
    in_body = ArticleFactory(slug="body", title="A", lead="b", body="<p>rekapitulasi</p>")
    in_lead = ArticleFactory(slug="lead", title="A", lead="rekapitulasi", body="<p>c</p>")
    in_title = ArticleFactory(slug="title", title="Rekapitulasi", lead="b", body="<p>c</p>")
    for article in (in_body, in_lead, in_title):
        Article.objects.filter(pk=article.pk).update(published_at=now - timedelta(hours=1))
    assert found("rekapitulasi") == ["title", "lead", "body"]


def test_matches_in_the_body_alone_come_after_the_others_the_newest_first():
    """The title and lead say what an article is about: a body that repeats the word
    more often ranks no higher (search/engine.py ranks by the rank_vector)."""
    now = timezone.now()
    for slug, body, days in (
        ("older-body", "rekapitulasi rekapitulasi rekapitulasi", 3),
        ("newer-body", "rekapitulasi", 1),
    ):
        ArticleFactory(
            slug=slug,
            title="A",
            lead="b",
            body=f"<p>{body}</p>",
            published_at=now - timedelta(days=days),
        )
    ArticleFactory(
        slug="old-lead", title="A", lead="rekapitulasi", published_at=now - timedelta(days=9)
    )
    assert found("rekapitulasi") == ["old-lead", "newer-body", "older-body"]


def test_only_published_articles_are_found():
    ArticleFactory(slug="terbit", title="Sosialisasi pemilih")
    ArticleFactory(slug="draf", title="Sosialisasi pemilih", status="draft", published_at=None)
    ArticleFactory(
        slug="nanti", title="Sosialisasi pemilih", published_at=timezone.now() + timedelta(days=1)
    )
    assert found("sosialisasi") == ["terbit"]


def test_search_page_highlights_matches_and_escapes_everything_else(client):
    ArticleFactory(
        title="Pleno <script>alert(1)</script> rekapitulasi",
        lead="Ringkasan <b>tebal</b> rekapitulasi suara, selisih 5 < 7",
        body="<p>Rapat rekapitulasi &amp; penetapan.</p>",
    )
    response = client.get("/cari/", {"q": "rekapitulasi"})
    assert response.status_code == HTTPStatus.OK
    assertContains(response, "<mark>rekapitulasi</mark>")
    assertNotContains(response, "<script>alert(1)</script>")
    assertNotContains(response, "<b>tebal</b>")
    assertContains(response, "5 &lt; 7")
    assertContains(response, "Hasil ditemukan: 1.")


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 5000,
        '"""',
        "' OR 1=1; DROP TABLE news_article; --",
        "suara & | ! ( ) <-> :*",
        "-",
        "OR",
        "\x00\x01 suara",
        "\x00",
        '& | ! ( ) <-> :* " - OR',
        "DPT " * 3000,
        "🗳️ pemilu",
        "انتخابات",
    ],
)
def test_odd_queries_give_a_sensible_page(client, article, query):
    response = client.get("/cari/", {"q": query})
    assert response.status_code == HTTPStatus.OK
    assert Article.objects.filter(pk=article.pk).exists()


def test_long_query_is_cut_and_the_reader_is_told(client, article):
    response = client.get("/cari/", {"q": "suara " * 1000})
    assertContains(response, "Kata kunci dipotong menjadi 200 karakter.")
    assert len(response.context["query"]) <= 200


def test_empty_query_shows_the_form_only(client, article):
    response = client.get("/cari/")
    assertContains(response, "<h1>Cari di situs</h1>", html=True)
    assertNotContains(response, "Hasil ditemukan")


def test_results_paginate_and_keep_the_query(client):
    for index in range(12):
        ArticleFactory(title=f"Bimtek KPPS gelombang {index}")
    first = client.get("/cari/", {"q": "bimtek"})
    assertContains(first, 'href="?q=bimtek&amp;page=2"')
    second = client.get("/cari/", {"q": "bimtek", "page": "2"})
    assert len(second.context["results"]) == 2
    for page in ("9", "-1", "0", "abc"):
        response = client.get("/cari/", {"q": "bimtek", "page": page})
        assert response.status_code == HTTPStatus.NOT_FOUND


def test_search_pages_set_no_cookie_and_are_not_indexed(client, article):
    response = client.get("/cari/", {"q": "rapat"})
    assert response.cookies == {}
    assertContains(response, '<meta name="robots" content="noindex, follow">')


def test_a_very_common_word_ranks_the_newest_matches(client, monkeypatch):
    """Past MAX_RESULTS matches, the best of the newest are shown, and the page says so."""
    monkeypatch.setattr("search.engine.MAX_RESULTS", 3)
    now = timezone.now()
    oldest_best = ArticleFactory(title="Pemilu pemilu pemilu", published_at=now - timedelta(days=9))
    for days in range(1, 5):
        ArticleFactory(
            title=f"Kabar {days}", lead="Tentang pemilu.", published_at=now - timedelta(days=days)
        )
    best_new = ArticleFactory(
        title="Pemilu serentak", published_at=now - timedelta(days=2, hours=1)
    )

    response = client.get("/cari/", {"q": "pemilu"})

    slugs = [hit.url.split("/")[-2] for hit in response.context["results"]]
    assert len(slugs) == 3
    assert slugs[0] == best_new.slug
    assert oldest_best.slug not in slugs
    assertContains(response, 'Berita <span class="search-filters__count">(3+)</span>', html=True)


def test_a_snippet_never_shows_a_tag_cut_at_the_searched_length(monkeypatch):
    monkeypatch.setattr("search.engine.SNIPPET_BODY_CHARACTERS", 40)
    ArticleFactory(
        title="Logistik",
        lead="Distribusi logistik.",
        body='<p>Gudang logistik dibuka.</p><p><a href="https://kpu.example/berkas">unduh</a></p>',
    )
    (hit,) = search("logistik")[:1]
    assert "dibuka" in hit.snippet
    assert "<" not in hit.snippet
    assert "href" not in hit.snippet


def show_statement_timeout():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


def slowed(statement):
    """The ranked statement, made to outlast any time limit (pg_sleep once)."""

    def run(**values):
        sql, params = statement(**values)
        return f"SELECT ranked.* FROM ({sql}) ranked, pg_sleep(5)", params  # noqa: S608

    return run


@pytest.mark.parametrize(
    "where",
    [
        "inside a transaction",
        pytest.param("autocommit, as in production", marks=pytest.mark.django_db(transaction=True)),
    ],
)
def test_a_search_past_its_time_limit_looks_through_the_newest_items_alone(
    client, monkeypatch, where
):
    """A phrase of words found on most pages is checked in every item holding them
    (search/engine.py): stopped after SEARCH_TIME_LIMIT_MS, the search is answered
    from each type's SEARCH_WINDOW newest items, and the page says so."""
    now = timezone.now()
    ArticleFactory(title="Daftar pemilih tetap ditetapkan", published_at=now - timedelta(days=30))
    newest = [
        ArticleFactory(
            slug=f"dpt-kecamatan-{days}",
            title=f"Daftar pemilih tetap kecamatan {days}",
            published_at=now - timedelta(days=days),
        )
        for days in (1, 2)
    ]
    ArticleFactory(title="Rapat koordinasi logistik", published_at=now)
    monkeypatch.setattr("search.engine.SEARCH_WINDOW", 3)
    monkeypatch.setattr("search.engine._RANKED", tuple(map(slowed, engine._RANKED)))

    response = client.get("/cari/", {"q": '"daftar pemilih tetap"'})

    assert response.status_code == HTTPStatus.OK
    assert [hit.url for hit in response.context["results"]] == [
        article.get_absolute_url() for article in newest
    ]
    assertContains(response, "hanya 3 isi terbaru dari tiap jenis yang diperiksa: 2 ditemukan")
    # The limit was the stopped statement's alone.
    assert show_statement_timeout() == "0"
    assert search("logistik")[:1][0].title == "Rapat koordinasi logistik"


@pytest.mark.parametrize(
    "where",
    [
        "inside a transaction",
        pytest.param("autocommit, as in production", marks=pytest.mark.django_db(transaction=True)),
    ],
)
def test_a_usual_search_is_whole_and_leaves_no_time_limit_behind(client, where):
    ArticleFactory(title="Daftar pemilih tetap ditetapkan")
    results = search('"daftar pemilih tetap"')
    assert len(results) == 1
    assert not results.limited
    assert show_statement_timeout() == "0"
    assertNotContains(client.get("/cari/", {"q": "DPT"}), "isi terbaru dari tiap jenis")
