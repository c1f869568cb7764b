"""The article change list at any size: no count of the whole table per page,
pages, filters and search that still find the right articles, through indexes
(news/admin.py, publishing/admin_paginator.py). Timings: bench/admin_timing.py."""

import re
from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from news import admin as news_admin
from news.models import Article
from publishing.admin import PublishableAdmin
from publishing.admin_paginator import CappedCountPaginator, EstimatedCount
from tests.factories import ArticleFactory, AuthorFactory, DivisionFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/news/article/"
WHOLE_TABLE_COUNT = re.compile(r'SELECT COUNT\(\*\)(?: AS "__count")? FROM "news_article"\s*$')


def listed(response):
    """Titles on the change list's page, in order."""
    return [str(article) for article in response.context["cl"].result_list]


def newest_first(count, **fields):
    """`count` articles an hour apart, the first the newest."""
    now = timezone.now()
    return [
        ArticleFactory(
            title=f"{fields.pop('title_prefix', 'Kabar')} nomor {n}",
            published_at=now - timedelta(hours=n + 1),
            **fields,
        )
        for n in range(count)
    ]


@pytest.fixture
def two_per_page(monkeypatch):
    monkeypatch.setattr(news_admin.ArticleAdmin, "list_per_page", 2)


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def test_change_list_never_counts_the_whole_table(editor_client):
    newest_first(3)
    for query in ("", "?status=terbit", "?p=2", "?q=kabar"):
        with CaptureQueriesContext(connection) as queries:
            response = editor_client.get(CHANGELIST + query)
        assert response.status_code == 200
        counts = [q["sql"] for q in queries if WHOLE_TABLE_COUNT.search(q["sql"])]
        assert counts == [], query


def test_pages_hold_the_right_articles_and_say_how_many(editor_client, two_per_page):
    articles = newest_first(5)
    response = editor_client.get(CHANGELIST, {"p": 2})
    assert listed(response) == [articles[2].title, articles[3].title]
    assert response.context["cl"].result_count == 5
    last = editor_client.get(CHANGELIST, {"p": 3})
    assert listed(last) == [articles[4].title]
    assert editor_client.get(CHANGELIST, {"p": 4}).status_code == 302  # past the end: ?e=1


def test_a_list_past_the_exact_count_says_about_and_still_pages(
    editor_client, two_per_page, monkeypatch
):
    monkeypatch.setattr(CappedCountPaginator, "exact_up_to", 3)
    articles = newest_first(7)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE news_article")  # the planner's estimate, as in production
    response = editor_client.get(CHANGELIST, {"p": 2})
    count = response.context["cl"].result_count
    assert isinstance(count, EstimatedCount)
    assert count >= 4
    assert str(count) in response.content.decode()
    assert listed(response) == [articles[2].title, articles[3].title]
    assert listed(editor_client.get(CHANGELIST, {"p": 4})) == [articles[6].title]


def test_filters_find_their_articles(editor_client):
    division, author = DivisionFactory(), AuthorFactory()
    in_review = ArticleFactory(title="Menunggu tinjauan", status=Article.Status.REVIEW)
    draft = ArticleFactory(title="Masih draf", status=Article.Status.DRAFT, published_at=None)
    featured = ArticleFactory(title="Berita utama", featured=True)
    of_division = ArticleFactory(title="Dari divisi", division=division)
    of_author = ArticleFactory(title="Dari penulis", author=author)
    scheduled = ArticleFactory(
        title="Terbit besok", published_at=timezone.now() + timedelta(days=1)
    )
    everything = {in_review, draft, featured, of_division, of_author, scheduled}
    expected = {
        "status=tinjauan": {in_review},
        "status=draf": {draft},
        "status=terjadwal": {scheduled},
        "status=terbit": {featured, of_division, of_author},
        "featured__exact=1": {featured},
        f"division__id__exact={division.pk}": {of_division},
        f"author__id__exact={author.pk}": {of_author},
        "": everything,
    }
    for query, articles in expected.items():
        response = editor_client.get(f"{CHANGELIST}?{query}")
        assert set(listed(response)) == {a.title for a in articles}, query


def test_the_month_of_the_date_hierarchy_lists_its_articles(editor_client):
    # Mid-month, last month: the same month in UTC and in Jakarta, whenever the test runs.
    moment = (timezone.localtime().replace(day=1) - timedelta(days=10)).replace(hour=12)
    this_month = ArticleFactory(title="Bulan ini", published_at=moment)
    ArticleFactory(title="Tahun lalu", published_at=moment - timedelta(days=400))
    response = editor_client.get(
        CHANGELIST,
        {"published_at__year": moment.year, "published_at__month": moment.month},
    )
    assert listed(response) == [this_month.title]


@pytest.mark.parametrize("by_key_up_to", [news_admin.SEARCH_BY_KEY_UP_TO, 0])
def test_search_finds_words_and_their_beginnings_in_title_lead_and_address(
    editor_client, monkeypatch, by_key_up_to
):
    # Both ways the search reads: by the keys it found, or by the index itself.
    monkeypatch.setattr(news_admin, "SEARCH_BY_KEY_UP_TO", by_key_up_to)
    pleno = ArticleFactory(
        title="Rapat Pleno Terbuka Rekapitulasi Suara",
        slug="rapat-pleno-kecamatan",
        lead="Hasil penghitungan di tingkat kecamatan.",
    )
    logistik = ArticleFactory(
        title="Distribusi logistik pemilu",
        slug="distribusi-logistik",
        lead="Kotak suara tiba di gudang.",
        body="<p>Rapat pleno berikutnya pekan depan.</p>",
    )
    expected = {
        "pleno": {pleno},  # a word of the title (not of the other's body)
        "Rapat Ple": {pleno},  # the last word only begun, any case
        "rekapitulasi suara": {pleno},
        "penghitungan": {pleno},  # the lead
        "kecamatan": {pleno},  # the lead and the address
        "suara": {pleno, logistik},
        "gudang kotak": {logistik},  # words in any order
        "distribusi-logistik": {logistik},  # the address
        "https://kpu.example/berita/distribusi-logistik/": {logistik},  # a pasted link
        "pleno logistik": set(),  # every word must be there
        "sidalih": set(),
        "!!!": {pleno, logistik},  # no word: no search
    }
    for term, articles in expected.items():
        response = editor_client.get(CHANGELIST, {"q": term})
        assert response.status_code == 200
        assert set(listed(response)) == {a.title for a in articles}, term


def test_search_keeps_the_filters(editor_client):
    draft = ArticleFactory(title="Rapat pleno draf", status=Article.Status.DRAFT)
    ArticleFactory(title="Rapat pleno terbit")
    response = editor_client.get(CHANGELIST, {"q": "pleno", "status": "draf"})
    assert listed(response) == [draft.title]


def test_writers_see_only_their_own_articles(writer, other_writer, two_per_page):
    own = newest_first(3, created_by=writer, status=Article.Status.DRAFT)
    newest_first(3, created_by=other_writer, status=Article.Status.DRAFT)
    client = client_of(writer)
    first, second = client.get(CHANGELIST), client.get(CHANGELIST, {"p": 2})
    assert first.context["cl"].result_count == 3
    assert listed(first) + listed(second) == [article.title for article in own]
    found = client.get(CHANGELIST, {"q": "kabar"})
    assert found.context["cl"].result_count == 3
    assert listed(found) == [article.title for article in own[:2]]


def test_the_list_costs_the_same_queries_for_more_articles(editor_client):
    newest_first(2)
    with CaptureQueriesContext(connection) as few:
        editor_client.get(CHANGELIST)
    newest_first(20, title_prefix="Lagi")
    with CaptureQueriesContext(connection) as many:
        editor_client.get(CHANGELIST)
    assert len(many) == len(few)


def test_the_history_pages_its_revisions_with_the_same_paginator(editor):
    assert PublishableAdmin.paginator is CappedCountPaginator
    article = ArticleFactory()
    response = client_of(editor).get(reverse("admin:news_article_history", args=[article.pk]))
    assert response.status_code == 200


def test_each_row_has_the_checkbox_the_actions_read(editor_client):
    article = ArticleFactory(title='Rapat <b>"pleno"</b> & lainnya')
    response = editor_client.get(CHANGELIST)
    django_own = ModelAdmin.action_checkbox(admin.site.get_model_admin(Article), article)
    assert django_own in response.content.decode()
