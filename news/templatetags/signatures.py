"""The author's signature at the end of an article, printed once.

The article page adds "[Mrul]" after the body. Writers used to type it
themselves, so a body that already ends with it ("… ujarnya. [Mrul]", or a
last paragraph "[Mrul]") is not signed again.
"""

from django import template

from publishing.revisions import body_text

register = template.Library()

# Enough of the body's end to hold the signature with the markup around it
# (closing tags, empty paragraphs); reading the whole text would be wasted.
TAIL = 2_000


@register.filter
def signed_by(body, signature):
    """Whether the body's text already ends with "[signature]" (any case, any spacing)."""
    if not signature:
        return False
    ending = " ".join(body_text(body[-TAIL:]).split())
    return ending.casefold().endswith(f"[{signature.strip()}]".casefold())
