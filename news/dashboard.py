"""The admin's start page: the newsroom at a glance, for each person's role.

- Editors (a type's `publish` permission): what waits for review, with the
  latest review note; pending corrections; what is scheduled, and when.
- Writers: what was sent back to them, with the editor's note; their drafts;
  what of theirs waits for review or is scheduled.
- Everyone who writes: views per day over the last 30 days, with the week's
  most read (the whole site for editors, their own articles for writers).

Every publishable type counts, not only articles. The page costs a fixed
number of queries however many items there are: one per list and type (the
types are few and fixed), one for the review notes of every listed item, two
for the views. Each list stops at ROWS rows; the count of each type links to
its change list.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import model_ngettext
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Window,
)
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import AuditEvent
from kpu_site.formatting import thousands
from publishing.admin import STATE_PARAMETERS, StateFilter
from publishing.models import ReviewNote, State, publishable_models

from . import view_chart
from .models import Article

ROWS = 10
MOST_READ = 5


@dataclass
class Row:
    """One line of a list: an item of any type, or a correction to one."""

    title: str
    url: str
    by: object  # the writer (a User), or None
    # What the list is ordered by and shows: sent, changed, scheduled, proposed.
    time: datetime
    type_name: str
    key: tuple = ()  # (content type id, pk) of the item, to find its review notes
    note: ReviewNote | None = None


@dataclass
class Total:
    """How many there are of one type, linked to its filtered change list."""

    text: str
    url: str


@dataclass
class Section:
    rows: list = field(default_factory=list)
    totals: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.rows)


def start_page(user):
    """What `user`'s start page shows (the template: admin/news/start_page.html)."""
    types = [
        model
        for model in publishable_models()
        if admin.site.is_registered(model) and user.has_perm(model.permission("view"))
    ]
    edits = [model for model in types if user.has_perm(model.permission("publish"))]
    writes = [
        model for model in types if model not in edits and user.has_perm(model.permission("add"))
    ]
    page = {"several_types": len(types) > 1}
    if edits:
        page["review_queue"] = _section(
            {model: _waiting(model.objects.all()) for model in edits},
            time="sent_at",
            total_text=_("%(count)s %(items)s waiting for review"),
            state=State.REVIEW,
        )
        _attach_latest_notes(page["review_queue"].rows)
        page["scheduled"] = _section(
            {model: _scheduled(model.objects.all()) for model in edits},
            time="published_at",
            total_text=_("%(count)s %(items)s scheduled"),
            state=State.SCHEDULED,
        )
        page["corrections"] = pending_corrections(user)
    if writes:
        page["sent_back"] = _section(
            {
                model: _own_drafts(model, user)
                .filter(is_sent_back=True)
                .order_by("-sent_back_at", "-pk")
                for model in writes
            },
            time="sent_back_at",
            newest_first=True,
            total_text=_("%(count)s %(items)s sent back to you"),
            state=State.DRAFT,
        )
        _attach_latest_notes(page["sent_back"].rows, kind=ReviewNote.Kind.SENT_BACK)
    if edits or writes:
        # Editors write too: their own drafts, not the rest of a writer's page.
        page["drafts"] = _section(
            {
                model: _own_drafts(model, user)
                .filter(is_sent_back=False)
                .order_by("-updated_at", "-pk")
                for model in edits + writes
            },
            time="updated_at",
            newest_first=True,
            total_text=_("%(count)s draft %(items)s"),
            state=State.DRAFT,
        )
    if writes:
        page["own_waiting"] = _section(
            {model: _waiting(model.objects.filter(created_by=user)) for model in writes},
            time="sent_at",
            total_text=_("%(count)s %(items)s waiting for review"),
            state=State.REVIEW,
        )
        page["own_scheduled"] = _section(
            {model: _scheduled(model.objects.filter(created_by=user)) for model in writes},
            time="published_at",
            total_text=_("%(count)s %(items)s scheduled"),
            state=State.SCHEDULED,
        )
    if Article in edits or Article in writes:
        # Site-wide for editors, their own articles for writers.
        articles = Article.objects.editable_by(user)
        page["views_site_wide"] = user.has_perm(Article.permission("edit_all"))
        page["views"] = view_chart.draw(
            view_chart.daily_views(articles, site_wide=page["views_site_wide"])
        )
        page["most_read"] = list(articles.most_read(count=MOST_READ))
    return page


# --- The lists ---------------------------------------------------------------


def _waiting(items):
    """Waiting for review, longest waiting first, with the time each was sent."""
    return (
        items.waiting_for_review()
        .annotate(sent_at=Coalesce(Subquery(_last_submitted(items.model)), "updated_at"))
        .order_by("sent_at", "pk")
    )


def _scheduled(items):
    return items.scheduled().order_by("published_at", "pk")


def _own_drafts(model, user):
    """`user`'s drafts, each marked `is_sent_back` when an editor sent it back
    since it was last submitted (a draft unpublished long after an old send-back
    is no longer "sent back")."""
    sent_back_at = (
        ReviewNote.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=OuterRef("pk"),
            kind=ReviewNote.Kind.SENT_BACK,
        )
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return (
        model.objects.filter(created_by=user, status=model.Status.DRAFT)
        .annotate(
            sent_back_at=Subquery(sent_back_at),
            submitted_at=Subquery(_last_submitted(model)),
        )
        .annotate(
            is_sent_back=ExpressionWrapper(
                Q(sent_back_at__isnull=False)
                & (Q(submitted_at__isnull=True) | Q(sent_back_at__gt=F("submitted_at"))),
                output_field=BooleanField(),
            )
        )
    )


def _last_submitted(model):
    """When the item was last submitted for review, from the audit record
    (indexed by target), for Subquery()."""
    return (
        AuditEvent.objects.filter(
            target_type=model._meta.label_lower,
            target_id=Cast(OuterRef("pk"), CharField()),
            action=AuditEvent.Action.SUBMIT,
        )
        .order_by("-created_at")
        .values("created_at")[:1]
    )


def _section(querysets, *, time, total_text, state, newest_first=False):
    """The first ROWS rows by `time` over every type, one query each, each
    type's count read in the same query (a window over the unsliced rows),
    linked to the type's change list filtered by `state`."""
    query = f"{StateFilter.parameter_name}={STATE_PARAMETERS[state]}"
    section = Section()
    for model, queryset in querysets.items():
        listed = list(
            queryset.select_related("created_by").annotate(type_total=Window(Count("pk")))[:ROWS]
        )
        if not listed:
            continue
        admin_url = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        count = listed[0].type_total
        section.totals.append(
            Total(
                total_text
                % {"count": thousands(count), "items": model_ngettext(model._meta, count)},
                f"{reverse(f'{admin_url}_changelist')}?{query}",
            )
        )
        content_type = ContentType.objects.get_for_model(model).pk
        section.rows += [
            Row(
                title=str(item),
                url=reverse(f"{admin_url}_change", args=[item.pk]),
                by=item.created_by,
                time=getattr(item, time),
                type_name=model._meta.verbose_name,
                key=(content_type, item.pk),
            )
            for item in listed
        ]
    section.rows.sort(key=lambda row: row.time, reverse=newest_first)
    del section.rows[ROWS:]
    return section


def _attach_latest_notes(rows, kind=None):
    """Each row's latest review note (of `kind`, if given), in one query for
    every row of every type."""
    pks_by_type = defaultdict(list)
    for row in rows:
        pks_by_type[row.key[0]].append(row.key[1])
    if not pks_by_type:
        return
    about = Q()
    for content_type, pks in pks_by_type.items():
        about |= Q(content_type_id=content_type, object_id__in=pks)
    notes = ReviewNote.objects.filter(about)
    if kind:
        notes = notes.filter(kind=kind)
    # DISTINCT ON: PostgreSQL keeps the newest note of each item.
    latest = {
        (note.content_type_id, note.object_id): note
        for note in notes.select_related("author")
        .order_by("content_type_id", "object_id", "-created_at", "-pk")
        .distinct("content_type_id", "object_id")
    }
    for row in rows:
        row.note = latest.get(row.key)


def pending_corrections(user):
    """Corrections waiting for `user`'s decision, when the corrections app is
    installed. The corrected items are read in one query per type."""
    if not apps.is_installed("corrections"):
        return None
    from corrections.models import Correction  # an optional app

    if not user.has_perm(f"{Correction._meta.app_label}.change_correction"):
        return None
    pending = list(
        Correction.objects.pending()
        .decidable_by(user)
        .select_related("proposed_by")
        .prefetch_related("item")
        .annotate(type_total=Window(Count("pk")))
        .order_by("-updated_at", "-pk")[:ROWS]
    )
    section = Section()
    if not pending:
        return section
    admin_url = f"admin:{Correction._meta.app_label}_{Correction._meta.model_name}"
    count = pending[0].type_total
    section.totals.append(
        Total(
            ngettext(
                "%(count)s correction waiting for review",
                "%(count)s corrections waiting for review",
                count,
            )
            % {"count": thousands(count)},
            # The change list shows those waiting unless asked otherwise.
            reverse(f"{admin_url}_changelist"),
        )
    )
    section.rows = [
        Row(
            title=str(correction.item),
            url=reverse(f"{admin_url}_change", args=[correction.pk]),
            by=correction.proposed_by,
            time=correction.updated_at,
            type_name=correction.item._meta.verbose_name,
        )
        for correction in pending
        if correction.item is not None  # not deleted since
    ]
    return section
