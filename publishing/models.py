"""The publishing workflow every public content type shares, as an abstract model.

A type declares itself by subclassing Publishable (and its Meta, for the
permissions and the constraint); it then has:

- the states draft → review → published, where a published item with a time
  still to come is *scheduled* and appears on its own at that time (no cron
  job: `objects.published()` compares with the database's clock);
- the permissions `publish_<model>` (publish, schedule, unpublish, feature) and
  `edit_all_<model>` (edit anyone's items, whatever their state), beside
  Django's add/change/delete/view; accounts/roles.py grants them per role for
  every type;
- who made and last changed it, and a version for the admin's check against
  concurrent edits (publishing/forms.py);
- the audit record of every change to its public state.

The admin side is publishing/admin.py's PublishableAdmin.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Min, Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import audit
from accounts.models import AuditEvent
from kpu_site.formatting import clock_time, long_date


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("Waiting for review")
    PUBLISHED = "published", _("Published")


class State(models.TextChoices):
    """What the item is for its readers and its writer: the status, with "published"
    split in two by the time, as a published item with a time to come is not
    public yet. What the admin names everywhere (Publishable.state_label())."""

    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("Waiting for review")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")


def publication_moment(when):
    """Selasa, 1 Desember 2026 · 09.00 WIB: a publication time, in messages and labels."""
    return f"{long_date(when)} · {clock_time(when)}"


def scheduled_label(when):
    """Terjadwal · Selasa, 1 Desember 2026 · 09.00 WIB"""
    return _("Scheduled · %(when)s") % {"when": publication_moment(when)}


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """Visible to the public now. A future `published_at` is a schedule: no cron job.

        Now() is the database's clock, not a parameter: SQL compiled from this
        queryset once stays true at any later time (publishing/sql.py).
        """
        return self.filter(status=Status.PUBLISHED, published_at__lte=Now())

    def scheduled(self):
        """Approved for publication at a time still to come."""
        return self.filter(status=Status.PUBLISHED, published_at__gt=Now())

    def waiting_for_review(self):
        return self.filter(status=Status.REVIEW)

    def in_state(self, state):
        """Items whose state() is `state` (a State)."""
        if state == State.SCHEDULED:
            return self.scheduled()
        if state == State.PUBLISHED:
            return self.published()
        return self.filter(status=state)

    def editable_by(self, user):
        """What `user` may open in the admin: everything for editors, else their own."""
        if user.has_perm(self.model.permission("edit_all")):
            return self
        return self.filter(created_by=user)

    def newest_first(self):
        return self.order_by("-published_at", "-pk")


class Publishable(models.Model):
    Status = Status
    State = State

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("Leave empty to publish now. A time to come schedules the article."),
    )
    # Optimistic locking: every admin save checks and raises it (publishing/forms.py),
    # so a save based on an outdated copy is refused instead of overwriting.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = PublishableQuerySet.as_manager()

    # Fields that change outside the admin's saves (a view counter): a save
    # writes back the stored value, not the one the form was opened with.
    kept_on_save = ()

    class Meta:
        abstract = True
        # publish_<model> and edit_all_<model> beside Django's four, for every type.
        default_permissions = ("add", "change", "delete", "view", "publish", "edit_all")
        constraints = [
            models.CheckConstraint(
                name="%(app_label)s_%(class)s_published_has_date",
                condition=~Q(status="published") | Q(published_at__isnull=False),
                violation_error_message=_("A published item needs a publication time."),
            ),
        ]

    def save(self, *args, **kwargs):
        self.fill_publication_time()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "status" in update_fields:
            kwargs["update_fields"] = {*update_fields, "published_at"}
        super().save(*args, **kwargs)

    def clean(self):
        self.fill_publication_time()

    @classmethod
    def next_public_change(cls):
        """When readers next see this type change with no save: its next scheduled
        publication, or None. One query. The page cache ends a generation then
        (publishing/page_cache.py watch()); a type that also changes by time
        on its own says so there.
        """
        return cls.objects.scheduled().aggregate(at=Min("published_at"))["at"]

    @classmethod
    def permission(cls, action):
        """What user.has_perm() takes: "news.publish_article" for Article.permission("publish")."""
        return f"{cls._meta.app_label}.{get_permission_codename(action, cls._meta)}"

    # --- The state, read -----------------------------------------------------

    def is_published(self):
        """Instance twin of PublishableQuerySet.published() (tests/publishing keeps them equal)."""
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def is_scheduled(self):
        """Instance twin of PublishableQuerySet.scheduled()."""
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    def state(self):
        """The State: draft, review, scheduled or published (public now)."""
        if self.is_scheduled():
            return State.SCHEDULED
        return State(self.status)

    def state_label(self):
        """The state as the admin names it; a schedule with its time:
        "Terjadwal · Selasa, 1 Desember 2026 · 09.00 WIB"."""
        state = self.state()
        if state == State.SCHEDULED:
            return scheduled_label(self.published_at)
        return str(state.label)

    def can_be_edited_by(self, user):
        """Editors edit every item; a writer only their own, while draft or in review."""
        if user.has_perm(self.permission("edit_all")):
            return True
        return self.created_by_id == user.pk and self.status in (Status.DRAFT, Status.REVIEW)

    # --- The state, changed (in memory; the caller saves) --------------------

    def submit_for_review(self):
        if self.status == Status.DRAFT:
            self.status = Status.REVIEW

    def approve(self, at=None):
        """Published, now or at `at` (a schedule); an earlier chosen time stays."""
        self.status = Status.PUBLISHED
        if at is not None:
            self.published_at = at
        self.fill_publication_time()

    def withdraw(self):
        """Off the public site, back to draft."""
        self.status = Status.DRAFT

    def fill_publication_time(self):
        """Published with no time means now. The one place that says so: clean() and
        save() both call it, so a form, the admin's buttons and code agree.
        """
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    # --- The state, changed and saved, with its audit record -----------------

    def publish(self, *, by, at=None):
        """Approve for publication, now or at `at` (a schedule). Saves and audits."""
        was = self.status, self.published_at
        self.approve(at)
        self._save_state(by, was)

    def unpublish(self, *, by):
        """Take off the public site; back to draft. Saves and audits."""
        was = self.status, self.published_at
        self.withdraw()
        self._save_state(by, was)

    def _save_state(self, by, was):
        self.updated_by = by
        self.save(update_fields=["status", "published_at", "updated_by", "updated_at"])
        self.record_publication_change(by=by, was_status=was[0], was_published_at=was[1])

    def publication_change(self, *, was_status, was_published_at):
        """The audit action that took the item from the given state to its current one.

        None when its public state did not change (an edit of a published text).
        """
        was_approved = was_status == Status.PUBLISHED
        if self.status != Status.PUBLISHED:
            if was_approved:
                return AuditEvent.Action.UNPUBLISH
            if self.status == Status.REVIEW and was_status != Status.REVIEW:
                return AuditEvent.Action.SUBMIT
            return None
        if was_approved and was_published_at == self.published_at:
            return None
        return AuditEvent.Action.SCHEDULE if self.is_scheduled() else AuditEvent.Action.PUBLISH

    def publication_errors(self):
        """What stops this item from being published, as messages for the writer.

        Empty when nothing does. A type adds its own rules (an article's body
        pictures need alt text); every way to publish asks it first.
        """
        return []

    def record_publication_change(self, *, by, was_status, was_published_at):
        """Write the change to the audit record, if there was one. One INSERT at most."""
        action = self.publication_change(was_status=was_status, was_published_at=was_published_at)
        if action:
            detail = self.published_at.isoformat() if self.published_at else ""
            audit.record(by, action, self, detail)
        return action


def publishable_models():
    """Every installed content type with the workflow: the role rules are granted over these."""
    return [model for model in apps.get_models() if issubclass(model, Publishable)]


class ReviewNoteQuerySet(models.QuerySet):
    def about(self, item):
        return self.filter(content_type=ContentType.objects.get_for_model(item), object_id=item.pk)


class ReviewNote(models.Model):
    """An editor's word to the writer about one item: why it was sent back, or
    why a proposed correction was refused. The writer sees it on the item and on
    their start page."""

    class Kind(models.TextChoices):
        SENT_BACK = "sent_back", _("sent back")
        CORRECTION_REJECTED = "correction_rejected", _("correction rejected")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    text = models.TextField(_("note"), max_length=2000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    objects = ReviewNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("review note")
        verbose_name_plural = _("review notes")
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "-created_at"],
                name="publishing_note_item_idx",
            ),
        ]

    def __str__(self):
        return self.text[:60]
