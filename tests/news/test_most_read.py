"""Most read this week: the weekly totals stay equal to the daily buckets they sum
(news/most_read.py), through beacons, bulk writes, deletions, the window's daily
move, and all of these at once."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from news import most_read
from news.counter import record_view
from news.models import Article, DailyViews, RecentViews, ViewWindow
from tests.factories import ArticleFactory


def window_totals(today):
    """What the week's totals must be: the buckets of the seven days ending today."""
    first_day = today - timedelta(days=most_read.WINDOW_DAYS - 1)
    return dict(
        DailyViews.objects.filter(date__gte=first_day)
        .values_list("article")
        .annotate(total=Sum("views"))
        .filter(total__gt=0)
        .values_list("article", "total")
    )


def kept_totals():
    return dict(RecentViews.objects.filter(views__gt=0).values_list("article", "views"))


def add_views(article, day, count):
    DailyViews.objects.create(article=article, date=day, views=count)


@pytest.mark.django_db
def test_beacons_buckets_and_deletions_keep_the_totals_equal_to_the_buckets():
    today = timezone.localdate()
    most_read.rebuild(today)
    first, second, gone = ArticleFactory(), ArticleFactory(), ArticleFactory()
    for _ in range(3):
        record_view(first.slug)
    record_view(second.slug)
    add_views(second, today - timedelta(days=6), 40)  # the window's first day
    add_views(second, today - timedelta(days=7), 900)  # the day before: outside
    DailyViews.objects.bulk_create(
        DailyViews(article=gone, date=today - timedelta(days=day), views=10) for day in range(10)
    )
    DailyViews.objects.filter(article=second, date=today).update(views=5)
    assert kept_totals() == window_totals(today) == {first.pk: 3, second.pk: 45, gone.pk: 70}

    DailyViews.objects.filter(article=second, date=today - timedelta(days=6)).delete()
    gone.delete()  # its buckets and total go with it
    assert kept_totals() == window_totals(today) == {first.pk: 3, second.pk: 5}


@pytest.mark.django_db
def test_the_window_moves_each_day_and_after_days_without_a_reader():
    today = timezone.localdate()
    article, other = ArticleFactory(), ArticleFactory()
    for day in range(20):
        add_views(article, today - timedelta(days=day), day + 1)
        add_views(other, today - timedelta(days=day), 100 if day == 7 else 0)
    most_read.rebuild(today - timedelta(days=12))

    for later in (11, 10, 4, 3, 0):  # one day, then several at once
        most_read.roll(today - timedelta(days=later))
        assert kept_totals() == window_totals(today - timedelta(days=later))
    assert ViewWindow.objects.get().first_day == today - timedelta(days=6)
    # Nobody read `other` this week: its total is gone, not kept at 0.
    assert RecentViews.objects.filter(article=other).exists() is False


@pytest.mark.django_db
def test_a_database_without_a_window_gets_one_from_its_buckets():
    today = timezone.localdate()
    article = ArticleFactory()
    add_views(article, today - timedelta(days=9), 500)
    add_views(article, today, 7)
    ViewWindow.objects.all().delete()
    RecentViews.objects.all().delete()

    assert list(Article.objects.published().most_read()) == [article]
    assert Article.objects.published().most_read()[0].recent_views == 7
    assert ViewWindow.objects.get().first_day == today - timedelta(days=6)


@pytest.mark.django_db
def test_an_unpublished_article_leaves_the_box_at_once(client):
    read_most, read_less = ArticleFactory(title="Paling ramai"), ArticleFactory(title="Lumayan")
    add_views(read_most, timezone.localdate(), 50)
    add_views(read_less, timezone.localdate(), 20)
    assert [a.pk for a in client.get("/").context["most_read"]] == [read_most.pk, read_less.pk]

    read_most.status = Article.Status.DRAFT
    read_most.save()
    assert [a.pk for a in client.get("/").context["most_read"]] == [read_less.pk]


@pytest.mark.django_db(transaction=True)
def test_beacons_counted_while_the_window_moves_are_all_kept():
    """Readers' beacons on several threads (each its own connection) while another
    moves the window by a day: no view is lost or counted twice."""
    today = timezone.localdate()
    articles = [ArticleFactory() for _ in range(3)]
    for article in articles:
        DailyViews.objects.bulk_create(
            DailyViews(article=article, date=today - timedelta(days=day), views=7)
            for day in range(1, 9)
        )
    most_read.rebuild(today - timedelta(days=1))  # the window as it was yesterday
    beacons = 150
    start = threading.Barrier(5)

    def read(index):
        if index < 4:
            start.wait()
        try:
            return record_view(articles[index % len(articles)].slug)
        finally:
            connection.close()

    def move():
        start.wait()
        try:
            most_read._roll(today)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=5) as pool:
        mover = pool.submit(move)
        counted = list(pool.map(read, range(beacons)))
        mover.result()

    assert None not in counted
    assert ViewWindow.objects.get().first_day == today - timedelta(days=6)
    assert kept_totals() == window_totals(today)
    assert sum(kept_totals().values()) == 3 * 6 * 7 + beacons
