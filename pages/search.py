"""Pages in the site search: the "Pages" group above the article results
(news/views.py SearchView, templates/news/search.html).

The same match as the articles' (news/search.py: Indonesian stems and exact
words), over Page.search_vector: title over summary over body. One hand-written
statement over public()'s own SQL, compiled once per process (publishing/sql.py):
building the same queryset with the ORM on every search cost more than the
query itself (bench/RESULTS.md, issue 14).
"""

from publishing.sql import compiled_once, published_sql

from .models import Page

# A site has a handful of pages: the best few are enough above the news.
MAX_PAGE_RESULTS = 5


def search_pages(words: str) -> list:
    """The public pages matching `words`, best first, at most MAX_PAGE_RESULTS,
    each with its parent's slug loaded (for get_absolute_url). One query."""
    found = list(Page.objects.raw(_search_sql(), {"words": words, "count": MAX_PAGE_RESULTS}))
    for page in found:
        if page.parent_id is not None:
            page.parent = Page(pk=page.parent_id, slug=page.parent_slug)
    return found


@compiled_once
def _search_sql():
    public = published_sql(
        Page.objects.public().only("title", "slug", "summary", "parent", "order", "search_vector")
    )
    table = Page._meta.db_table
    return f"""
        SELECT page.id, page.title, page.slug, page.summary, page.parent_id,
               parent.slug AS parent_slug, ts_rank(page.search_vector, words.query) AS rank
        FROM ({public}) page
        LEFT JOIN {table} parent ON parent.id = page.parent_id,
             (SELECT websearch_to_tsquery('indonesian', %(words)s)
                     || websearch_to_tsquery('simple', %(words)s) AS query) words
        WHERE page.search_vector @@ words.query
        ORDER BY rank DESC, page."order", page.title
        LIMIT %(count)s
    """  # noqa: S608 (table and subquery from the models; values are parameters)
