"""What makes a tag name acceptable: every tag has a public address, /tag/<slug>/.

taggit makes a tag's slug from its name. A name with no Latin letter or digit
(emoji, Arabic script) gives an empty or non-ASCII slug that the tag URL cannot
hold, and every page linking to the tag would fail. The database refuses such a
slug too (migration 0007_tag_slug_is_an_address); the forms say why first.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from taggit.models import Tag
from taggit.utils import parse_tags

# What the tag page's URL accepts (news/urls.py, <slug:slug>), starting with a
# letter or digit as taggit's slugify makes them. The migration states it again in SQL.
TAG_SLUG = re.compile(r"[a-zA-Z0-9][-a-zA-Z0-9_]*")


def validate_tag_name(name):
    """Refuse a new tag name too long for its column, or one whose page would have no address.

    An existing tag passes: an editor may have given it an address by hand in the
    tags' admin (a name in Arabic script with a Latin slug).
    """
    if "\x00" in name:
        return  # the form field's own validator says so; the lookup below would fail
    limit = Tag._meta.get_field("name").max_length
    if len(name) > limit:
        raise ValidationError(
            _("A tag may have at most %(limit)d characters (this one has %(length)d)."),
            code="max_length",
            params={"limit": limit, "length": len(name)},
        )
    if not TAG_SLUG.fullmatch(Tag().slugify(name)) and not Tag.objects.filter(name=name).exists():
        raise ValidationError(
            _(
                "The tag “%(tag)s” needs Latin letters or digits (a–z, 0–9) for its address, "
                "or an editor can create it with an address of its own under Tags."
            ),
            code="invalid_tag",
            params={"tag": name},
        )


def validate_tags(value):
    """validate_tag_name() for each tag of a comma-separated list (the article form)."""
    for name in parse_tags(value):
        validate_tag_name(name)


def validate_tag_slug(slug):
    if not TAG_SLUG.fullmatch(slug):
        raise ValidationError(
            _(
                "Start with a Latin letter or digit, then use only letters, digits, hyphens "
                "and underscores (a–z, 0–9, -, _)."
            ),
            code="invalid_slug",
        )
