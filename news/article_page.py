"""What the article template needs, for the public page and the staff preview alike.

Its own module so that the admin's preview (news/admin.py) need not import the
public views.
"""

import json

from django.db import connection
from django.utils import timezone

from documents.models import Document
from kpu_site.site_url import absolute_url
from publishing.fields import SEARCH_VECTORS
from publishing.sql import from_row, prepared_once, published_sql

from .body_images import render_body
from .breadcrumbs import HOME_CRUMB, NEWS_CRUMB, crumb
from .menu import with_menu_divisions
from .models import Article, Author, article_content_type_id, tag_list_sql
from .sharing import article_image, share_links
from .structured_data import modified_at, news_article
from .tag_page import tag_url

# Read on the page; the search vectors are only ever searched.
ARTICLE_FIELDS = [
    field for field in Article._meta.concrete_fields if field.name not in SEARCH_VECTORS
]
AUTHOR_FIELDS = Author._meta.concrete_fields
# What "Dokumen terkait" shows of each linked document.
DOCUMENT_NAMES = ["id", "title", "slug", "number", "document_date"]
DOCUMENT_FIELDS = [Document._meta.get_field(name) for name in DOCUMENT_NAMES]


def published_article(slug):
    """The published article `slug` with its author, division, `tag_list`
    (ArticleQuerySet.with_tag_list()) and `document_list` (linked_documents()), or None.

    One statement over published() (publishing/sql.py), prepared once per
    connection: building and compiling the same queryset with the ORM cost every
    first render of an article about a sixth of its time (bench/RESULTS.md,
    issue 16). The division comes from the menu's list, kept per generation.
    """
    with connection.cursor() as cursor:
        cursor.execute(*_article_sql(slug=slug, content_type=article_content_type_id()))
        row = cursor.fetchone()
    if row is None:
        return None
    split = len(ARTICLE_FIELDS)
    article = from_row(Article, ARTICLE_FIELDS, row[:split])
    article.author = from_row(Author, AUTHOR_FIELDS, row[split:-2])
    article.tag_list = json.loads(row[-2])
    article.document_list = [
        Document.from_db(
            connection.alias,
            DOCUMENT_NAMES,
            # JSON has no dates: to_python() reads them from their ISO text.
            [field.to_python(value) for field, value in zip(DOCUMENT_FIELDS, values, strict=True)],
        )
        for values in json.loads(row[-1])
    ]
    return with_menu_divisions([article])[0]


@prepared_once
def _article_sql():
    published = published_sql(Article.objects.published())
    article_columns = ", ".join(f"article.{field.column}" for field in ARTICLE_FIELDS)
    author_columns = ", ".join(f"author.{field.column}" for field in AUTHOR_FIELDS)
    return f"""
        SELECT {article_columns}, {author_columns},
               ({tag_list_sql("article.id", "%(content_type)s")}) AS tag_list,
               ({_document_list_sql()}) AS document_list
        FROM ({published}) article
        JOIN {Author._meta.db_table} author ON author.{Author._meta.pk.column} = article.author_id
        WHERE article.slug = %(slug)s
    """  # noqa: S608 (tables and columns from the models; values are parameters)


def _document_list_sql():
    """linked_documents() of the row `article`, as a JSON array of DOCUMENT_FIELDS
    arrays in their order; the public rule is Document.objects.public()'s own SQL."""
    link = Article.documents.through._meta
    columns = ", ".join(f"document.{field.column}" for field in DOCUMENT_FIELDS)
    date = Document._meta.get_field("document_date").column
    pk = Document._meta.pk.column
    return f"""
        SELECT coalesce(
            jsonb_agg(
                jsonb_build_array({columns})
                ORDER BY document.{date} DESC, document.{pk} DESC
            ),
            '[]'
        )
        FROM ({published_sql(Document.objects.public())}) document
        JOIN {link.db_table} link ON link.{link.get_field("document").column} = document.{pk}
        WHERE link.{link.get_field("article").column} = article.{Article._meta.pk.column}
    """  # noqa: S608


def linked_documents(article):
    """The public documents `article` links ("Dokumen terkait"), newest first.

    The public page's article comes with them: published_article() reads them in
    its one statement, where building, compiling and running this queryset cost
    each first render about 1 ms. The staff preview's article comes from the
    admin's queryset: one query then.
    """
    if hasattr(article, "document_list"):
        return article.document_list
    return list(
        Document.objects.public()
        .filter(articles=article)
        .only(*DOCUMENT_NAMES)
        .order_by("-document_date", "-pk")
    )


def article_context(request, article):
    """Everything the article template needs but the related news and the menu.
    No query of its own for the public page (published_article()'s article); the
    staff preview's reads the linked documents. One for the body's library
    pictures if it shows any.

    `article` comes with its author and division selected and with_tag_list().
    """
    url = absolute_url(article.get_absolute_url(), request)
    # The 1200×630 share rendition; the original cover until it exists.
    share_image = article_image(request, article)
    # Reversed once each: the template and the JSON-LD both name them.
    division_url = article.division.get_absolute_url()
    author_url = article.author.get_absolute_url()
    breadcrumbs = [
        _evaluated(HOME_CRUMB),
        _evaluated(NEWS_CRUMB),
        crumb(article.division.name, division_url),
        crumb(article.title),
    ]
    modified = modified_at(article)
    return {
        "article": article,
        "author_url": author_url,
        # Library pictures as responsive <picture>s: one query when there are any.
        "body_html": render_body(article.body),
        "breadcrumbs": breadcrumbs,
        "canonical_url": url,
        "division_url": division_url,
        "documents": linked_documents(article),
        "modified_at": modified,
        # As the date filter's "c" writes them, each written once for its two places.
        "published_iso": timezone.localtime(article.published_at).isoformat(),
        "modified_iso": timezone.localtime(modified).isoformat(),
        "share_image": share_image,
        "share_links": share_links(url, article.title),
        "tags": [{**tag, "url": tag_url(tag["slug"])} for tag in article.tag_list],
        "structured_data": news_article(
            request,
            article,
            url=url,
            share_image=share_image,
            author_url=absolute_url(author_url, request),
            breadcrumbs=breadcrumbs,
        ),
    }


def _evaluated(lazy_crumb):
    """`lazy_crumb` with its label and URL evaluated, once per render: the page reads
    the trail four times (twice in the template, twice for the JSON-LD), and each
    reading of a lazy URL reverses it anew."""
    return crumb(str(lazy_crumb["label"]), str(lazy_crumb["url"]))
