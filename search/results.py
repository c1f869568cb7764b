"""A search result as HTML, written in Python.

Through the template's loop the ten results of a page cost a search about as
much as a PostgreSQL statement (bench/RESULTS.md, issue 15); news/cards.py
draws news cards so for the same reason. Every value is escaped with
html.escape(), which Django's escape() calls: format_html() around it cost a
page of results 0.15 ms more, a twentieth of a search's Python.
"""

from html import escape

from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from kpu_site.formatting import long_day

from .engine import Kind

# What each type is called on the page: the mark on a result and its filter.
KIND_LABELS = {
    Kind.ARTICLE: gettext_lazy("News"),
    Kind.ANNOUNCEMENT: gettext_lazy("Announcement"),
    Kind.PAGE: gettext_lazy("Page"),
    Kind.DOCUMENT: gettext_lazy("Document"),
}


def results_html(hits):
    """The results' <li> elements, in order: each with its type, date, linked
    title, a document's number, class and page, and the snippet with the
    reader's words marked. What they share (the labels, the date's zone and
    language) is read once for the page."""
    page = {
        "zone": timezone.get_current_timezone(),
        "language": get_language(),
        "labels": {kind: escape(str(label)) for kind, label in KIND_LABELS.items()},
        "ended": f' <span class="search-result__ended">{escape(_("Ended"))}</span>',
    }
    return SafeString("\n".join(_result_html(hit, page) for hit in hits))


def _result_html(hit, page):
    published = hit.published_at.astimezone(page["zone"])
    day = long_day(published.date(), page["language"])
    snippet = f'\n  <p class="search-result__snippet">{hit.snippet_html}</p>' if hit.snippet else ""
    return (
        f'<li class="search-result search-result--{escape(hit.kind)}">\n'
        '  <p class="search-result__meta">\n'
        f'    <span class="search-result__type">{page["labels"][hit.kind]}</span>'
        f"{page['ended'] if hit.ended else ''}\n"
        f'    <time datetime="{published.isoformat()}">{escape(day)}</time>\n'
        "  </p>\n"
        f'  <h2 class="search-result__title"><a href="{escape(hit.url)}">{escape(hit.title)}</a>'
        f"</h2>{_document_html(hit)}{snippet}\n"
        "</li>"
    )


def _document_html(hit):
    """A document's number, information class and the page of the words."""
    if hit.kind != Kind.DOCUMENT:
        return ""
    parts = []
    if hit.number:
        parts.append(f"{escape(_('Number'))} {escape(hit.number)} · ")
    parts.append(escape(str(hit.information_class)))
    if hit.page_number:
        page = _("Page %(number)s") % {"number": hit.page_number}
        parts.append(f' · <span class="search-result__page">{escape(page)}</span>')
    return f'\n  <p class="search-result__document">{"".join(parts)}</p>'
