"""A news card and a cover's <picture>, written in Python.

Every list, the home page, search results and the related news draw cards:
through an included template each card cost a first render more than the rest
of a list page together (bench/RESULTS.md, issue 16). format_html() escapes
every value, as the template did.
"""

from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from kpu_site.formatting import long_date
from publishing import page_cache

from . import renditions

# How wide a card's picture is drawn (static/css: the card grids).
CARD_SIZES = "(min-width: 64rem) 22rem, (min-width: 48rem) 45vw, 100vw"
LARGE_CARD_SIZES = "(min-width: 64rem) 32rem, (min-width: 48rem) 58vw, 100vw"


def picture_html(picture, alt, sizes, loading="lazy", fetchpriority="", css_class=""):
    """A <picture> (WebP and JPEG srcsets, and phone-sized ones when `picture` has
    them) from the renditions' dict (news.renditions.cover_picture(),
    media_library.renditions.picture()), or "" for None."""
    if not picture:
        return ""
    parts = [SafeString("<picture>")]
    if picture.get("phone_webp_srcset"):
        parts.append(
            format_html(
                '\n  <source type="image/webp" media="{}" srcset="{}">',
                picture["phone_media"],
                picture["phone_webp_srcset"],
            )
        )
    if picture.get("phone_srcset"):
        parts.append(
            format_html(
                '\n  <source media="{}" srcset="{}">',
                picture["phone_media"],
                picture["phone_srcset"],
            )
        )
    if picture["webp_srcset"]:
        parts.append(
            format_html(
                '\n  <source type="image/webp" srcset="{}" sizes="{}">',
                picture["webp_srcset"],
                sizes,
            )
        )
    attributes = []
    if css_class:
        attributes.append(("class", css_class))
    attributes.append(("src", picture["src"]))
    if picture["srcset"]:
        attributes += [("srcset", picture["srcset"]), ("sizes", sizes)]
    attributes += [
        ("width", picture["width"]),
        ("height", picture["height"]),
        ("alt", alt),
        ("loading", loading),
        ("decoding", "async"),
    ]
    if fetchpriority:
        attributes.append(("fetchpriority", fetchpriority))
    parts.append(format_html("\n  <img{}>", format_html_join("", ' {}="{}"', attributes)))
    parts.append(SafeString("\n</picture>"))
    return SafeString("".join(parts))


def card_html(article, level=2, large=False, eager=False):
    """An article's card: cover, division, date, title, and its lead (or, on
    search results, its highlighted `snippet_html`).

    Kept per process and cache generation (publishing/page_cache.keep()): the same
    cards fill the home page, the lists and every article's related news. A
    search result's card, with its reader's words marked, is drawn each time.
    """
    snippet = getattr(article, "snippet_html", None)
    if snippet:
        return _card_html(article, level, large, eager, snippet)
    return page_cache.keep(
        ("card", article.pk, level, large, eager),
        lambda: _card_html(article, level, large, eager, None),
    )


def _card_html(article, level, large, eager, snippet):
    picture = picture_html(
        renditions.cover_picture(article),
        article.cover_alt,
        LARGE_CARD_SIZES if large else CARD_SIZES,
        loading="eager" if eager else "lazy",
        fetchpriority="high" if eager else "",
        css_class="card__image",
    )
    published = timezone.localtime(article.published_at)
    return format_html(
        '<article class="card{}">\n  {}\n  <div class="card__body">\n'
        '    <p class="card__meta">\n'
        '      <a class="card__division" href="{}">{}</a>\n'
        '      <a class="card__date" href="{}"><time datetime="{}">{}</time></a>\n'
        "    </p>\n"
        '    <h{} class="card__title"><a href="{}">{}</a></h{}>\n'
        '    <p class="card__lead{}">{}</p>\n'
        "  </div>\n</article>",
        " card--large" if large else "",
        picture,
        article.division.get_absolute_url(),
        article.division.name,
        reverse("news:archive-month", kwargs={"year": published.year, "month": published.month}),
        dateformat.format(published, "c"),
        long_date(published),
        level,
        article.get_absolute_url(),
        article.title,
        level,
        " card__snippet" if snippet else "",
        snippet or article.lead,
    )
