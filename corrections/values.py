"""What a correction may change, and each value as it is stored, posted and read.

A correction holds only the fields the writer changed, as JSON: a string for
text (rich text already sanitised, so the editor reviews what would be
published), a primary key for a choice of a related row, a list of names for
tags. The same value becomes form data again when the editor publishes it, so
the item's own form validates it once more against the item as it then stands.
"""

import time

from django.db import models
from taggit.managers import TaggableManager
from taggit.models import Tag
from taggit.utils import edit_string_for_tags

from publishing.fields import SanitizedRichTextField
from publishing.revisions import DIFF_SECONDS, body_text, restored_fields, word_diff
from publishing.sanitize import clean_html

_TEXT = models.CharField | models.TextField | SanitizedRichTextField


def corrected_fields(model):
    """The fields a correction may change: those a restore puts back (the text, its
    classification, the tags; never the address, files or publication settings),
    of the kinds whose value is a text, a related row or tags."""
    return [
        field
        for field in restored_fields(model)
        if isinstance(field, _TEXT | TaggableManager) or field.many_to_one
    ]


def _sorted_names(names):
    return sorted(set(names), key=str.casefold)


def live_value(item, field):
    """The item's current value of `field`, as a correction stores it (tags: one query)."""
    if isinstance(field, TaggableManager):
        return _sorted_names(getattr(item, field.name).names())
    if field.many_to_one:
        return getattr(item, field.attname)
    return getattr(item, field.name) or ""


def cleaned_value(field, value):
    """What the form cleaned for `field`, as a correction stores it."""
    if isinstance(field, TaggableManager):
        return _sorted_names(value or [])
    if field.many_to_one:
        return value.pk if value is not None else None
    if isinstance(field, SanitizedRichTextField):
        return clean_html(value or "")
    return value or ""


def form_value(field, value):
    """A stored value as the item's form receives it in a POST."""
    if isinstance(field, TaggableManager):
        return edit_string_for_tags([Tag(name=name) for name in value])
    return "" if value is None else str(value)


def shown_value(field, value):
    """A stored value as the editor reads it (a related row: one query)."""
    if isinstance(field, TaggableManager):
        return ", ".join(value)
    if field.many_to_one:
        related = field.related_model.objects.filter(pk=value).first()
        return str(related) if related is not None else "—"
    if isinstance(field, SanitizedRichTextField):
        return body_text(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def changes(model, live, proposed):
    """Each proposed field: {"name", "label", "live", "proposed" (as read), "pieces",
    "coarse" (as publishing.revisions.word_diff() gives them), "same" (the live
    value already says so)}, all diffs within one deadline."""
    deadline = time.time() + DIFF_SECONDS
    shown = []
    for field in corrected_fields(model):
        if field.name not in proposed:
            continue
        old = shown_value(field, live[field.name])
        new = shown_value(field, proposed[field.name])
        pieces, coarse = word_diff(old, new, deadline)
        shown.append(
            {
                "name": field.name,
                "label": field.verbose_name,
                "live": old,
                "proposed": new,
                "pieces": pieces,
                "coarse": coarse,
                "same": live[field.name] == proposed[field.name],
            }
        )
    return shown
