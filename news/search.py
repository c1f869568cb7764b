"""Full-text search over published articles, in PostgreSQL.

The stored `Article.search_vector` holds every word twice: stemmed by the
`indonesian` configuration ("menyuarakan" → "suara") and as written, by
`simple`, because the stemmer mangles some words ("menetapkan" → "etap") and
an exact word must always find itself. Title weighs over lead over body.
"""

import html
from collections.abc import Sequence

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Concat, Left
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import Article

MAX_QUERY_LENGTH = 200
# Matches ranked per search (10 pages), and the body's first characters (HTML)
# searched for a snippet.
MAX_RESULTS = 100
SNIPPET_BODY_CHARACTERS = 1000
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


def search_articles(words: str) -> "SearchResults":
    """Published articles matching `words`, best first, each with a `snippet`.

    A word on most pages ("pemilu" on an election office's site) matches
    thousands of articles, and ranking them all means reading every one's
    search vector. So the ranking is of the newest MAX_RESULTS matches: one
    indexed scan, newest first, that stops there. News readers want recent
    articles, and a rarer word still has all its matches ranked.
    """
    query = _tsquery(words)
    newest_matches = (
        Article.objects.published()
        .filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .newest_first()
        .values_list("pk", "rank", "published_at")[:MAX_RESULTS]
    )
    ranked = sorted(newest_matches, key=lambda row: (-row[1], -row[2].timestamp(), -row[0]))
    return SearchResults([pk for pk, _rank, _published_at in ranked], query)


class SearchResults(Sequence):
    """Ranked article ids; a slice loads those articles with their snippets (one query).

    The paginator takes its count from the ids: no COUNT query.
    """

    def __init__(self, ids, query):
        self.ids, self.query = ids, query

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ids = self.ids[index]
        if not ids:
            return []
        articles = Article.objects.filter(pk__in=ids).for_cards().annotate(snippet=self._snippet())
        by_id = {article.pk: article for article in articles}
        return [by_id[pk] for pk in ids if pk in by_id]

    @property
    def capped(self):
        return len(self.ids) >= MAX_RESULTS

    def _snippet(self):
        # The lead and the start of the body: a headline is parsed word by word,
        # and a whole long body would cost more than the rest of the page.
        # A tag cut in half at the end is dropped too: `<[^>]*(>|$)`.
        body_text = Func(
            Left(F("body"), SNIPPET_BODY_CHARACTERS),
            Value("<[^>]*(>|$)"),
            Value(" "),
            Value("g"),
            function="regexp_replace",
            output_field=TextField(),
        )
        return SearchHeadline(
            Concat(F("lead"), Value(" "), body_text, output_field=TextField()),
            self.query,
            config="indonesian",
            start_sel=_MARK_START,
            stop_sel=_MARK_STOP,
            max_words=35,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=" … ",
        )


def highlight(snippet: str) -> str:
    """Escape a snippet and turn its match marks into <mark> elements."""
    text = escape(html.unescape(snippet))
    return mark_safe(  # noqa: S308 (escaped just above; only our marks become tags)
        text.replace(_MARK_START, "<mark>").replace(_MARK_STOP, "</mark>")
    )
