from django.utils.functional import SimpleLazyObject


def office(request):
    """The office's settings (office/site.py) as `office`, and its name and region
    as OFFICE_NAME and OFFICE_REGION, printed in the header, footer and titles.

    Lazy: read (one query per process and cache generation) only by a page that
    prints them. Also used by pages drawn without a request (publishing/page_cache.py).
    """
    from office.site import current  # office.site imports the page cache, which imports this

    settings = SimpleLazyObject(current)
    return {
        "office": settings,
        "OFFICE_NAME": SimpleLazyObject(lambda: settings.name),
        "OFFICE_REGION": SimpleLazyObject(lambda: settings.region),
    }


def navigation(request):
    """Divisions and menu pages for the site menu: read only by a page that draws
    the menu, and then once per cache generation each (the menu itself is kept
    through {% cached_include %}, templates/includes/site_nav.html)."""
    from news.menu import menu_divisions  # as above: the page cache imports this module
    from pages.menu import menu_pages

    return {
        "nav_divisions": SimpleLazyObject(menu_divisions),
        "nav_pages": SimpleLazyObject(menu_pages),
    }
