from django.utils.functional import SimpleLazyObject

from . import page_cache
from .models import Division


def menu_divisions():
    """The divisions, queried once per process until something changes."""
    return page_cache.per_generation("menu-divisions", lambda: list(Division.objects.all()))


def navigation(request):
    """Divisions for the site menu, only on pages that show the menu."""
    return {"nav_divisions": SimpleLazyObject(menu_divisions)}
