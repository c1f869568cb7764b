"""Full-text search over published articles, in PostgreSQL.

The stored `Article.search_vector` holds every word twice: stemmed by the
`indonesian` configuration ("menyuarakan" → "suara") and as written, by
`simple`, because the stemmer mangles some words ("menetapkan" → "etap") and
an exact word must always find itself. Title weighs over lead over body.
"""

import html
from collections.abc import Sequence

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import mark_safe

from publishing.sql import prepared_once, published_sql

from .menu import with_menu_divisions
from .models import Article, card_columns

MAX_QUERY_LENGTH = 200
# Matches ranked per search (10 pages), and the body's first characters (HTML)
# searched for a snippet.
MAX_RESULTS = 100
SNIPPET_BODY_CHARACTERS = 1000
# Private-use characters mark the matches in snippets: they cannot come from a
# reader's text, so the snippet can be escaped whole and the marks put back.
_MARK_START, _MARK_STOP = "\ue000", "\ue001"

# The reader's words as one tsquery: websearch syntax (quotes, OR and -minus
# work; nothing a reader types is an error), stemmed or exact.
_TSQUERY = (
    "(SELECT websearch_to_tsquery('indonesian', %(words)s)"
    " || websearch_to_tsquery('simple', %(words)s) AS query) words"
)


def clean_query(raw: str) -> str:
    """The reader's words: control characters dropped (PostgreSQL refuses NUL), capped."""
    printable = "".join(ch if ch.isprintable() else " " for ch in raw)
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def search_articles(words: str) -> "SearchResults":
    """Published articles matching `words`, best first, each with a `snippet`.

    A word on most pages ("pemilu" on an election office's site) matches
    thousands of articles, and ranking them all means reading every one's
    search vector. So the ranking is of the newest MAX_RESULTS matches: one
    indexed scan, newest first, that stops there. News readers want recent
    articles, and a rarer word still has all its matches ranked.

    Both statements are written once over published() (publishing/sql.py) and
    prepared once per connection: building them with the ORM on every search cost
    more Python time than PostgreSQL took to answer (bench/RESULTS.md, issue 16).
    """
    with connection.cursor() as cursor:
        cursor.execute(*_newest_matches_sql(words=words, count=MAX_RESULTS))
        newest_matches = cursor.fetchall()
    ranked = sorted(newest_matches, key=lambda row: (-row[1], -row[2].timestamp(), -row[0]))
    return SearchResults([pk for pk, _rank, _published_at in ranked], words)


class SearchResults(Sequence):
    """Ranked article ids; a slice loads those articles with their snippets (one query).

    The paginator takes its count from the ids: no COUNT query.
    """

    def __init__(self, ids, words):
        self.ids, self.words = ids, words

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ids = self.ids[index]
        if not ids:
            return []
        articles = Article.objects.raw(
            *_cards_sql(
                ids=list(ids),
                words=self.words,
                body_characters=SNIPPET_BODY_CHARACTERS,
                options=_HEADLINE_OPTIONS,
            )
        )
        by_id = {article.pk: article for article in with_menu_divisions(list(articles))}
        return [by_id[pk] for pk in ids if pk in by_id]

    @property
    def capped(self):
        return len(self.ids) >= MAX_RESULTS


# A headline is parsed word by word: the lead and the start of the body only, as
# a whole long body would cost more than the rest of the page.
_HEADLINE_OPTIONS = (
    f"StartSel={_MARK_START}, StopSel={_MARK_STOP}, MaxWords=35, MinWords=15, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)


@prepared_once
def _newest_matches_sql():
    published = published_sql(Article.objects.published())
    return f"""
        SELECT article.id, ts_rank(article.search_vector, words.query), article.published_at
        FROM ({published}) article, {_TSQUERY}
        WHERE article.search_vector @@ words.query
        ORDER BY article.published_at DESC, article.id DESC
        LIMIT %(count)s
    """  # noqa: S608 (the subquery from the models; values are parameters)


@prepared_once
def _cards_sql():
    columns = card_columns()
    # Ids of published articles, from _newest_matches_sql(); a tag cut in half at
    # the end of the body's start is dropped too: `<[^>]*(>|$)`.
    return f"""
        SELECT {columns},
               ts_headline(
                   'indonesian',
                   article.lead || ' ' || regexp_replace(
                       left(article.body, %(body_characters)s), '<[^>]*(>|$)', ' ', 'g'
                   ),
                   words.query,
                   %(options)s
               ) AS snippet
        FROM {Article._meta.db_table} article, {_TSQUERY}
        WHERE article.id = ANY(%(ids)s)
    """  # noqa: S608 (the table from the models; values are parameters)


def highlight(snippet: str) -> str:
    """Escape a snippet and turn its match marks into <mark> elements."""
    text = escape(html.unescape(snippet))
    return mark_safe(  # noqa: S308 (escaped just above; only our marks become tags)
        text.replace(_MARK_START, "<mark>").replace(_MARK_STOP, "</mark>")
    )
