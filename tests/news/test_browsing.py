"""Home sections, month archive, breadcrumbs and related articles."""

from datetime import datetime, timedelta
from http import HTTPStatus
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from news.models import Article, DailyViews
from tests.factories import ArticleFactory, DivisionFactory

pytestmark = pytest.mark.django_db
JAKARTA = ZoneInfo("Asia/Jakarta")


def views(article, day, count):
    DailyViews.objects.create(article=article, date=day, views=count)


def test_most_read_this_week_comes_from_the_daily_buckets(client):
    today = timezone.localdate()
    old_hit = ArticleFactory(title="Ramai bulan lalu")
    weekly = ArticleFactory(title="Ramai minggu ini")
    steady = ArticleFactory(title="Dibaca biasa")
    views(old_hit, today - timedelta(days=8), 5000)  # outside the 7 days
    views(weekly, today, 300)
    views(weekly, today - timedelta(days=6), 200)
    views(steady, today - timedelta(days=1), 120)
    most_read = list(Article.objects.published().most_read())
    assert most_read == [weekly, steady]
    assert most_read[0].recent_views == 500
    response = client.get("/")
    assertContains(response, "Terpopuler minggu ini")
    assertContains(response, "500 kali dibaca")
    assert list(response.context["most_read"]) == [weekly, steady]


def test_home_has_a_section_per_division_with_its_newest(client):
    first, second = DivisionFactory(name="Divisi Satu"), DivisionFactory(name="Divisi Dua")
    now = timezone.now()
    mine = [
        ArticleFactory(division=first, published_at=now - timedelta(hours=hours))
        for hours in range(1, 6)
    ]
    theirs = ArticleFactory(division=second, published_at=now - timedelta(days=3))
    response = client.get("/")
    sections = dict(response.context["division_sections"])
    headline = response.context["headline"]
    assert headline == mine[0]
    assert sections[first] == mine[1:4]  # three newest, the headline not repeated
    assert sections[second] == [theirs]
    assertContains(response, f'href="{first.get_absolute_url()}"')


def test_month_archive_lists_that_months_news_in_local_time(client):
    # 31 May 2022, 23:30 WIB is still May in Jakarta (16:30 UTC).
    may = ArticleFactory(published_at=datetime(2022, 5, 31, 23, 30, tzinfo=JAKARTA))
    june = ArticleFactory(published_at=datetime(2022, 6, 1, 0, 30, tzinfo=JAKARTA))
    response = client.get("/berita/2022/05/")
    assert list(response.context["articles"]) == [may]
    assertContains(response, "<h1>Berita Mei 2022</h1>", html=True)
    assert list(client.get("/berita/2022/06/").context["articles"]) == [june]


@pytest.mark.parametrize("url", ["/berita/2022/13/", "/berita/2022/0/", "/berita/1800/05/"])
def test_impossible_months_are_404(client, db, url):
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_news_list_links_every_month_with_news(client):
    ArticleFactory(published_at=datetime(2024, 2, 14, 9, 0, tzinfo=JAKARTA))
    ArticleFactory(published_at=datetime(2024, 11, 27, 9, 0, tzinfo=JAKARTA))
    response = client.get("/berita/")
    assertContains(response, '<a href="/berita/2024/11/">November 2024</a>', html=True)
    assertContains(response, '<a href="/berita/2024/2/">Februari 2024</a>', html=True)
    assert client.get("/berita/2024/2/").status_code == HTTPStatus.OK


def test_breadcrumbs_lead_home(client, article):
    response = client.get(article.get_absolute_url())
    assertContains(
        response,
        '<nav class="breadcrumbs" aria-label="Remah roti"><ol>'
        '<li><a href="/">Beranda</a></li><li><a href="/berita/">Berita</a></li>'
        f'<li><a href="{article.division.get_absolute_url()}">{article.division.name}</a></li>'
        f'<li><span aria-current="page">{article.title}</span></li></ol></nav>',
        html=True,
    )
    division_page = client.get(article.division.get_absolute_url())
    assertContains(
        division_page, f'<span aria-current="page">{article.division.name}</span>', html=True
    )


def test_related_articles_share_a_tag_or_the_division_newest_first(client):
    now = timezone.now()
    division, elsewhere = DivisionFactory(), DivisionFactory()
    article = ArticleFactory(
        division=division, tags=["logistik"], published_at=now - timedelta(days=1)
    )
    same_tag = ArticleFactory(
        division=elsewhere, tags=["logistik"], published_at=now - timedelta(days=3)
    )
    same_division = ArticleFactory(division=division, published_at=now - timedelta(days=2))
    ArticleFactory(division=elsewhere, tags=["hukum"])  # unrelated
    ArticleFactory(division=division, status="draft", published_at=None)  # unpublished
    response = client.get(article.get_absolute_url())
    assert list(response.context["related"]) == [same_division, same_tag]
    assertContains(response, "Berita terkait")


def test_related_articles_leave_out_the_article_itself_and_what_is_not_out_yet(client):
    now = timezone.now()
    division = DivisionFactory()
    article = ArticleFactory(division=division, tags=["logistik"])
    ArticleFactory(division=division, published_at=now + timedelta(hours=1))  # scheduled
    ArticleFactory(division=division, status="review", published_at=None)
    older = ArticleFactory(
        division=DivisionFactory(), tags=["logistik"], published_at=now - timedelta(days=9)
    )
    response = client.get(article.get_absolute_url())
    assert list(response.context["related"]) == [older]
    # The card names and links its own division, not the page's.
    assertContains(
        response,
        f'<a class="card__division" href="{older.division.get_absolute_url()}">'
        f"{older.division.name}</a>",
        html=True,
    )


def test_related_articles_stop_at_four_newest_first(client):
    division = DivisionFactory()
    article = ArticleFactory(division=division)
    now = timezone.now()
    newest = [
        ArticleFactory(division=division, published_at=now - timedelta(hours=hours))
        for hours in range(1, 7)
    ]
    assert list(client.get(article.get_absolute_url()).context["related"]) == newest[:4]


def test_related_articles_are_looked_for_among_the_newest_only(client, monkeypatch):
    """The walk is bounded: a new division's first article does not make the page read
    every article ever published to find none."""
    monkeypatch.setattr("news.related.RELATED_WINDOW", 3)
    now = timezone.now()
    division = DivisionFactory()
    article = ArticleFactory(division=division, published_at=now - timedelta(hours=1))
    old_neighbour = ArticleFactory(division=division, published_at=now - timedelta(days=30))
    for hours in range(2, 5):  # the three newest but the article itself
        ArticleFactory(division=DivisionFactory(), published_at=now - timedelta(minutes=hours))
    assert list(client.get(article.get_absolute_url()).context["related"]) == []
    monkeypatch.setattr("news.related.RELATED_WINDOW", 10)
    assert list(client.get(article.get_absolute_url()).context["related"]) == [old_neighbour]


def test_article_without_related_news_has_no_empty_section(client, article):
    assertNotContains(client.get(article.get_absolute_url()), "Berita terkait")


@pytest.mark.parametrize("count", [5, 60])
def test_article_page_query_count_does_not_grow_with_related_or_tags(
    client, count, django_assert_max_num_queries
):
    division = DivisionFactory()
    tags = [f"tag-{index}" for index in range(10)]
    article = ArticleFactory(division=division, tags=tags)
    for index in range(count):
        ArticleFactory(division=division, tags=tags[index % 10 :][:3])
    # The article with its linked public documents, related articles; the menu's
    # divisions and pages, the office.
    with django_assert_max_num_queries(5):
        client.get(article.get_absolute_url())


def test_month_page_query_count(client, django_assert_max_num_queries):
    for day in range(1, 25):
        ArticleFactory(published_at=datetime(2024, 3, day, 9, 0, tzinfo=JAKARTA), tags=["a", "b"])
    # Count, page; the menu's divisions and pages, the office's settings.
    with django_assert_max_num_queries(5):
        assert client.get("/berita/2024/03/").status_code == HTTPStatus.OK
