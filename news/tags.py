"""How the tag field is read and written, and what makes a tag name acceptable.

The field holds names as people type them: "Pilkada 2024, logistik" is two
tags, "Pilkada 2024" alone is one (taggit's own reading splits on spaces when
there is no comma, and shows names with spaces back in quotes). Settings point
taggit at tags_from_string() and string_from_tags(); names are compared without
regard to case (TAGGIT_CASE_INSENSITIVE), here as in the database.

Every tag has a public address, /tag/<slug>/. taggit makes a tag's slug from
its name. A name with no Latin letter or digit (emoji, Arabic script) gives an
empty or non-ASCII slug that the tag URL cannot hold, and every page linking to
the tag would fail. The database refuses such a
slug too (migration 0007_tag_slug_is_an_address); the forms say why first.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from taggit.models import Tag
from taggit.utils import parse_tags

# What separates tags in the field; nothing else does.
SEPARATOR = ","

# What the tag page's URL accepts (news/urls.py, <slug:slug>), starting with a
# letter or digit as taggit's slugify makes them. The migration states it again in SQL.
TAG_SLUG = re.compile(r"[a-zA-Z0-9][-a-zA-Z0-9_]*")


def tags_from_string(text):
    """The tag names in the field's text, sorted as taggit sorts them.

    Each name is trimmed, its inner spaces are collapsed to one, and wrapping
    double quotes (taggit's old way of showing a name with spaces, still in
    people's copied text) are dropped. A name repeated in another case is kept
    once, as first typed. Sorted like taggit's own reading: its field compares
    the result with the saved tags, sorted, to tell whether they changed.
    """
    names = {}
    for piece in (text or "").split(SEPARATOR):
        name = " ".join(piece.split())
        if len(name) >= 2 and name[0] == name[-1] == '"':
            name = " ".join(name[1:-1].split())
        if name:
            names.setdefault(name.casefold(), name)
    return sorted(names.values())


def string_from_tags(tags):
    """The field's text for `tags`: their names, by name, joined with ", ", no quotes."""
    return f"{SEPARATOR} ".join(sorted((tag.name for tag in tags), key=str.casefold))


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
    if (
        not TAG_SLUG.fullmatch(Tag().slugify(name))
        and not Tag.objects.filter(name__iexact=name).exists()
    ):
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
