"""The "Related news" of an article page: newest articles sharing a tag or the division.

One hand-written query over published() (publishing/sql.py), where the ORM's
build and compile of the same queryset (an EXISTS subquery, a join, deferred
fields) would run on every first render of an article (bench/RESULTS.md). The
SQL is prepared once per connection; only its parameters change.
"""

from django.contrib.contenttypes.models import ContentType

from publishing.sql import prepared_once, published_sql

from .menu import with_menu_divisions
from .models import Article, card_columns

RELATED_COUNT = 4


def related_articles(article, count=RELATED_COUNT):
    """Up to `count` published articles sharing a tag or the division with `article`.

    Newest first, never `article` itself. Reads article.tag_list
    (ArticleQuerySet.with_tag_list()). EXISTS, not IN: walking the newest
    articles, the first few that qualify end the scan, where IN would first
    collect every article that ever shared one of the tags. The cards' divisions
    come from the menu's list, kept per cache generation: no join.
    """
    tag_ids = [tag["id"] for tag in article.tag_list]
    related = list(
        Article.objects.raw(
            *_related_sql(
                article=article.pk,
                division=article.division_id,
                content_type=ContentType.objects.get_for_model(Article).pk,
                tags=tag_ids,
                count=count,
            )
        )
    )
    return with_menu_divisions(related)


@prepared_once
def _related_sql():
    # Columns and tables from the models' metadata, so a renamed table or
    # column, or a new card field, cannot leave it stale; values are parameters.
    columns = card_columns()
    item = Article.tags.through._meta.db_table
    return f"""
        SELECT {columns}
        FROM ({published_sql(Article.objects.published())}) article
        WHERE article.id <> %(article)s
          AND (
            article.division_id = %(division)s
            OR EXISTS (
              SELECT 1 FROM {item} item
              WHERE item.content_type_id = %(content_type)s
                AND item.object_id = article.id
                AND item.tag_id = ANY(%(tags)s::integer[])
            )
          )
        ORDER BY article.published_at DESC, article.id DESC
        LIMIT %(count)s
    """  # noqa: S608
