"""Revisions of every publishable type, kept by django-reversion: what one holds,
how two differ, and what "restore" puts back.

Each admin save stores the item with its tags (their TaggedItem and Tag rows
are followed) in one revision, with a summary of what that save really
changed (change_summary()). Restoring never writes a revision back as it was:
restore() copies the old content onto the current item, whose address, files
and publication settings stay, and publishing/admin.py saves that as one new
revision, after the same permission and version checks as an edit.
(Recovering a deleted item, for editors only, is django-reversion's own view:
there is no current row to copy onto.)
"""

import re
import time
from collections import defaultdict
from itertools import count

import reversion
from diff_match_patch import diff_match_patch
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext as _
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItem

from kpu_site.formatting import date_and_time

from .fields import SanitizedRichTextField
from .models import Publishable, State, Status, publication_moment, scheduled_label

# Publication settings: compared, never restored (only a save that says so may
# change them: a writer restoring a once-published text must not publish it).
PUBLICATION_FIELDS = ["status", "published_at"]


def register(model):
    """Keep a revision of `model` on every admin save (PublishableAdmin registers it)."""
    # `version` changes on every save, the kept fields outside any, and generated
    # columns are PostgreSQL's: none of them is content.
    generated = [f.name for f in model._meta.concrete_fields if f.generated]
    follow = ["tagged_items"] if _tags_field(model) else []
    reversion.register(model, exclude=["version", *model.kept_on_save, *generated], follow=follow)
    if follow and not reversion.is_registered(TaggedItem):
        reversion.register(TaggedItem, follow=["tag"])
        reversion.register(Tag)


def _tags_field(model):
    return next((f for f in model._meta.get_fields() if isinstance(f, TaggableManager)), None)


def compared_fields(model):
    """What the compare view shows: the type's own editable fields in their order,
    then the publication settings."""
    shared = {field.name for field in Publishable._meta.get_fields()}
    own = [
        field
        for field in model._meta.get_fields()
        if getattr(field, "editable", False)
        and (field.concrete or isinstance(field, TaggableManager))
        and field.name not in shared
    ]
    own.sort(key=lambda field: field.creation_counter)
    return own + [model._meta.get_field(name) for name in PUBLICATION_FIELDS]


def restored_fields(model):
    """What "restore" puts back into the form: the text, its classification and the
    tags. The address (slug) stays, as links to a published item must keep
    working; so do files, which may be gone from storage, and the publication
    settings."""
    return [
        field
        for field in compared_fields(model)
        if field.name not in PUBLICATION_FIELDS
        and not isinstance(field, models.SlugField | models.FileField | models.BooleanField)
    ]


def tag_names(version):
    """Names of the item's tags in the revision of `version`, sorted. Two queries."""
    item_type = ContentType.objects.get_for_id(version.content_type_id)
    tag_ids = [
        str(item.field_dict["tag_id"])
        for item in version.revision.version_set.get_for_model(TaggedItem)
        if str(item.field_dict["object_id"]) == version.object_id
        and item.field_dict["content_type_id"] == item_type.pk
    ]
    tags = version.revision.version_set.get_for_model(Tag).filter(object_id__in=tag_ids)
    return sorted((tag.field_dict["name"] for tag in tags), key=str.casefold)


def restore(item, version):
    """Copy the content of `version` onto `item` (in memory; the caller validates and
    saves). Returns {name: values} of its many-to-many fields, to set once it is
    saved: the tags' names, the other links' keys (linked documents). One query
    per such field."""
    data = version.field_dict
    relations = {}
    for field in restored_fields(type(item)):
        if isinstance(field, TaggableManager):
            relations[field.name] = tag_names(version)
        elif field.many_to_many:
            # Not those deleted since: a link to a missing row cannot be saved.
            still_there = field.related_model._base_manager.filter(pk__in=data[field.name])
            relations[field.name] = list(still_there.values_list("pk", flat=True))
        elif field.many_to_one:
            setattr(item, field.attname, data[field.attname])
        else:
            setattr(item, field.name, data[field.name])
    return relations


# --- What one save changed, for the history ---------------------------------


def snapshot(item):
    """{field name: value} of the item's content as stored, to tell what a save
    changed. One query for the tags, if the type has them."""
    values = {}
    for field in content_fields(type(item)):
        if isinstance(field, TaggableManager):
            values[field.name] = sorted(getattr(item, field.name).names(), key=str.casefold)
        elif field.many_to_one:
            values[field.name] = getattr(item, field.attname)
        else:
            values[field.name] = field.value_from_object(item)
    return values


def content_fields(model):
    """The compared fields but the publication settings, which a summary names as
    a change of state (publication_summary())."""
    return [field for field in compared_fields(model) if field.name not in PUBLICATION_FIELDS]


def publication_state(item):
    """(state, publication time): what publication_summary() compares."""
    return item.state(), item.published_at


def publication_summary(was, now):
    """How the item's state changed, in a few words ("submitted for review"), or None.

    `was` and `now` are publication_state()s; `was` is None for a new item.
    """
    was_state, was_at = was or (None, None)
    state, at = now
    if state == was_state:
        if state == State.SCHEDULED and at != was_at:
            return _("rescheduled for %(when)s") % {"when": publication_moment(at)}
        if state == State.PUBLISHED and at != was_at:
            return _("publication time changed")
        return None
    if state == State.REVIEW:
        return _("submitted for review")
    if state == State.PUBLISHED:
        return _("published")
    if state == State.SCHEDULED:
        return _("scheduled for %(when)s") % {"when": publication_moment(at)}
    if was_state == State.PUBLISHED:
        return _("taken off the site, back to draft")
    if was_state == State.SCHEDULED:
        return _("schedule cancelled, back to draft")
    if was_state == State.REVIEW:
        return _("taken back from review, back to draft")
    return None


def change_summary(model, before, after, was, now):
    """The history's line for one save: "Judul dan isi berita diubah; diterbitkan".

    `before` and `after` are snapshot()s (`before` None for a new item), `was`
    and `now` publication_state()s. Names only what differs in the stored
    values, so a field the form sent back unchanged is never claimed.
    """
    if before is None:
        parts = [_("added")]
    else:
        changed = [
            str(field.verbose_name)
            for field in content_fields(model)
            if before[field.name] != after[field.name]
        ]
        parts = [_("%(fields)s changed") % {"fields": get_text_list(changed, _("and"))}]
        parts = parts if changed else []
    publication = publication_summary(was, now)
    if publication:
        parts.append(publication)
    return capfirst("; ".join(parts) or _("saved without changes"))


# Comparing two revisions takes time that grows with their length and with
# how much changed between them, and a writer controls both. The diffs of one
# compare page share this many seconds; what is left to compare then is shown
# whole, as a passage removed and one added.
DIFF_SECONDS = 0.25
# Splitting a text into paragraphs or words, and coding them for the diff, runs
# before the deadline can stop anything: texts with more of them, or longer
# passages to split into words, are shown whole without trying.
MAX_ITEMS = 40_000
WORD_DIFF_MAX_CHARS = 200_000
# A field changed in more places than this no longer reads as a diff, and would
# make the page slow to render: it is shown whole.
MAX_PIECES = 5_000

_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|figcaption|pre|tr)>|<br\s*/?>", re.I)
# The sanitiser writes "<" and ">" in text and attribute values as references,
# so every "<" opens a tag and the next ">" closes it.
_TAG = re.compile(r"<[^>]*>")
# The only character references the sanitiser writes in text; "&amp;" last, so
# that an escaped reference ("&amp;lt;") stays as written.
_REFERENCES = [("&lt;", "<"), ("&gt;", ">"), ("&nbsp;", "\xa0"), ("&amp;", "&")]
_WORDS = re.compile(r"\w+|\s+|[^\w\s]+")
# What may stand between two changes without being worth showing as unchanged.
_GAP = re.compile(r"[^\w\n]+")
_KINDS = {
    diff_match_patch.DIFF_EQUAL: "same",
    diff_match_patch.DIFF_DELETE: "removed",
    diff_match_patch.DIFF_INSERT: "added",
}


def body_text(body):
    """The body's words with one line per paragraph: what a reader would notice change.

    Read as the sanitiser stores every body, with regular expressions rather
    than an HTML parser, which would take longer than the whole diff.
    """
    text = _TAG.sub("", _BLOCK_END.sub("\n", body))
    for reference, character in _REFERENCES:
        text = text.replace(reference, character)
    return text.strip()


def _display(version, fields):
    """{field: text} of the revision, as an editor reads it."""
    data = version.field_dict
    shown = {}
    for field in fields:
        if isinstance(field, TaggableManager):
            shown[field.name] = ", ".join(tag_names(version))
        elif field.many_to_one:
            related = field.related_model.objects.filter(pk=data[field.attname]).first()
            shown[field.name] = str(related or "—")
        elif field.name == "status":
            shown[field.name] = _saved_state(version)
        else:
            shown[field.name] = _value_text(field, data[field.name])
    return shown


def _saved_state(version):
    """The state the item was saved in: published with a time after the save was a schedule."""
    status, at = version.field_dict["status"], version.field_dict["published_at"]
    if status == Status.PUBLISHED and at and at > version.revision.date_created:
        return scheduled_label(at)
    return str(dict(Status.choices).get(status, status))


def _value_text(field, value):
    if isinstance(field, SanitizedRichTextField):
        return body_text(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(field, models.DateTimeField):
        return date_and_time(value) if value else ""
    return str(value or "")


def _encode(old_items, new_items):
    """Both lists of strings as strings of one character per distinct item, and
    the items in the order of their characters.

    diff-match-patch compares characters; this is its own way to have it
    compare lines, here also words.
    """
    codes = defaultdict(map(chr, count()).__next__)
    encoded = ["".join(map(codes.__getitem__, items)) for items in (old_items, new_items)]
    return encoded, list(codes)


def _diff(old_items, new_items, deadline):
    """(kind, items) runs turning `old_items` into `new_items`, and whether the
    deadline cut the comparison short (some runs are then coarser than they
    need be, but still correct); None if there are too many items to try."""
    if len(old_items) + len(new_items) > MAX_ITEMS:
        return None
    (old_codes, new_codes), items = _encode(old_items, new_items)
    differ = diff_match_patch()
    # No time limit of its own (it follows the deadline passed to it), which also
    # turns off its half-match shortcut, whose cost no deadline bounds.
    differ.Diff_Timeout = 0
    runs = differ.diff_main(old_codes, new_codes, False, deadline)
    return [
        (_KINDS[operation], list(map(items.__getitem__, map(ord, codes))))
        for operation, codes in runs
    ], time.time() > deadline


def _whole(old, new):
    """`old` replaced by `new`, with no detail."""
    return [(kind, text) for kind, text in (("removed", old), ("added", new)) if text]


def _joined(pieces):
    """`pieces` with a space or punctuation between two changes taken into both:
    "~~a~~__b__ ~~c~~__d__" reads better as one change, "~~a c~~__b d__"."""
    joined, removed, added, gap = [], [], [], ""
    # The empty piece at the end flushes the last change.
    for kind, text in [*pieces, ("same", "")]:
        if kind != "same":
            removed.append(gap)
            added.append(gap)
            (removed if kind == "removed" else added).append(text)
            gap = ""
        elif (removed or added) and not gap and _GAP.fullmatch(text):
            gap = text
        else:
            joined += _whole("".join(removed), "".join(added))
            if gap + text:
                joined.append(("same", gap + text))
            removed, added, gap = [], [], ""
    return joined


def _word_pieces(old, new, deadline):
    """(pieces, coarse) turning the passage `old` into `new` word by word."""
    if len(old) + len(new) > WORD_DIFF_MAX_CHARS or time.time() > deadline:
        return _whole(old, new), True
    diff = _diff(_WORDS.findall(old), _WORDS.findall(new), deadline)
    if diff is None:
        return _whole(old, new), True
    runs, coarse = diff
    return _joined([(kind, "".join(words)) for kind, words in runs]), coarse


def _changed_pieces(removed, added, deadline):
    """(pieces, coarse) of a run of removed paragraphs replaced by added ones.

    When there are as many on both sides, each is compared with its
    counterpart: that is how paragraphs are usually edited, the diff reads as
    such, and many short comparisons cost far less than one long one.
    """
    if len(removed) != len(added):
        return _word_pieces("".join(removed), "".join(added), deadline)
    pieces, coarse = [], False
    for index, (old, new) in enumerate(zip(removed, added, strict=True)):
        if time.time() > deadline:
            return pieces + _whole("".join(removed[index:]), "".join(added[index:])), True
        paragraph, paragraph_coarse = _word_pieces(old, new, deadline)
        pieces += paragraph
        coarse |= paragraph_coarse
    return pieces, coarse


def word_diff(old, new, deadline):
    """(pieces, coarse): the (kind, text) pieces turning `old` into `new`, kind
    being "same", "removed" or "added", and whether some changed passages are
    shown whole rather than word by word, as comparing them would have run past
    `deadline` (a time.time()).

    Paragraphs are matched first, then the words of the changed ones.
    """
    diff = _diff(old.splitlines(keepends=True), new.splitlines(keepends=True), deadline)
    if diff is None:
        return _whole(old, new), True
    runs, coarse = diff
    pieces, removed, added = [], [], []
    # The empty run at the end flushes the last changed paragraphs.
    for kind, paragraphs in [*runs, ("same", [])]:
        if kind == "removed":
            removed += paragraphs
        elif kind == "added":
            added += paragraphs
        else:
            if removed and added:
                changed, changed_coarse = _changed_pieces(removed, added, deadline)
                pieces += changed
                coarse |= changed_coarse
            else:
                pieces += _whole("".join(removed), "".join(added))
            removed, added = [], []
            if paragraphs:
                pieces.append(("same", "".join(paragraphs)))
    if len(pieces) > MAX_PIECES:
        return _whole(old, new), True
    return pieces, coarse


def compare(old_version, new_version):
    """The fields that differ between two revisions of one item, with their diff:
    {"label", "pieces", "coarse"}, as word_diff() gives them, all within one
    deadline."""
    fields = compared_fields(old_version.content_type.model_class())
    old, new = _display(old_version, fields), _display(new_version, fields)
    deadline = time.time() + DIFF_SECONDS
    changes = []
    for field in fields:
        if old[field.name] != new[field.name]:
            pieces, coarse = word_diff(old[field.name], new[field.name], deadline)
            changes.append({"label": field.verbose_name, "pieces": pieces, "coarse": coarse})
    return changes
