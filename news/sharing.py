"""Sharing: an article's share links (plain URLs, no third-party script), and
the pictures link previews show (Open Graph and Twitter tags).
"""

import mimetypes
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlencode

from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from PIL import Image

from kpu_site.site_url import absolute_url

from . import renditions


@dataclass(frozen=True)
class ShareLink:
    network: str  # CSS hook and test handle
    label: str  # visible text
    accessible_name: str
    href: str


def share_links(url: str, title: str) -> list[ShareLink]:
    """WhatsApp first: it is how most readers here pass news on."""
    return [
        ShareLink(
            "whatsapp",
            "WhatsApp",
            _("Share on WhatsApp"),
            "https://wa.me/?" + urlencode({"text": f"{title} {url}"}),
        ),
        ShareLink(
            "facebook",
            "Facebook",
            _("Share on Facebook"),
            "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        ),
        ShareLink(
            "x",
            "X",
            _("Share on X (Twitter)"),
            "https://x.com/intent/post?" + urlencode({"text": title, "url": url}),
        ),
        ShareLink(
            "telegram",
            "Telegram",
            _("Share on Telegram"),
            "https://t.me/share/url?" + urlencode({"url": url, "text": title}),
        ),
    ]


def share_buttons(links: list[ShareLink], url: str, title: str) -> SafeString:
    """The share section of an article or announcement: `links`, copying the link,
    and the phone's own share sheet (static/js/article.js shows the last two).

    Written in Python, as the cards are (news/cards.py): on every first render of
    the article page, the included template cost a tenth of its time.
    """
    items = format_html_join(
        "\n    ",
        '<li><a class="share__link share__link--{}" href="{}" target="_blank" '
        'rel="noopener noreferrer" aria-label="{}">{}</a></li>',
        ((link.network, link.href, link.accessible_name, link.label) for link in links),
    )
    return format_html(
        """<section class="share" aria-labelledby="share-heading">
  <h2 id="share-heading" class="share__heading">{heading}</h2>
  <ul class="share__list">
    {items}
    <li><a class="share__link share__link--copy" href="{url}" data-copy-link \
aria-label="{copy_name}">{copy}</a></li>
    <li><button class="share__link share__link--native" type="button" data-native-share \
data-url="{url}" data-title="{title}" hidden>{native}</button></li>
  </ul>
  <p class="share__status" data-share-status role="status"
     data-copied="{copied}"
     data-copy-failed="{copy_failed}"></p>
</section>""",
        heading=_("Share"),
        items=items,
        url=url,
        title=title,
        copy_name=_("Copy the article’s link"),
        copy=_("Copy link"),
        native=_("Share via…"),
        copied=_("Link copied."),
        copy_failed=_("The link could not be copied. Copy it from the address bar."),
    )


# --- Link previews (Open Graph, Twitter) -------------------------------------

DEFAULT_IMAGE = "img/share-default.png"


@dataclass(frozen=True)
class PreviewImage:
    """A picture for og:image and the like, with what crawlers want to know of it."""

    url: str  # absolute
    width: int | None
    height: int | None
    type: str
    alt: str


@cache
def static_image_size(path: str) -> tuple[int, int, str]:
    """(width, height, media type) of a picture among the static files.

    Read once per process: static files change only with a deployment.
    """
    with Image.open(finders.find(path)) as image:
        return image.width, image.height, Image.MIME[image.format]


def static_image(request, path: str, alt: str) -> PreviewImage:
    width, height, media_type = static_image_size(path)
    return PreviewImage(absolute_url(static(path), request), width, height, media_type, alt)


def default_image(request) -> PreviewImage:
    """The office's share picture, for pages (and articles) without a cover."""
    # Says what the picture shows: its text.
    return static_image(request, DEFAULT_IMAGE, _("KPU News: General Elections Commission"))


def article_image(request, article) -> PreviewImage:
    """The article's 1200×630 share crop; its original cover until the crop is made;
    the default picture without a cover. Reads no file and runs no query.
    """
    if not article.cover:
        return default_image(request)
    share = renditions.share_image(article)
    if share:
        width, height = share["width"], share["height"]
        url, media_type = share["url"], renditions.SHARE_MEDIA_TYPE
    else:
        width, height = article.cover_width, article.cover_height
        url = article.cover.url
        media_type = mimetypes.guess_type(article.cover.name)[0] or ""
    return PreviewImage(absolute_url(url, request), width, height, media_type, article.cover_alt)


def page_url(request, page_number=1) -> str:
    """The page's address for og:url when its view names no canonical_url: the
    path without its query string, but for the page number.
    """
    path = request.path
    if page_number and page_number > 1:
        path += "?" + urlencode({"page": page_number})
    return absolute_url(path, request)
