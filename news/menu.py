"""The divisions as the site menu and the home page list them."""

from publishing import page_cache

from .models import Division


def menu_divisions():
    """The divisions, queried once per process and cache generation."""
    return page_cache.keep("menu-divisions", lambda: tuple(Division.objects.all()))


def with_menu_divisions(articles):
    """`articles` (a list), each given its division from the menu's list, so that
    hand-written SQL need not join it. A division created since the menu was read
    is left to load on its own."""
    divisions = {division.pk: division for division in menu_divisions()}
    for article in articles:
        if article.division_id in divisions:
            article.division = divisions[article.division_id]
    return articles
