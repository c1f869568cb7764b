"""What the page template needs, for the public page and the staff preview alike.

Its own module so that the admin's preview (pages/admin.py) need not import the
public views.
"""

from django.utils.translation import gettext_lazy

from kpu_site.site_url import absolute_url
from news.body_images import render_body
from news.breadcrumbs import HOME_CRUMB, crumb
from publishing.fields import SEARCH_VECTORS

from .models import Page, Person

# The organisation page's headings, in its order.
GROUP_HEADINGS = {
    Person.Group.COMMISSIONER: gettext_lazy("Commissioners"),
    Person.Group.SECRETARIAT: gettext_lazy("Secretariat"),
}


def people_groups(people):
    """[(heading, [person, …]), …], commissioners first, empty groups left out."""
    by_group = {}
    for person in people:
        by_group.setdefault(person.group, []).append(person)
    return [
        (heading, by_group[group]) for group, heading in GROUP_HEADINGS.items() if group in by_group
    ]


def page_context(request, page):
    """Everything the page template needs but the menu.

    `page` comes with its parent selected. Queries: one for the children of a
    top-level page, one for the people of a "people" page, one for the body's
    library pictures if it shows any.
    """
    breadcrumbs = [HOME_CRUMB]
    if page.parent_id is not None:
        breadcrumbs.append(crumb(page.parent.title, page.parent.get_absolute_url()))
    breadcrumbs.append(crumb(page.title))
    children = []
    if page.parent_id is None:
        children = list(Page.objects.published().filter(parent=page).defer("body", *SEARCH_VECTORS))
        for child in children:
            child.parent = page  # their addresses without a query each
    people = Person.objects.for_page() if page.layout == Page.Layout.PEOPLE else ()
    return {
        "page": page,
        "body_html": render_body(page.body),
        "breadcrumbs": breadcrumbs,
        "canonical_url": absolute_url(page.get_absolute_url(), request),
        "children": children,
        "people_groups": people_groups(people),
    }
