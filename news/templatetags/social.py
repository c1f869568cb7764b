"""Link previews and structured data in a page's <head>.

{% social_meta %} prints the Open Graph and Twitter tags (and a list's
BreadcrumbList). base.html prints it for every page from what the page's
context already holds (heading, description, canonical_url, breadcrumbs, the
list's articles); a view may override any of it with a `social` dict (keys
type, title, description, url, image); the article page passes its own.
Runs no query of its own. Written out in Python rather than through an
inclusion template: it is on every first render, where the template machinery
cost more than the tags themselves (bench/RESULTS.md, issue 14).
"""

from html import escape

from django import template
from django.template.defaultfilters import truncatechars
from django.utils.html import format_html
from django.utils.safestring import SafeData, SafeString
from django.utils.translation import gettext as _

from kpu_site.formatting import json_ld
from news import sharing, structured_data
from office.site import current as current_office

register = template.Library()

# As long as the meta description of a list (templates/news/article_list.html).
DESCRIPTION_LENGTH = 160


@register.simple_tag(takes_context=True)
def social_meta(context, **overrides):
    values = _social_values(context, overrides)
    if values is None:
        return ""
    image = values["image"]
    tags = [
        ("property", "og:type", values["type"]),
        ("property", "og:site_name", values["site_name"]),
        ("property", "og:locale", "id_ID"),
        ("property", "og:title", values["title"]),
        ("property", "og:description", values["description"]),
        ("property", "og:url", values["url"]),
        ("property", "og:image", image.url),
    ]
    if image.width and image.height:
        tags += [("property", "og:image:width", image.width)]
        tags += [("property", "og:image:height", image.height)]
    if image.type:
        tags += [("property", "og:image:type", image.type)]
    tags += [
        ("property", "og:image:alt", image.alt),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", values["title"]),
        ("name", "twitter:description", values["description"]),
        ("name", "twitter:image", image.url),
        ("name", "twitter:image:alt", image.alt),
    ]
    html = SafeString(
        "\n  ".join(
            f'<meta {attribute}="{name}" content="{_escaped(value)}">'
            for attribute, name, value in tags
        )
    )
    if values["breadcrumb_data"]:
        html += format_html(
            '\n  <script type="application/ld+json">{}</script>',
            json_ld(values["breadcrumb_data"]),
        )
    return html


def _escaped(value):
    """conditional_escape(value) without its lazy-string wrapper, which cost the
    page's 15 tags more than writing them (on every uncached page)."""
    return value if isinstance(value, SafeData) else escape(str(value))


def _social_values(context, overrides):
    request = context.get("request")
    if request is None:  # a page drawn without one has no address to preview
        return None
    office_name = current_office().name
    values = {**(context.get("social") or {}), **overrides}
    page_obj = context.get("page_obj")
    url = (
        values.get("url")
        or context.get("canonical_url")
        or sharing.page_url(request, page_obj.number if page_obj else 1)
    )
    # A view's own description is printed whole (an article's lead); a list's
    # (a division's, an author's biography) is cut as its meta description is.
    description = values.get("description") or truncatechars(
        " ".join(
            str(
                context.get("description")
                or _("Official news of %(office)s.") % {"office": office_name}
            ).split()
        ),
        DESCRIPTION_LENGTH,
    )
    breadcrumbs = context.get("breadcrumbs")
    return {
        "type": values.get("type", "website"),
        "site_name": office_name,
        "title": values.get("title") or context.get("heading") or office_name,
        "description": description,
        "url": url,
        "image": values.get("image") or _list_image(request, context),
        # The trail of any page but the article's, whose NewsArticle holds its own.
        "breadcrumb_data": (
            {
                "@context": "https://schema.org",
                **structured_data.breadcrumb_list(request, breadcrumbs),
            }
            if breadcrumbs and values.get("type") != "article"
            else None
        ),
    }


def _list_image(request, context):
    """A news list shows its newest article's picture; other pages the office's.

    The list's articles are read here once and the page's loop reuses them
    (a queryset keeps its rows): no query is added. Search results are not
    a newest-first list, so they keep the office's picture.
    """
    articles = context.get("articles")
    if articles is not None and "query" not in context:
        for article in articles:
            if article.cover:
                return sharing.article_image(request, article)
            break
    return sharing.default_image(request)


@register.simple_tag
def share_section(links, url, title):
    """The share buttons (news.sharing.share_buttons())."""
    return sharing.share_buttons(links, url, title)


@register.simple_tag(takes_context=True)
def home_structured_data(context):
    """The office (with its contacts and address) and the website, for the home page."""
    return structured_data.home_page(context["request"])
