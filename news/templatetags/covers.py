"""{% cover_picture %}: an article's cover as a responsive <picture>, from stored data only."""

from django import template

from news import renditions
from news.cards import picture_html

register = template.Library()


@register.simple_tag
def cover_picture(article, sizes, loading="lazy", fetchpriority="", css_class=""):
    """WebP and JPEG srcsets from article.cover_renditions: no query, no file access.

    `sizes` says how wide the picture is drawn (it depends on the page's CSS);
    `loading="eager"` and `fetchpriority="high"` for the picture seen first.
    Prints nothing for an article without a cover.
    """
    return picture_html(
        renditions.cover_picture(article),
        article.cover_alt,
        sizes,
        loading=loading,
        fetchpriority=fetchpriority,
        css_class=css_class,
    )
