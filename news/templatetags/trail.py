"""{% breadcrumb_trail crumbs %}: news/breadcrumbs.py's trail."""

from django import template

from news.breadcrumbs import trail_html

register = template.Library()
register.simple_tag(trail_html, name="breadcrumb_trail")
