"""The one place that decides which HTML an article body may contain.

CKEditor 5 filters markup in the browser, but that is a convenience, not a
security boundary: anyone with a login can POST raw HTML. Everything stored in
a rich-text field goes through `clean_html` (see publishing/fields.py).
"""

import nh3

# What our CKEditor toolbar produces (settings.CKEDITOR_5_CONFIGS), nothing more.
ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "a", "ul", "ol", "li", "blockquote", "hr", "code", "pre",
    "figure", "figcaption", "img",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
# Layout classes CKEditor puts on figures; no `style` attribute at all, so no
# CSS-based tricks (overlays, exfiltration through url()).
ALLOWED_CLASSES = {
    "figure": {"image", "image-style-side", "image-style-block-align-left", "table"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean_html(html: str) -> str:
    """Return `html` with everything outside the allow-lists removed."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template"},
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
