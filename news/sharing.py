"""Sharing: an article's share links (plain URLs, no third-party script), and
the pictures link previews show (Open Graph and Twitter tags).
"""

import mimetypes
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlencode

from django.contrib.staticfiles import finders
from django.templatetags.static import static
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
