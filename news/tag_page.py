"""A tag's page (/tag/<slug>/): its address, the tag, and the ids of a page of its news.

The ORM wrote the page's ids as a join of every published article to the tag's
links, planned afresh on each render: at 10,000 articles PostgreSQL hashed all
of them to find a tag's few hundred, 2 ms of planning and 3.5 of running
(bench/RESULTS.md, issues 15 and 16). Prepared once per connection, the same
question starts from the tag's links and looks up each one's article by id,
0.6 ms in all: its cost follows the tag's size, not the table's.
"""

import functools

from django.db import connection
from django.urls import reverse
from taggit.models import Tag

from publishing.page_cache import keep
from publishing.sql import prepared_once, published_sql

from .models import Article, article_content_type_id, published_tags


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
        SELECT article.id
        FROM ({published_sql(Article.objects.published())}) article
        WHERE {WITH_TAG}
        ORDER BY article.published_at DESC, article.id DESC
        OFFSET %(offset)s
        LIMIT %(length)s
    """  # noqa: S608 (tables and columns from the models; values are parameters)


def tagged_page_ids(tag: Tag, offset, length):
    """Ids of the published articles tagged `tag`, newest first, `length` from `offset`:
    the order of ArticleQuerySet.newest_first()."""
    with connection.cursor() as cursor:
        cursor.execute(
            *_tagged_page_sql(
                content_type=article_content_type_id(),
                slug=tag.slug,
                offset=offset,
                length=length,
            )
        )
        return [article_id for (article_id,) in cursor.fetchall()]
