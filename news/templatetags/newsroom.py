"""Template tags for the admin (the newsroom)."""

from django import template

from news.dashboard import start_page

register = template.Library()


@register.inclusion_tag("admin/news/start_page.html", takes_context=True)
def newsroom_start_page(context):
    """The start page's lists and chart for the user (news/dashboard.py).

    A fixed number of queries whatever the number of items.
    """
    return start_page(context["request"].user)
