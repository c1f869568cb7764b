"""Full-text search over published articles, in PostgreSQL.

The stored `Article.search_vector` holds every word twice: stemmed by the
`indonesian` configuration ("menyuarakan" → "suara") and as written, by
`simple`, because the stemmer mangles some words ("menetapkan" → "etap") and
an exact word must always find itself. Title weighs over lead over body.
"""

import html

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import Article

MAX_QUERY_LENGTH = 200
# Private-use characters mark the matches in snippets: they cannot come from a
# reader's text, so the snippet can be escaped whole and the marks put back.
_MARK_START, _MARK_STOP = "\ue000", "\ue001"


def clean_query(raw: str) -> str:
    """The reader's words: control characters dropped (PostgreSQL refuses NUL), capped."""
    printable = "".join(ch if ch.isprintable() else " " for ch in raw)
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def _tsquery(words: str) -> SearchQuery:
    # websearch syntax: quotes, OR and -minus work; nothing a reader types is an error.
    return SearchQuery(words, config="indonesian", search_type="websearch") | SearchQuery(
        words, config="simple", search_type="websearch"
    )


def search_articles(words: str):
    """Published articles matching `words`, best first, each with a `snippet`."""
    query = _tsquery(words)
    body_text = Func(
        F("body"),
        Value("<[^>]+>"),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )
    plain_text = Concat(F("lead"), Value(" "), body_text, output_field=TextField())
    return (
        Article.objects.published()
        .for_cards()
        .filter(search_vector=query)
        .annotate(
            rank=SearchRank(F("search_vector"), query),
            snippet=SearchHeadline(
                plain_text,
                query,
                config="indonesian",
                start_sel=_MARK_START,
                stop_sel=_MARK_STOP,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "-published_at", "-pk")
    )


def highlight(snippet: str) -> str:
    """Escape a snippet and turn its match marks into <mark> elements."""
    text = escape(html.unescape(snippet))
    return mark_safe(  # noqa: S308 (escaped just above; only our marks become tags)
        text.replace(_MARK_START, "<mark>").replace(_MARK_STOP, "</mark>")
    )
