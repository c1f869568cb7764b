"""{% cover_picture %}: an article's cover as a responsive <picture>, from stored data only."""

from django import template

from news import renditions

register = template.Library()


@register.inclusion_tag("news/includes/cover_picture.html")
def cover_picture(article, sizes, loading="lazy", fetchpriority="", css_class=""):
    """WebP and JPEG srcsets from article.cover_renditions: no query, no file access.

    `sizes` says how wide the picture is drawn (it depends on the page's CSS);
    `loading="eager"` and `fetchpriority="high"` for the picture seen first.
    Prints nothing for an article without a cover.
    """
    return {
        "picture": renditions.cover_picture(article),
        "alt": article.cover_alt,
        "sizes": sizes,
        "loading": loading,
        "fetchpriority": fetchpriority,
        "css_class": css_class,
    }
