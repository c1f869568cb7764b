"""Pictures in an article's body: responsive on the page, checked before publication.

The body keeps the plain `<img src alt>` that CKEditor 5 writes and edits and
that the sanitiser allows (publishing/sanitize.py). A picture uploaded through
the editor is a row of the library (media_library.models.MediaImage) with WebP
and JPEG renditions; `render_body` prints each such `<img>` as the same
`<picture>` covers get (news/cards.py picture_html()), looked up
in one query per page, so a phone never downloads the full-size upload. Any
other picture (from another site, or without renditions) is left as written.

Bodies are read with a regular expression, not an HTML parser: they have been
through nh3, whose output escapes `<` in text and quotes every attribute value,
so a tag ends at the first `>` outside quotes. Every tag is read whole, so an
"<img …>" written inside another tag's attribute (a link's title) is never
taken for a picture.
"""

import html
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from media_library.models import MediaImage
from media_library.renditions import picture
from videos.embeds import render_videos

from .cards import picture_html

# How wide a body picture is drawn: the article column (as the cover; static/css/site.css).
BODY_SIZES = "(min-width: 48rem) 46rem, 100vw"

TAG = re.compile(r"""<(/?[a-zA-Z][a-zA-Z0-9]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


@dataclass(frozen=True)
class BodyImage:
    start: int  # where its <img …> tag is in the body
    end: int
    src: str
    alt: str

    @property
    def library_name(self) -> str | None:
        """The storage name of a picture served from MEDIA_URL on this site, else None."""
        url = urlsplit(self.src)
        if url.scheme or url.netloc or not url.path.startswith(settings.MEDIA_URL):
            return None
        return unquote(url.path.removeprefix(settings.MEDIA_URL)) or None


def body_images(body: str) -> list[BodyImage]:
    """Every `<img>` of `body`, in order, with its `src` and `alt` unescaped."""
    images = []
    for tag in TAG.finditer(body or ""):
        if tag.group(1).lower() != "img":
            continue
        attributes = {}
        for name, double, single, bare in ATTRIBUTE.findall(tag.group(2)):
            attributes.setdefault(name.lower(), html.unescape(double or single or bare))
        images.append(
            BodyImage(tag.start(), tag.end(), attributes.get("src", ""), attributes.get("alt", ""))
        )
    return images


def library_names(body: str) -> set[str]:
    """Storage names of the pictures `body` shows from our media (library candidates)."""
    return {image.library_name for image in body_images(body)} - {None}


def render_body(body: str, sizes: str = BODY_SIZES) -> SafeString:
    """`body` with each library picture as a lazy, responsive `<picture>`, and each
    YouTube embed as a facade that loads the player on demand (videos/embeds.py).

    One query when the body shows pictures from our media, one when it embeds
    videos, none otherwise. `body` is trusted: it was sanitised when it was saved.
    """
    # Videos after the pictures, whose lookup need not see the facades' thumbnails;
    # a body without a video comes back as it was (render_videos' own check).
    html = render_videos(_render_pictures(body, sizes))
    return mark_safe(html)  # noqa: S308 (sanitised body, escaped picture)


def _render_pictures(body: str, sizes: str) -> SafeString:
    # Most bodies have no picture: one scan in C instead of reading every tag.
    if "<img" not in body:
        return mark_safe(body)  # noqa: S308 (sanitised on save)
    images = body_images(body)
    names = {image.library_name for image in images} - {None}
    if not names:
        return mark_safe(body)  # noqa: S308 (sanitised on save)
    library = {
        item.file.name: item
        for item in MediaImage.objects.filter(file__in=names).only(
            "file", "width", "height", "renditions"
        )
    }
    parts, position = [], 0
    for image in images:
        found = library.get(image.library_name)
        rendered = picture(found) if found else None
        if rendered is None:
            continue
        parts.append(body[position : image.start])
        parts.append(picture_html(rendered, image.alt, sizes))
        position = image.end
    parts.append(body[position:])
    return mark_safe("".join(parts))  # noqa: S308 (sanitised body, escaped picture)


def missing_alt_errors(body: str) -> list[str]:
    """A message per picture without alt text, naming it by its place and file.

    One query, for the uploaded names, when a picture lacks alt text; none otherwise.
    """
    images = body_images(body)
    missing = [(number, image) for number, image in enumerate(images, 1) if not image.alt.strip()]
    if not missing:
        return []
    names = {image.library_name for _number, image in missing} - {None}
    uploaded = dict(
        MediaImage.objects.filter(file__in=names).values_list("file", "original_name")
        if names
        else []
    )
    return [
        _(
            "Picture %(number)s in the body (%(name)s) has no alt text. "
            "Click the picture, then the alt text icon."
        )
        % {
            "number": number,
            "name": uploaded.get(image.library_name)
            or PurePosixPath(unquote(urlsplit(image.src).path)).name
            or image.src,
        }
        for number, image in missing
    ]
