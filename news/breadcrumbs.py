"""The trail at the top of every public page ({% breadcrumb_trail %} in base.html)."""

from django.urls import reverse_lazy
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def crumb(label, url=None):
    return {"label": label, "url": url}


HOME_CRUMB = crumb(gettext_lazy("Home"), reverse_lazy("news:home"))
NEWS_CRUMB = crumb(gettext_lazy("News"), reverse_lazy("news:list"))


def trail_html(crumbs):
    """The trail's <nav>: each crumb a link but the last, the page itself; "" for none.

    Written in Python, as the cards are (news/cards.py): every first render of
    every page draws it, and the included template cost 0.2 ms of the article's.
    """
    if not crumbs:
        return ""
    last = len(crumbs) - 1
    items = format_html_join(
        "\n    ",
        "<li>{}</li>",
        (
            (
                format_html('<a href="{}">{}</a>', item["url"], item["label"])
                if item["url"] and index < last
                else format_html('<span aria-current="page">{}</span>', item["label"]),
            )
            for index, item in enumerate(crumbs)
        ),
    )
    return format_html(
        '<nav class="breadcrumbs" aria-label="{}">\n  <ol>\n    {}\n  </ol>\n</nav>',
        _("Breadcrumb"),
        items,
    )
