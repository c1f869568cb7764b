"""A tag's page (/tag/<slug>/): its address, the tag, and a page of its news.

The ORM wrote the page's ids as a join of every published article to the tag's
links, planned afresh on each render: at 10,000 articles PostgreSQL hashed all
of them to find a tag's few hundred, 2 ms of planning and 3.5 of running
(bench/RESULTS.md, issues 15 and 16). Prepared once per connection, the same
question starts from the tag's links and looks up each one's article by id,
0.6 ms in all: its cost follows the tag's size, not the table's. It reads the
page's cards too, so the page costs one query as every other list's does.
"""

import functools

from django.db import connection
from django.urls import reverse
from taggit.models import Tag

from publishing.page_cache import keep
from publishing.sql import from_row, prepared_once, published_sql

from .menu import with_menu_divisions
from .models import Article, article_content_type_id, card_columns, card_fields, published_tags

# _tagged_page_sql()'s columns, in its order.
CARD_FIELDS = card_fields()


@functools.lru_cache(maxsize=4096)
def tag_url(slug):
    """The tag page's path: reversed once per process and slug, as every article
    page links its tags (a path never changes while the process runs)."""
    return reverse("news:tag", kwargs={"slug": slug})


def published_tag(slug):
    """The tag with this slug if a published article carries it (published_tags()),
    else None. Kept per cache generation: publishing or a go-live starts a new one.
    """
    return keep(("published-tag", slug), lambda: published_tags().filter(slug=slug).first())


# The articles tagged %(slug)s, as a condition on `article` (a row of published()),
# here and in the tag's feeds (news/feeds.py). Joined to the tag by its slug: the
# plan, made once for every tag (publishing/sql.py), then starts from the tag's
# links and looks up each one's article. Given the tag's id, it hashed every
# published article instead; and with the id unknown when it plans (a
# subquery), it walks every published article, newest first, asking each.
WITH_TAG = f"""
    article.id IN (
        SELECT item.object_id
        FROM {Article.tags.through._meta.db_table} item
        JOIN {Tag._meta.db_table} tag ON tag.id = item.tag_id
        WHERE item.content_type_id = %(content_type)s AND tag.slug = %(slug)s
    )
"""  # noqa: S608 (table names from the models; values are parameters)


@prepared_once
def _tagged_page_sql():
    return f"""
        SELECT {card_columns()}
        FROM ({published_sql(Article.objects.published())}) article
        WHERE {WITH_TAG}
        ORDER BY article.published_at DESC, article.id DESC
        OFFSET %(offset)s
        LIMIT %(length)s
    """  # noqa: S608 (tables and columns from the models; values are parameters)


def tagged_page(tag: Tag, offset, length):
    """The published articles tagged `tag`, newest first, `length` from `offset`, as
    cards read them (ArticleQuerySet.for_cards()), in one query: the divisions come
    from the menu's list, kept per generation."""
    with connection.cursor() as cursor:
        cursor.execute(
            *_tagged_page_sql(
                content_type=article_content_type_id(),
                slug=tag.slug,
                offset=offset,
                length=length,
            )
        )
        rows = cursor.fetchall()
    return with_menu_divisions([from_row(Article, CARD_FIELDS, row) for row in rows])
