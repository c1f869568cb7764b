from django.utils.functional import SimpleLazyObject

from .models import Division


def navigation(request):
    """Divisions for the site menu: one query, and only on pages that show the menu."""
    return {"nav_divisions": SimpleLazyObject(lambda: list(Division.objects.all()))}
