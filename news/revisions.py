"""Article revisions, kept by django-reversion: what one holds, and how two differ.

Each admin save stores the article with its tags (their TaggedItem and Tag rows
are followed) in one revision. Restoring never writes a revision back to the
database: news/admin.py opens the change form filled with the old values, and
saving that form is an ordinary save, with its permission, sanitising and
version checks. (Recovering a deleted article, for editors only, is
django-reversion's own view: there is no current row to fill a form from.)
"""

import html
import re
from difflib import SequenceMatcher

import reversion
from django.contrib.contenttypes.models import ContentType
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from taggit.models import Tag, TaggedItem
from taggit.utils import edit_string_for_tags

from .models import Article, Author, Division
from .templatetags.news_format import clock_time, long_date

# The view counter changes outside any save, `version` on every one, and the
# search vector is computed by PostgreSQL: none of them is content.
reversion.register(
    Article, exclude=["view_count", "version", "search_vector"], follow=["tagged_items"]
)
reversion.register(TaggedItem, follow=["tag"])
reversion.register(Tag)

# What the compare view shows, in form order.
COMPARED_FIELDS = [
    "title",
    "slug",
    "lead",
    "body",
    "cover",
    "cover_alt",
    "cover_caption",
    "division",
    "author",
    "tags",
    "status",
    "published_at",
    "featured",
]
# What "restore" puts back into the form: the text, its classification and the
# tags. The address (slug) stays, as links to a published article must keep
# working; so do the cover file, which may be gone from storage, and the
# publication settings, which only a save that says so may change (a writer
# restoring a once-published text must not publish it).
RESTORED_TEXT_FIELDS = ["title", "lead", "body", "cover_alt", "cover_caption"]

_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|figcaption|pre|tr)>|<br\s*/?>", re.I)
_WORDS = re.compile(r"\w+|\s+|[^\w\s]+")


def tag_names(version):
    """Names of the article's tags in the revision of `version`, sorted. Two queries."""
    article_type = ContentType.objects.get_for_model(Article)
    tag_ids = [
        str(item.field_dict["tag_id"])
        for item in version.revision.version_set.get_for_model(TaggedItem)
        if str(item.field_dict["object_id"]) == version.object_id
        and item.field_dict["content_type_id"] == article_type.pk
    ]
    tags = version.revision.version_set.get_for_model(Tag).filter(object_id__in=tag_ids)
    return sorted((tag.field_dict["name"] for tag in tags), key=str.casefold)


def restored_initial(version):
    """Initial values for the change form that bring back the revision's content."""
    data = version.field_dict
    return {
        **{name: data[name] for name in RESTORED_TEXT_FIELDS},
        "division": data["division_id"],
        "author": data["author_id"],
        "tags": edit_string_for_tags([Tag(name=name) for name in tag_names(version)]),
    }


def body_text(body):
    """The body's words with one line per paragraph: what a reader would notice change."""
    return html.unescape(strip_tags(_BLOCK_END.sub("\n", body))).strip()


def _display(version):
    """{field: text} of the revision, as an editor reads it."""
    data = version.field_dict
    division = Division.objects.filter(pk=data["division_id"]).first()
    author = Author.objects.filter(pk=data["author_id"]).first()
    return {
        "title": data["title"],
        "slug": data["slug"],
        "lead": data["lead"],
        "body": body_text(data["body"]),
        "cover": str(data["cover"] or ""),
        "cover_alt": data["cover_alt"],
        "cover_caption": data["cover_caption"],
        "division": str(division or "—"),
        "author": str(author or "—"),
        "tags": ", ".join(tag_names(version)),
        "status": str(Article.Status(data["status"]).label),
        "published_at": (
            f"{long_date(data['published_at'])} {clock_time(data['published_at'])}"
            if data["published_at"]
            else ""
        ),
        "featured": _("Yes") if data["featured"] else _("No"),
    }


def word_diff(old, new):
    """(kind, text) pieces turning `old` into `new` word by word; kind is
    "same", "removed" or "added"."""
    before, after = _WORDS.findall(old), _WORDS.findall(new)
    pieces = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            pieces.append(("same", "".join(before[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("removed", "".join(before[i1:i2])))
        if j2 > j1:
            pieces.append(("added", "".join(after[j1:j2])))
    return pieces


def compare(old_version, new_version):
    """The fields that differ between two revisions of one article, with their diff."""
    old, new = _display(old_version), _display(new_version)
    return [
        {
            "label": Article._meta.get_field(name).verbose_name,
            "pieces": word_diff(old[name], new[name]),
        }
        for name in COMPARED_FIELDS
        if old[name] != new[name]
    ]
