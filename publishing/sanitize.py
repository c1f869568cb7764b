"""The one place that decides which HTML an article body may contain.

CKEditor 5 filters markup in the browser, but that is a convenience, not a
security boundary: anyone with a login can POST raw HTML. Everything stored in
a rich-text field goes through `clean_html` (see publishing/fields.py).
"""

import re

import nh3

from videos import youtube

# What our CKEditor toolbar produces (settings.CKEDITOR_5_CONFIGS), nothing more.
ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "a", "ul", "ol", "li", "blockquote", "hr", "code", "pre",
    "figure", "figcaption", "img",
    "oembed",  # a YouTube video (CKEditor's media embed), in one shape only: see below
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "oembed": {"url"},
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
# Layout classes CKEditor puts on figures; no `style` attribute at all, so no
# CSS-based tricks (overlays, exfiltration through url()).
ALLOWED_CLASSES = {
    "figure": {"image", "image-style-side", "image-style-block-align-left", "table", "media"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

# Whatever video markup is not exactly a stored embed (videos/youtube.py): an
# <oembed> elsewhere or without a YouTube link, a figure calling itself "media".
VIDEO_MARKUP = re.compile(
    rf"(?P<embed>{youtube.STORED_EMBED.pattern})"
    r"|</?oembed\b[^>]*>"
    r'|<figure class="(?P<classes>[^"]*)">'
)


def _attribute(element, attribute, value):
    """nh3's attribute filter: an embed's link must be a YouTube video's, kept in its
    one stored form; nh3 does not read `url` as a link, so no scheme check applies."""
    if element == "oembed" and attribute == "url":
        video = youtube.parse(value)
        return youtube.canonical_url(video) if video else None
    return value


def _keep_only_video_embeds(html: str) -> str:
    """Exactly `<figure class="media"><oembed url="(YouTube)"></oembed></figure>`, nothing
    else video-like. nh3's output escapes `<` and `>` in text and attribute values,
    so every match is a real tag."""

    def replace(match):
        if match["embed"]:
            return match[0]
        if match["classes"] is None:
            return ""  # a stray <oembed> or </oembed>
        classes = " ".join(name for name in match["classes"].split() if name != "media")
        return f'<figure class="{classes}">' if classes else "<figure>"

    return VIDEO_MARKUP.sub(replace, html)


def clean_html(html: str) -> str:
    """Return `html` with everything outside the allow-lists removed."""
    if not html:
        return ""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template"},
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_attribute,
    )
    if "<oembed" in cleaned or "<figure class=" in cleaned:
        return _keep_only_video_embeds(cleaned)
    return cleaned
