"""bench/loader.py: the data `make bench` measures, loaded in bulk, must be a site the
pages and the admin can use as they are."""

import json
import random
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from bench import loader
from news import most_read
from news.models import Article, DailyViews, RecentViews

pytestmark = pytest.mark.django_db(transaction=True)

ARTICLES = loader.MIN_ARTICLES


def schema():
    """Every index and constraint of the tables the loader fills in bulk."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
            "UNION ALL SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = ANY(%s::regclass[])",
            [list(loader.BULK_TABLES), list(loader.BULK_TABLES)],
        )
        return sorted(row[0] for row in cursor.fetchall())


def marker():
    with connection.cursor() as cursor:
        return loader.database_state(cursor)[0]


@pytest.fixture
def loaded():
    before = schema()
    loader.load(random.Random(1), loader.Scale(ARTICLES), loader.Timer())
    return before


def test_the_load_keeps_every_index_and_constraint_of_the_migrations(loaded):
    assert schema() == loaded


def test_every_article_is_published_with_a_bucket_for_each_day_and_their_total(loaded):
    assert Article.objects.published().count() == ARTICLES
    assert DailyViews.objects.count() == ARTICLES * loader.DAYS_OF_VIEWS
    totals = dict(
        DailyViews.objects.values("article")
        .annotate(total=Sum("views"))
        .values_list("article", "total")
    )
    assert dict(Article.objects.values_list("pk", "view_count")) == totals
    assert all(3 <= article.tags.count() <= 5 for article in Article.objects.all()[:50])


def test_the_most_read_box_counts_the_loaded_week(loaded):
    week = DailyViews.objects.filter(
        date__gt=timezone.localdate() - timedelta(days=most_read.WINDOW_DAYS)
    )
    totals = dict(
        week.values("article").annotate(total=Sum("views")).values_list("article", "total")
    )
    recent = dict(RecentViews.objects.values_list("article", "views"))
    assert recent == {article: total for article, total in totals.items() if total}


def test_an_article_written_after_the_load_gets_a_new_id(loaded):
    last = Article.objects.latest("pk")
    article = Article.objects.create(
        title="Baru",
        slug="baru",
        lead="Baru.",
        body="<p>Baru.</p>",
        author=last.author,
        division=last.division,
    )
    assert article.pk > last.pk


def test_every_target_page_answers(loaded, client, tmp_path):
    loader.write_targets(tmp_path / "targets.json", tmp_path / "paths.txt")
    targets = json.loads((tmp_path / "targets.json").read_text())
    pages = ["article", "division", "division_feed", "tag", "author", "month"]
    for page in pages:
        assert client.get(targets[page]).status_code == 200, page
    paths = (tmp_path / "paths.txt").read_text().split()
    assert len(paths) == ARTICLES
    assert client.get(paths[0]).status_code == 200


def test_the_load_marks_the_database_with_its_scale(loaded, tmp_path):
    assert marker() == f"kpu_site bench data v4, {ARTICLES} articles, {loader.DOCUMENTS} documents"
    # Asked for another scale, the loader refuses and says how to start again.
    arguments = [str(tmp_path / "t.json"), str(tmp_path / "p.txt"), "--articles", "1000"]
    with pytest.raises(SystemExit, match="BENCH_REBUILD=1"):
        loader.main(arguments)
    assert Article.objects.count() == ARTICLES
