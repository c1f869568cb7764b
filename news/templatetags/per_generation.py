"""{% include_per_generation %}: an include drawn once per process and cache generation."""

from django import template
from django.template.loader import get_template

from news import page_cache

register = template.Library()


@register.simple_tag(takes_context=True)
def include_per_generation(context, template_name):
    """`template_name` rendered with this page's context, kept until something changes.

    For the parts every page shows alike and only an edit changes (the brand,
    the menu): news/page_cache.py starts a new generation on every edit, and
    keeps nothing while the shared cache is unreachable. What the template
    reads must therefore be the same on every page: the context processors'
    values, never the page's own (the search box's query stays outside).
    """
    return page_cache.per_generation(
        f"include:{template_name}",
        lambda: get_template(template_name).render(context.flatten()),
    )
