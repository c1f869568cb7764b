"""{% cached_include %}: an {% include %} drawn once per process and cache generation."""

from django import template
from django.template.loader import get_template

from publishing import page_cache

register = template.Library()


@register.simple_tag(takes_context=True)
def cached_include(context, template_name, **values):
    """`template_name` rendered with this page's context and `values`, kept until
    something changes (publishing/page_cache.keep()): for the parts many pages
    draw alike, the header and the news cards.

    The key is the template and `values` (a model instance by its pk), so what
    the template reads must be in `values`, or alike on every page (the context
    processors' values): never the page's own (a search result's snippet, the
    search box's query).
    """
    key = (template_name, *((name, getattr(value, "pk", value)) for name, value in values.items()))
    return page_cache.keep(
        key, lambda: get_template(template_name).render({**context.flatten(), **values})
    )
