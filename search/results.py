"""A search result as HTML, written in Python.

Through the template's loop the ten results of a page cost a search about as
much as a PostgreSQL statement (bench/RESULTS.md, issue 15); news/cards.py
draws news cards so for the same reason. format_html() escapes every value, as
the template did.
"""

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kpu_site.formatting import long_date

from .engine import Kind

# What each type is called on the page: the mark on a result and its filter.
KIND_LABELS = {
    Kind.ARTICLE: gettext_lazy("News"),
    Kind.ANNOUNCEMENT: gettext_lazy("Announcement"),
    Kind.PAGE: gettext_lazy("Page"),
    Kind.DOCUMENT: gettext_lazy("Document"),
}


def result_html(hit):
    """One result's <li>: its type, date, linked title, a document's number, class
    and page, and the snippet with the reader's words marked."""
    published = timezone.localtime(hit.published_at)
    ended = (
        format_html(' <span class="search-result__ended">{}</span>', _("Ended"))
        if hit.ended
        else ""
    )
    return format_html(
        '<li class="search-result search-result--{}">\n'
        '  <p class="search-result__meta">\n'
        '    <span class="search-result__type">{}</span>{}\n'
        '    <time datetime="{}">{}</time>\n'
        "  </p>\n"
        '  <h2 class="search-result__title"><a href="{}">{}</a></h2>{}{}\n'
        "</li>",
        hit.kind,
        KIND_LABELS[hit.kind],
        ended,
        published.isoformat(),
        long_date(published),
        hit.url,
        hit.title,
        _document_html(hit),
        format_html('\n  <p class="search-result__snippet">{}</p>', hit.snippet_html)
        if hit.snippet
        else "",
    )


def _document_html(hit):
    """A document's number, information class and the page of the words."""
    if hit.kind != Kind.DOCUMENT:
        return ""
    parts = []
    if hit.number:
        parts.append(format_html("{} {} · ", _("Number"), hit.number))
    parts.append(format_html("{}", hit.information_class))
    if hit.page_number:
        parts.append(
            format_html(
                ' · <span class="search-result__page">{}</span>',
                _("Page %(number)s") % {"number": hit.page_number},
            )
        )
    return format_html('\n  <p class="search-result__document">{}</p>', SafeString("".join(parts)))
