"""The divisions as the site menu and the home page list them."""

from publishing import page_cache

from .models import Division


def menu_divisions():
    """The divisions, queried once per process and cache generation."""
    return page_cache.keep("menu-divisions", lambda: tuple(Division.objects.all()))
