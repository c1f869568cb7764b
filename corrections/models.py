"""Corrections to published items: proposed by their writer, decided by an editor.

A writer may not edit an item once it is published (Publishable.can_be_edited_by());
a typo would stay until an editor found it. Instead the writer proposes a
correction: the changed field values, kept here while the live item and its
page stay as they are. An editor of the item's type compares the proposal with
the live version and publishes it (through the item's own form, so the usual
validation, sanitising and version check run; corrections/admin.py) or rejects
it with a note the writer reads (publishing.models.ReviewNote).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import audit
from accounts.models import AuditEvent
from publishing.models import ReviewNote, publishable_models


class State(models.TextChoices):
    PENDING = "pending", _("waiting for review")
    PUBLISHED = "published", _("published")
    REJECTED = "rejected", _("rejected")


class CorrectionQuerySet(models.QuerySet):
    def pending(self):
        """Waiting for an editor's decision: the review queue."""
        return self.filter(state=State.PENDING)

    def about(self, item):
        return self.filter(content_type=ContentType.objects.get_for_model(item), object_id=item.pk)

    def decidable_by(self, user):
        """Of the types whose items `user` may publish: only they decide corrections."""
        return self.filter(content_type__in=_publishable_types(user))

    def visible_to(self, user):
        """What `user` may open: those they may decide, and their own proposals."""
        return self.filter(Q(content_type__in=_publishable_types(user)) | Q(proposed_by=user.pk))


def _publishable_types(user):
    """The content types whose items `user` may publish (no query: cached types)."""
    return [
        ContentType.objects.get_for_model(model).pk
        for model in publishable_models()
        if user.has_perm(model.permission("publish"))
    ]


class Correction(models.Model):
    State = State

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("type"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    # Only the fields the writer changed, as corrections/values.py stores them.
    proposed = models.JSONField(_("proposed values"), encoder=DjangoJSONEncoder)
    # The item's `version` when proposed: another value now means the item
    # changed since, and the editor is told so before deciding.
    based_on_version = models.PositiveIntegerField(_("based on version"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # Why it was rejected, as the writer reads it on the item.
    note = models.ForeignKey(
        ReviewNote,
        verbose_name=_("note"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        constraints = [
            # Proposing again changes the waiting proposal (Correction.propose()).
            models.UniqueConstraint(
                fields=["content_type", "object_id", "proposed_by"],
                condition=Q(state="pending"),
                name="corrections_one_pending_per_writer",
            ),
        ]
        indexes = [
            # The review queue, newest first (admin list, start page).
            models.Index(
                fields=["-updated_at", "-id"],
                name="corrections_pending_idx",
                condition=Q(state="pending"),
            ),
            # An item's corrections (its change page, and deleting it).
            models.Index(fields=["content_type", "object_id"], name="corrections_item_idx"),
        ]

    def __str__(self):
        return f"{self.get_state_display()}: {self.content_type.name} #{self.object_id}"

    @classmethod
    def propose(cls, item, *, by, values):
        """Keep `values` (changed fields only) as `by`'s proposal for `item`,
        replacing their earlier one still waiting. Audited. The item is untouched."""
        with transaction.atomic():
            correction, _created = cls.objects.update_or_create(
                content_type=ContentType.objects.get_for_model(item),
                object_id=item.pk,
                proposed_by=by,
                state=State.PENDING,
                defaults={"proposed": values, "based_on_version": item.version},
            )
            audit.record(by, AuditEvent.Action.CORRECTION_PROPOSE, item, ", ".join(values))
        return correction

    def is_pending(self):
        """Instance twin of CorrectionQuerySet.pending()."""
        return self.state == State.PENDING

    def is_stale(self, item):
        """Whether `item` changed since the proposal was made."""
        return item.version != self.based_on_version

    def reject(self, *, by, text, item):
        """Rejected, with a note to the writer about `item`. Saves and audits."""
        with transaction.atomic():
            note = ReviewNote.objects.create(
                content_type=self.content_type,
                object_id=self.object_id,
                kind=ReviewNote.Kind.CORRECTION_REJECTED,
                text=text,
                author=by,
            )
            self.decide(State.REJECTED, by=by, note=note)
            audit.record(by, AuditEvent.Action.CORRECTION_REJECT, item, text)

    def decide(self, state, *, by, note=None):
        self.state, self.decided_by, self.decided_at, self.note = (
            state,
            by,
            timezone.now(),
            note,
        )
        self.save(update_fields=["state", "decided_by", "decided_at", "note", "updated_at"])
