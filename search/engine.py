"""The site search: articles, announcements, pages and documents in one ranked list.

Every stored search vector holds each word twice: stemmed by the `indonesian`
configuration ("menyuarakan" → "suara") and as written, by `simple`, because the
stemmer mangles some words ("menetapkan" → "etap") and an exact word must
always find itself. The reader's words go through websearch_to_tsquery (quotes,
OR and -minus work; nothing typed is an error), in both configurations, and the
election acronyms they typed are rewritten into both forms (search/acronyms.py).

A word found on most pages ("pemilu") matches thousands of items, and ranking
them all means reading every one's vector. So each type gives its newest
MAX_RESULTS matches, and those are ranked together: a rare word's matches come
from the index, a common word's from walking the newest items until enough
match (_ranked_sql()). Neither way is quick for a phrase of common words that
is itself rare: the index only knows words, so every item holding all of them
is read to check their order ("DPT" brings in "daftar pemilih tetap", whose
words are on most pages). A search still at work after SEARCH_TIME_LIMIT_MS is
stopped and answered from each type's newest SEARCH_WINDOW items alone, and
the page says so: its cost stays bounded however many items there are
(bench/RESULTS.md).

Every item is matched by all its words and ranked by the words that say what
it is about: an article's title over its lead, an announcement's or a page's
title over its summary (their rank_vector), a document's title and number over
its description. One found by its body alone comes after every result found by
those, the newest first. A document matches by its own words or by the text of
its files' pages (its text_vector, which the database keeps from the
DocumentPage rows), each with an index of its own; its best page, whose number
the result shows, is looked for in the shown results alone.

The statements are written once over each type's public queryset
(publishing/sql.py): the ranked ids of every type (one query, planned for the
reader's words each time), and the shown page's results with their snippets (one
query, prepared once per connection); with acronyms typed, the rewritten tsquery
first (one more, prepared).
"""

import functools
import html
from collections import Counter
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime

from django.db import OperationalError, connection, transaction
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from psycopg2.errors import QueryCanceled

from announcements.models import Announcement
from documents.models import Document, DocumentPage, InformationClass
from news.models import Article
from pages.models import Page
from publishing.sql import compiled_once, prepared_once, published_sql

from .acronyms import typed_pairs

MAX_QUERY_LENGTH = 200
# Matches ranked per type (10 pages of results each). Not fewer: PostgreSQL
# estimates a word it has no statistics for (a rare one) at 0.5% of a table,
# and with LIMIT 50 against 500 such estimated rows of 100,000 articles it chose
# to walk the newest articles for the rare word, reading every one: 0.7 s a
# search (bench/RESULTS.md, issue 15). At 100 it reads the index.
MAX_RESULTS = 100
# How long the ranked statement may take, and how many of each type's newest
# items a search that took longer looks through instead (module docstring). A
# usual search takes a few milliseconds, under load too; looking through 1,000
# items for a phrase takes about 10 ms per type on the bench's machine.
SEARCH_TIME_LIMIT_MS = 100
SEARCH_WINDOW = 1000
# The text's first characters searched for a snippet: an article's body (HTML)
# after its lead, a document page's text. Parsing them is most of what a snippet
# costs PostgreSQL (some 0.2 µs a character); a snippet shows up to two
# fragments of 35 words, and an article's words are mostly in its lead and
# first paragraphs.
SNIPPET_BODY_CHARACTERS = 600
SNIPPET_PAGE_CHARACTERS = 3000
# Private-use characters mark the matches in snippets: they cannot come from a
# reader's text, so the snippet can be escaped whole and the marks put back.
_MARK_START, _MARK_STOP = "\ue000", "\ue001"
_HEADLINE_OPTIONS = (
    f"StartSel={_MARK_START}, StopSel={_MARK_STOP}, MaxWords=35, MinWords=15, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)


class Kind:
    """The types of result, by the value of ?jenis= (Indonesian, as the URL reads)."""

    ARTICLE = "berita"
    ANNOUNCEMENT = "pengumuman"
    PAGE = "halaman"
    DOCUMENT = "dokumen"
    ALL = (ARTICLE, ANNOUNCEMENT, PAGE, DOCUMENT)


def clean_query(raw: str) -> str:
    """The reader's words: control characters dropped (PostgreSQL refuses NUL), capped."""
    printable = "".join(ch if ch.isprintable() else " " for ch in raw)
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def _reader_query(words):
    """What the statements need of the reader's words: the words themselves, or with
    acronyms typed, their tsquery rewritten (one query)."""
    shorts, short_longs, longs, long_shorts = typed_pairs(words)
    if not (shorts or longs):
        return {"words": words}
    with connection.cursor() as cursor:
        cursor.execute(
            *_rewrite_sql(
                words=words,
                shorts=shorts,
                short_longs=short_longs,
                longs=longs,
                long_shorts=long_shorts,
            )
        )
        return {"rewritten": cursor.fetchone()[0]}


def _statement(statements, reader_query, **values):
    """The statement of `statements` (plain words, rewritten query) to execute."""
    if "words" in reader_query:
        return statements[0](**reader_query, **values)
    return statements[1](**reader_query, **values)


def search(words: str, kind: str | None = None) -> "Results":
    """Everything public matching `words`, best first (of `kind` alone if given).

    One query (two with acronyms); the results' own rows and snippets come when a
    page of them is read.
    """
    reader_query = _reader_query(words)
    rows, limited = _ranked_rows(reader_query)
    rows.sort(key=lambda row: (-row[2], -row[3], row[0], -row[1]))
    counts = Counter(row[0] for row in rows)
    chosen = [(row[0], row[1]) for row in rows if kind is None or row[0] == kind]
    return Results(chosen, reader_query, counts, limited)


def _ranked_rows(reader_query):
    """The ranked statement's rows, and whether they come from each type's newest
    SEARCH_WINDOW items alone: when the whole search took over SEARCH_TIME_LIMIT_MS."""
    sql, params = _statement(_RANKED, reader_query, count=MAX_RESULTS)
    # Sent with the statement, in one round trip: the two make a transaction of
    # their own, at whose end the limit goes. Inside a caller's transaction (a
    # test's), a savepoint keeps a stopped statement from ending it, and the
    # limit is put back by hand.
    limited_sql = f"SET LOCAL statement_timeout = {SEARCH_TIME_LIMIT_MS}; {sql}"
    nested = connection.in_atomic_block
    try:
        with transaction.atomic() if nested else nullcontext(), connection.cursor() as cursor:
            cursor.execute(limited_sql, params)
            rows = cursor.fetchall()
            if nested:
                cursor.execute("SET LOCAL statement_timeout TO DEFAULT")
        return rows, False
    except OperationalError as error:
        if not isinstance(error.__cause__, QueryCanceled):
            raise
    with connection.cursor() as cursor:
        cursor.execute(
            *_statement(_WINDOWED, reader_query, count=MAX_RESULTS, window=SEARCH_WINDOW)
        )
        return cursor.fetchall(), True


class Results(Sequence):
    """Ranked (kind, id) pairs; a slice loads those results with their snippets (one
    query). The paginator takes its count from the pairs: no COUNT query."""

    def __init__(self, found, reader_query, counts, limited=False):
        self.found, self.reader_query, self.counts = found, reader_query, counts
        # Found among each type's newest SEARCH_WINDOW items alone (_ranked_rows()).
        self.limited = limited

    def __len__(self):
        return len(self.found)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        chosen = self.found[index]
        if not chosen:
            return []
        ids = {kind: [pk for k, pk in chosen if k == kind] for kind in Kind.ALL}
        with connection.cursor() as cursor:
            cursor.execute(
                *_statement(
                    _SHOWN,
                    self.reader_query,
                    article_ids=ids[Kind.ARTICLE],
                    announcement_ids=ids[Kind.ANNOUNCEMENT],
                    page_ids=ids[Kind.PAGE],
                    document_ids=ids[Kind.DOCUMENT],
                    body_characters=SNIPPET_BODY_CHARACTERS,
                    page_characters=SNIPPET_PAGE_CHARACTERS,
                    options=_HEADLINE_OPTIONS,
                )
            )
            by_key = {(row[0], row[1]): Hit.from_row(row) for row in cursor.fetchall()}
        return [by_key[pair] for pair in chosen if pair in by_key]

    def capped(self, kind):
        """Whether `kind` had more matches than were ranked."""
        return self.counts[kind] >= MAX_RESULTS


@dataclass
class Hit:
    """One result as the page shows it."""

    kind: str
    pk: int
    title: str
    url: str
    published_at: datetime
    snippet: str
    number: str = ""
    information_class: str = ""
    page_number: int | None = None
    ended: bool = False

    @classmethod
    def from_row(cls, row):
        kind, pk, title, slug, parent_id, parent_slug, number, information_class = row[:8]
        published_at, ended, page_number, snippet = row[8:]
        return cls(
            kind=kind,
            pk=pk,
            title=title,
            url=_url(kind, slug, parent_slug if parent_id is not None else None),
            published_at=published_at,
            snippet=snippet or "",
            number=number or "",
            information_class=(
                InformationClass(information_class).label if information_class else ""
            ),
            page_number=page_number,
            ended=ended,
        )

    @property
    def snippet_html(self):
        return highlight(self.snippet)


# Each type's page, as its model's get_absolute_url() names it
# (tests/search/test_types.py checks that they agree): a model instance made per
# result only to ask it cost a search a tenth of its Python time.
_URL_NAMES = {
    Kind.ARTICLE: "news:detail",
    Kind.ANNOUNCEMENT: "announcements:detail",
    Kind.PAGE: "pages:page",
    Kind.DOCUMENT: "documents:detail",
}


@functools.lru_cache(maxsize=4096)
def _url(kind, slug, parent_slug=None):
    """Reversed once per process and item: a path never changes while it runs."""
    if parent_slug is not None:  # a page under another
        return reverse("pages:child", kwargs={"parent_slug": parent_slug, "slug": slug})
    return reverse(_URL_NAMES[kind], kwargs={"slug": slug})


# The reader's tsquery, `q.query`: websearch syntax in both configurations. Without
# acronyms, a subquery in each FROM, whose value the planner reads when it plans a
# statement for its values (the first executions of a prepared one): a common word
# is then looked for by walking the newest items, a rare one through the index.
_PLAIN_QUERY = """(
    SELECT websearch_to_tsquery('indonesian', %(words)s)
           || websearch_to_tsquery('simple', %(words)s) AS query
) q"""

# With acronyms typed, the tsquery is rewritten first (a statement of its own), and
# the others read it as a value, which the planner reads as it reads the plain
# one. Each rule is applied in turn (ts_rewrite takes one at a time). A rule's
# target is a form as the reader's words give it (the short word; the long
# form's words, as AND or as a quoted phrase), its substitute that form OR the
# other one, in both configurations. The long form a short word brings in is a
# phrase: "daftar hadir pemilih pemula tetap" is no voter list. It costs what a
# reader's own quoted phrase costs: where its words are on most pages, PostgreSQL
# reads each such page's vector to check their order (bench/RESULTS.md, issue 15).
_REWRITTEN_QUERY = "(SELECT %(rewritten)s::tsquery AS query) q"


@prepared_once
def _rewrite_sql():
    return """
    WITH RECURSIVE rules AS (
        SELECT row_number() OVER () AS n, target, target || other AS substitute
        FROM (
            SELECT DISTINCT target, other FROM (
                SELECT form.target,
                       phraseto_tsquery('indonesian', pair.long)
                       || phraseto_tsquery('simple', pair.long) AS other
                FROM unnest(%(shorts)s::text[], %(short_longs)s::text[]) pair(short, long),
                     LATERAL (VALUES (plainto_tsquery('indonesian', pair.short)),
                                     (plainto_tsquery('simple', pair.short))) form(target)
                UNION ALL
                SELECT form.target,
                       plainto_tsquery('indonesian', pair.short)
                       || plainto_tsquery('simple', pair.short)
                FROM unnest(%(longs)s::text[], %(long_shorts)s::text[]) pair(long, short),
                     LATERAL (VALUES (plainto_tsquery('indonesian', pair.long)),
                                     (plainto_tsquery('simple', pair.long)),
                                     (phraseto_tsquery('indonesian', pair.long)),
                                     (phraseto_tsquery('simple', pair.long))) form(target)
            ) every_rule
        ) distinct_rules
    ),
    rewritten(n, query) AS (
        SELECT 0::bigint,
               websearch_to_tsquery('indonesian', %(words)s)
               || websearch_to_tsquery('simple', %(words)s)
        UNION ALL
        SELECT rules.n, ts_rewrite(rewritten.query, rules.target, rules.substitute)
        FROM rewritten JOIN rules ON rules.n = rewritten.n + 1
    )
    SELECT query::text FROM rewritten ORDER BY n DESC LIMIT 1
"""


# What an item is matched by: its own words. A document also by its files' text,
# each through its own index (documents.models.Document.Meta): an OR, not the
# two vectors joined with ||, which would build one vector of both for every
# document walked (a common word's search took 4.1 ms so, 1.4 ms thus).
_MATCHES = "item.search_vector @@ q.query"
_DOCUMENT_MATCHES = "(item.search_vector @@ q.query OR item.text_vector @@ q.query)"


def _ranked_sql(q, windowed=False):
    """The ranked statement reading the tsquery from `q` (S608: the subqueries and
    tables come from the models, the values are parameters); `windowed`: among
    each type's %(window)s newest items alone.

    Each type gives its newest matches, which PostgreSQL finds by walking the newest
    items when it sees a common word, through the index for a rare one (the
    statement is planned for the reader's words each time). An item is matched by
    all its words and ranked by the few that say what it is about, whose vector is
    small and kept in the row: an article's title and lead (its rank_vector), a
    document's own words. Ranking by all of them read each match's whole vector
    a second time: some 5 kB an article (0.4 ms of the articles' 0.6 ms on the
    bench's data), 16 kB a document's text (a common word over 2,000 documents
    took 85 ms so, 2 ms thus). One found by its body or text alone ranks 0:
    after the others, the newest first. The publication time comes as seconds,
    the sort key alone: as a datetime each of the up to 400 rows cost Python a
    timezone-aware object.
    """
    # (kind, its public items' columns read here, what matches, what ranks, the
    # newest first by: a document's own date). Only those columns: the statement is
    # parsed and planned on every search, and every column of the tables cost it
    # 0.5 ms more.
    read = ("id", "search_vector", "rank_vector", "published_at")
    types = (
        (
            Kind.ARTICLE,
            Article.objects.published().values(*read),
            _MATCHES,
            "rank_vector",
            "published_at",
        ),
        (
            Kind.ANNOUNCEMENT,
            Announcement.objects.published().values(*read),
            _MATCHES,
            "rank_vector",
            "published_at",
        ),
        (Kind.PAGE, Page.objects.public().values(*read), _MATCHES, "rank_vector", "published_at"),
        (
            Kind.DOCUMENT,
            Document.objects.public().values(
                "id", "search_vector", "published_at", "text_vector", "document_date"
            ),
            _DOCUMENT_MATCHES,
            "search_vector",
            "document_date",
        ),
    )

    def items(columns, newest):
        if not windowed:
            return published_sql(columns)
        return f"""SELECT * FROM ({published_sql(columns)}) newest
                   ORDER BY newest.{newest} DESC, newest.id DESC
                   LIMIT %(window)s"""  # noqa: S608

    branches = [
        f"""(SELECT '{kind}', item.id, ts_rank(item.{ranks}, q.query),
                    date_part('epoch', item.published_at)
             FROM ({items(columns, newest)}) item, {q}
             WHERE {matches}
             ORDER BY item.{newest} DESC, item.id DESC LIMIT %(count)s)"""  # noqa: S608
        for kind, columns, matches, ranks, newest in types
    ]
    return " UNION ALL ".join(branches)


def _text(column):
    """The first characters of an HTML column as text: a tag cut in half at the end
    is dropped too (`<[^>]*(>|$)`)."""
    return f"regexp_replace(left({column}, %(body_characters)s), '<[^>]*(>|$)', ' ', 'g')"


def _shown_sql(q):
    """The shown results' statement reading the tsquery from `q`."""
    # The ids come from _ranked_sql(), public when ranked.
    headline = "ts_headline('indonesian', {text}, q.query, %(options)s)"
    page_table = Page._meta.db_table
    return f"""
        SELECT '{Kind.ARTICLE}', item.id, item.title, item.slug, NULL::bigint, NULL, NULL, NULL,
               item.published_at, false, NULL::integer,
               {headline.format(text="item.lead || ' ' || " + _text("item.body"))}
        FROM {Article._meta.db_table} item, {q} WHERE item.id = ANY(%(article_ids)s)
        UNION ALL
        SELECT '{Kind.ANNOUNCEMENT}', item.id, item.title, item.slug, NULL, NULL, NULL, NULL,
               item.published_at, item.valid_until <= now(), NULL,
               {headline.format(text="item.summary || ' ' || " + _text("item.body"))}
        FROM {Announcement._meta.db_table} item, {q} WHERE item.id = ANY(%(announcement_ids)s)
        UNION ALL
        SELECT '{Kind.PAGE}', item.id, item.title, item.slug, parent.id, parent.slug, NULL, NULL,
               item.published_at, false, NULL,
               {headline.format(text="item.summary || ' ' || " + _text("item.body"))}
        FROM {page_table} item LEFT JOIN {page_table} parent ON parent.id = item.parent_id, {q}
        WHERE item.id = ANY(%(page_ids)s)
        UNION ALL
        SELECT '{Kind.DOCUMENT}', item.id, item.title, item.slug, NULL, NULL, item.number,
               item.information_class, item.published_at, false, best_page.number,
               {headline.format(text="coalesce(best_page.text, item.description)")}
        FROM {Document._meta.db_table} item CROSS JOIN {q}
        LEFT JOIN LATERAL (
            SELECT page.number, left(page.text, %(page_characters)s) AS text
            FROM {DocumentPage._meta.db_table} page
            WHERE page.document_id = item.id AND page.search_vector @@ q.query
            ORDER BY ts_rank(page.search_vector, q.query) DESC, page.number
            LIMIT 1
        ) best_page ON true
        WHERE item.id = ANY(%(document_ids)s)
    """  # noqa: S608 (tables from the models; values are parameters)


# The ranked statement is planned for the reader's words on every search, never
# prepared: its best plan depends on them (a rare word through the indexes, a
# common one by walking the newest items), and after five executions PostgreSQL
# may keep one generic plan for every word, which took a rare word's search from
# 0.06 ms to 56-120 ms on the bench's data. Planning it costs far less.
@compiled_once
def _ranked_text(q, windowed):
    return _ranked_sql(q, windowed)


def _ranked(q, windowed=False):
    """A statement of _RANKED or _WINDOWED: its text, compiled once, with the values."""
    return lambda **values: (_ranked_text(q, windowed), values)


# The others prepared once, each under its own name (publishing/sql.py names them
# by function): their plan is the same whatever the words.


@prepared_once
def _shown_plain_sql():
    return _shown_sql(_PLAIN_QUERY)


@prepared_once
def _shown_acronyms_sql():
    return _shown_sql(_REWRITTEN_QUERY)


_RANKED = (_ranked(_PLAIN_QUERY), _ranked(_REWRITTEN_QUERY))
_WINDOWED = (_ranked(_PLAIN_QUERY, windowed=True), _ranked(_REWRITTEN_QUERY, windowed=True))
_SHOWN = (_shown_plain_sql, _shown_acronyms_sql)


def highlight(snippet: str) -> str:
    """Escape a snippet and turn its match marks into <mark> elements."""
    text = escape(html.unescape(snippet))
    return mark_safe(  # noqa: S308 (escaped just above; only our marks become tags)
        text.replace(_MARK_START, "<mark>").replace(_MARK_STOP, "</mark>")
    )
