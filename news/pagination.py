"""The numbered links under a list, written in Python.

Every news list, the announcements, the documents and the search results show
them: through an included template they cost a page about a tenth of a
millisecond, a twentieth of a search's Python (bench/RESULTS.md, issue 15).
"""

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Pagination:
    """The previous and next pages' URLs, and (number, URL) for each numbered link,
    (None, None) for each gap; `{{ pagination }}` prints the <nav>."""

    number: int
    total: int
    previous: str | None
    next: str | None
    pages: list

    def __str__(self):
        links = []
        if self.previous:
            links.append(
                f'<a class="pagination__link" href="{escape(self.previous)}">'
                f'<span aria-hidden="true">←</span> {escape(_("Previous"))}</a>'
            )
        for number, url in self.pages:
            if number is None:
                links.append('<span class="pagination__gap">…</span>')
            elif number == self.number:
                label = _("Page %(number)s of %(total)s") % {"number": number, "total": self.total}
                links.append(
                    '<span class="pagination__link pagination__link--current" aria-current="page">'
                    f'<span class="visually-hidden">{escape(label)}</span>'
                    f'<span aria-hidden="true">{number}</span></span>'
                )
            else:
                label = _("Page %(number)s") % {"number": number}
                links.append(
                    f'<a class="pagination__link" href="{escape(url)}" '
                    f'aria-label="{escape(label)}">{number}</a>'
                )
        if self.next:
            links.append(
                f'<a class="pagination__link" href="{escape(self.next)}">'
                f'{escape(_("Next"))} <span aria-hidden="true">→</span></a>'
            )
        return SafeString(
            f'<nav class="pagination" aria-label="{escape(_("Pages"))}">\n  '
            + "\n  ".join(links)
            + "\n</nav>"
        )

    __html__ = __str__


def pagination(page, prefix="?", first_url=""):
    """The links of a page of a list: the previous and next pages, the first and
    last, two either side of this one, and a gap for the rest (1 … 4 5 [6] 7 8 …
    40), or None for a list of one page. No query of its own: the number of pages
    comes from the paginator's count, which the page makes anyway.

    `prefix` starts every URL but page 1's (`?q=pemilu&` on search); page 1 is
    `first_url`, the list's own address, the one its canonical link names.
    """
    if page is None or page.paginator.num_pages < 2:
        return None

    def url(number):
        return first_url if number == 1 else f"{prefix}page={number}"

    numbers = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    return Pagination(
        number=page.number,
        total=page.paginator.num_pages,
        previous=url(page.previous_page_number()) if page.has_previous() else None,
        next=url(page.next_page_number()) if page.has_next() else None,
        pages=[
            (number, url(number)) if isinstance(number, int) else (None, None) for number in numbers
        ],
    )
