"""The pages in the site's header menu: `menu_pages()`.

The contract the header builds on: a tuple of the published top-level pages
marked "in the menu", by (order, title), each with `menu_children`, the tuple
of its own published in-menu children, in the same order. Their
get_absolute_url() costs no query (each child's parent is set from the same
result).

One query per page-cache generation and process (publishing.page_cache.keep):
any page saved starts a new generation, so the menu follows every edit.
"""

from publishing.page_cache import keep

from .models import Page


def _compute():
    # Both levels in one query; a child whose parent is not in the menu is not either.
    pages = list(
        Page.objects.published().filter(in_menu=True).for_menu().order_by("order", "title")
    )
    top = [page for page in pages if page.parent_id is None]
    by_id = {page.pk: page for page in top}
    children = {page.pk: [] for page in top}
    for page in pages:
        parent = by_id.get(page.parent_id)
        if parent is not None:
            page.parent = parent  # no query for the child's address
            children[parent.pk].append(page)
    for page in top:
        page.menu_children = tuple(children[page.pk])
    return tuple(top)


def menu_pages():
    """The top-level menu pages, each with `menu_children`. At most one query;
    none when this process has already computed it for the current generation.
    The pages are shared between requests: never change them.
    """
    return keep("menu-pages", _compute)
