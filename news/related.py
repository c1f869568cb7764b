"""The "Related news" of an article page: newest articles sharing a tag or the division.

One hand-written query over published() (publishing/sql.py), where the ORM's
build and compile of the same queryset (an EXISTS subquery, a join, deferred
fields) would run on every first render of an article (bench/RESULTS.md). The
SQL is prepared once per connection; only its parameters change.
"""

from django.db import connection

from publishing.sql import from_row, prepared_once, published_sql

from .menu import with_menu_divisions
from .models import Article, article_content_type_id, card_columns, card_fields

RELATED_COUNT = 4
# How many of the newest published articles are looked through. Where none of
# them shares the division or a tag (a new division's first article), the walk
# would otherwise read every article: 266 ms at 100,000.
RELATED_WINDOW = 2000
# _related_sql()'s columns, in its order.
CARD_FIELDS = card_fields()


def related_articles(article, count=RELATED_COUNT):
    """Up to `count` published articles sharing a tag or the division with `article`,
    among the RELATED_WINDOW newest.

    Newest first, never `article` itself. Reads article.tag_list
    (ArticleQuerySet.with_tag_list()). EXISTS, not IN: walking the newest
    articles, the first few that qualify end the scan, where IN would first
    collect every article that ever shared one of the tags. The cards' divisions
    come from the menu's list, kept per cache generation: no join.
    """
    tag_ids = [tag["id"] for tag in article.tag_list]
    with connection.cursor() as cursor:
        cursor.execute(
            *_related_sql(
                article=article.pk,
                division=article.division_id,
                content_type=article_content_type_id(),
                tags=tag_ids,
                count=count,
                window=RELATED_WINDOW,
            )
        )
        rows = cursor.fetchall()
    return with_menu_divisions([from_row(Article, CARD_FIELDS, row) for row in rows])


@prepared_once
def _related_sql():
    # Columns and tables from the models' metadata, so a renamed table or
    # column, or a new card field, cannot leave it stale; values are parameters.
    columns = card_columns()
    item = Article.tags.through._meta.db_table
    return f"""
        SELECT {columns}
        FROM (
          SELECT * FROM ({published_sql(Article.objects.published())}) newest
          ORDER BY newest.published_at DESC, newest.id DESC
          LIMIT %(window)s
        ) article
        WHERE article.id <> %(article)s
          AND (
            article.division_id = %(division)s
            OR EXISTS (
              SELECT 1 FROM {item} item
              WHERE item.content_type_id = %(content_type)s
                AND item.object_id = article.id
                AND item.tag_id = ANY(%(tags)s::integer[])
              -- OFFSET 0 keeps the EXISTS a probe per article walked: without it
              -- PostgreSQL makes it a hashed IN (EXPLAIN: "hashed SubPlan") that
              -- first reads every item of the tags, 0.4 ms against the walk's
              -- 0.05 at 10,000 articles, and growing with them.
              OFFSET 0
            )
          )
        ORDER BY article.published_at DESC, article.id DESC
        LIMIT %(count)s
    """  # noqa: S608
