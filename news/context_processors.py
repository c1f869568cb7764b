import uuid

from django.utils.functional import SimpleLazyObject

from . import page_cache
from .models import Division


def menu_divisions():
    """The divisions, queried once per process until something changes."""
    return page_cache.per_generation("menu-divisions", lambda: list(Division.objects.all()))


def fragment_generation():
    """What {% cache %} keys the page chrome on: the generation, or a one-off key
    while the shared cache is unreachable, so nothing old is shown then."""
    return page_cache.current_generation() or uuid.uuid4().hex


def navigation(request):
    """Divisions for the site menu, and the generation its cached copy is kept for.

    Both lazy: only pages that show the menu read them. templates/base.html keys
    the {% cache %} of its header on `page_generation`, so an edit that starts a
    new generation (news/page_cache.py) redraws the menu.
    """
    return {
        "nav_divisions": SimpleLazyObject(menu_divisions),
        "page_generation": SimpleLazyObject(fragment_generation),
    }
