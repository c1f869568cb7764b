"""The site's Indonesian formats (kpu_site/formatting.py) as template filters."""

from django import template

from kpu_site import formatting

register = template.Library()

register.filter("long_date", formatting.long_date)
register.filter("clock_time", formatting.clock_time)
register.filter("thousands", formatting.thousands)
register.filter("json_ld", formatting.json_ld)
