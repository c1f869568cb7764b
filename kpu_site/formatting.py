"""Indonesian forms of dates and numbers, as readers of a KPU site expect them.

Plain functions for forms, the admin and messages; templates reach them as
filters through news/templatetags/news_format.py.
"""

import functools
import json

from django.utils import dateformat, timezone
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

# Characters that could end a <script> element or start markup inside JSON-LD.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def long_date(value):
    """Selasa, 31 Mei 2022 (Django's `id` DATE_FORMAT abbreviates months)."""
    if not value:
        return ""
    return long_day(timezone.localtime(value).date(), get_language())


@functools.lru_cache(maxsize=4096)
def long_day(day, language):
    """long_date() of a local date in `language` (the active one when it was
    written), for a loop that reads both once: written once per process, day and
    language, since a page of search results or cards repeats few days, and
    Django's formatter costs a result a tenth of a millisecond."""
    return dateformat.format(day, "l, j F Y")


def clock_time(value):
    """14.30 WIB: Indonesian uses a dot, and the zone tells WIB, WITA and WIT apart."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{local:%H.%M} {local.tzname()}"


def date_and_time(value):
    """Selasa, 31 Mei 2022 14.30 WIB."""
    return f"{long_date(value)} {clock_time(value)}"


def thousands(value):
    """1.234: thousands grouped with dots whatever USE_THOUSAND_SEPARATOR says."""
    return number_format(value, force_grouping=True)


def json_ld(data):
    """Serialise for <script type="application/ld+json"> without letting text break out."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES))  # noqa: S308
