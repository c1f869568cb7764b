"""{% article_card article level=3 large=True eager=True %}: news/cards.py's card."""

from django import template

from news.cards import card_html

register = template.Library()
register.simple_tag(card_html, name="article_card")
