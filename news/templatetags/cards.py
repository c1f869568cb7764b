"""{% article_card %}: a news card, rendered once per article and generation in each process."""

from django import template
from django.template.loader import get_template

from news import page_cache

register = template.Library()

# Enough for every card a worker shows between two edits; past it, start over.
MAX_CARDS = 2000


@register.simple_tag
def article_card(article, level=2, large=False, eager=False):
    """The card for `article` (news/includes/article_card.html).

    The same article makes the same card on the home page, the lists and as a
    related article, until something changes: kept per generation
    (news/page_cache.py), a first render of a page reuses the cards other pages
    drew. A search result's card carries its own snippet and is never kept.
    """
    searched = getattr(article, "snippet_html", None) is not None
    cards = page_cache.per_generation("article-cards", dict)
    key = (article.pk, level, bool(large), bool(eager))
    if not searched and key in cards:
        return cards[key]
    html = get_template("news/includes/article_card.html").render(
        {"article": article, "level": level, "large": large, "eager": eager}
    )
    if not searched:
        if len(cards) >= MAX_CARDS:
            cards.clear()
        cards[key] = html
    return html
