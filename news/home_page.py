"""What the home page shows, in one statement: the headline, the latest, the most
read this week and each division's newest.

Four querysets (one of them a union of a subquery per division) cost the home
page more Python time in the ORM's build and compile than PostgreSQL took to
answer them (bench/RESULTS.md, issue 16). Their SQL is written once here over
published() (publishing/sql.py), prepared once per connection, and sent as one
statement; each row says which part of the page it is for.
"""

from dataclasses import dataclass

from publishing.sql import prepared_once, published_sql

from . import most_read
from .menu import menu_divisions, with_menu_divisions
from .models import Article, RecentViews, card_columns

LATEST_COUNT = 6
MOST_READ_COUNT = 5
PER_DIVISION_COUNT = 3


@dataclass
class HomeArticles:
    headline: Article | None
    latest: list
    most_read: list
    # [(division, its newest articles)], in the menu's order, divisions without news left out.
    division_sections: list


def home_articles() -> HomeArticles:
    most_read.roll()
    divisions = menu_divisions()
    rows = Article.objects.raw(
        *_home_sql(
            divisions=[division.pk for division in divisions],
        )
    )
    parts = {"headline": [], "latest": [], "most_read": [], "division": []}
    for article in with_menu_divisions(list(rows)):
        parts[article.home_part].append(article)
    # UNION ALL keeps no order between or within its parts: each is sorted here.
    for part in ("latest", "division"):
        parts[part].sort(key=lambda article: (article.published_at, article.pk), reverse=True)
    parts["most_read"].sort(
        key=lambda article: (article.recent_views, article.published_at), reverse=True
    )
    by_division = {}
    for article in parts["division"]:
        by_division.setdefault(article.division_id, []).append(article)
    return HomeArticles(
        headline=parts["headline"][0] if parts["headline"] else None,
        latest=parts["latest"],
        most_read=parts["most_read"],
        division_sections=[
            (division, by_division[division.pk])
            for division in divisions
            if division.pk in by_division
        ],
    )


@prepared_once
def _home_sql():
    # Columns and tables from the models' metadata; values are parameters but for
    # the counts, constants the plan is made for (publishing/sql.py).
    published = published_sql(Article.objects.published())
    columns = card_columns()
    recent = RecentViews._meta.db_table
    newest = "ORDER BY article.published_at DESC, article.id DESC"
    # Each part is a LIMIT over an index (featured, newest, the week's top, each
    # division's newest); the headline, one row, is read once and left out of
    # the others.
    return f"""
        WITH headline AS (
            SELECT {columns} FROM ({published}) article
            ORDER BY article.featured DESC, article.published_at DESC, article.id DESC
            LIMIT 1
        )
        SELECT 'headline' AS home_part, NULL::integer AS recent_views, {columns}
        FROM headline article
        UNION ALL (
            SELECT 'latest', NULL, {columns} FROM ({published}) article
            WHERE article.id NOT IN (SELECT id FROM headline)
            {newest} LIMIT {LATEST_COUNT}
        )
        UNION ALL (
            SELECT 'most_read', recent.views, {columns}
            FROM {recent} recent JOIN ({published}) article ON article.id = recent.article_id
            WHERE recent.views > 0
            ORDER BY recent.views DESC, article.published_at DESC
            LIMIT {MOST_READ_COUNT}
        )
        UNION ALL
        SELECT 'division', NULL, {card_columns("newest")}
        FROM unnest(%(divisions)s::integer[]) AS division(id)
        CROSS JOIN LATERAL (
            SELECT {columns} FROM ({published}) article
            WHERE article.division_id = division.id
              AND article.id NOT IN (SELECT id FROM headline)
            {newest} LIMIT {PER_DIVISION_COUNT}
        ) newest
    """  # noqa: S608
