from django.utils.functional import SimpleLazyObject

from publishing import page_cache

from .models import Division


def menu_divisions():
    """The divisions, queried once per process and cache generation."""
    return page_cache.keep("menu-divisions", lambda: tuple(Division.objects.all()))


def navigation(request):
    """Divisions for the site menu, only on pages that draw the menu."""
    return {"nav_divisions": SimpleLazyObject(menu_divisions)}
