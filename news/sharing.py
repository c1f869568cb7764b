"""Share links for an article: plain URLs, no third-party script."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.translation import gettext as _


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
