"""The office's settings as pages read them: office.site.current().

Every public page prints the office's name, contacts and links (header, footer,
titles), so they are read once per process and cache generation
(publishing/page_cache.keep()), both models in one query; saving either starts
a new generation (office/apps.py), so an edit shows on every page at once.
"""

from django.conf import settings
from django.db import connection
from django.db.models import Value
from django.db.models.functions import JSONObject

from publishing import page_cache

from .models import SINGLETON_PK, ExternalLink, SiteSettings

# SiteSettings field → the setting (from the environment, kpu_site/settings/base.py)
# it takes its value from while no administrator has saved the settings.
FROM_ENVIRONMENT = {
    "name": "OFFICE_NAME",
    "region": "OFFICE_REGION",
    "address": "OFFICE_ADDRESS",
    "phone": "OFFICE_PHONE",
    "whatsapp": "OFFICE_WHATSAPP",
    "email": "OFFICE_EMAIL",
    "office_hours": "OFFICE_HOURS",
    "map_url": "OFFICE_MAP_URL",
    "instagram_url": "OFFICE_INSTAGRAM",
    "facebook_url": "OFFICE_FACEBOOK",
    "x_url": "OFFICE_X",
    "youtube_url": "OFFICE_YOUTUBE",
    "tiktok_url": "OFFICE_TIKTOK",
}

SETTINGS_ROW, LINK_ROW = 0, 1


def defaults():
    """The settings' values from the environment (also the admin's first form)."""
    return {field: getattr(settings, name) for field, name in FROM_ENVIRONMENT.items()}


def current():
    """The office's SiteSettings (unsaved, from the environment, while there is no
    row), with `.links`: the shown external links in order.

    One query per process and cache generation; none after that. Never change
    what it returns: every request of this process shares it.
    """
    return page_cache.keep("office-settings", _load)


def _load():
    # One query for both: a UNION of the settings row (if any) and the shown
    # links, each as one JSON object, since the two tables' columns differ.
    settings_fields = [field.attname for field in SiteSettings._meta.concrete_fields]
    link_fields = [field.attname for field in ExternalLink._meta.concrete_fields]
    row = SiteSettings.objects.filter(pk=SINGLETON_PK).values(
        kind=Value(SETTINGS_ROW), data=JSONObject(**{name: name for name in settings_fields})
    )
    links = ExternalLink.objects.filter(active=True).values(
        kind=Value(LINK_ROW), data=JSONObject(**{name: name for name in link_fields})
    )
    office = None
    shown = []
    for item in row.union(links, all=True):
        data = item["data"]
        if item["kind"] == SETTINGS_ROW:
            values = [data[name] for name in settings_fields]
            office = SiteSettings.from_db(connection.alias, settings_fields, values)
        else:
            values = [data[name] for name in link_fields]
            shown.append(ExternalLink.from_db(connection.alias, link_fields, values))
    if office is None:
        office = SiteSettings(**defaults())
    shown.sort(key=lambda link: (link.order, link.title))
    office.links = tuple(shown)
    return office
