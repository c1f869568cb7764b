from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kpu_site.formatting import date_and_time


class User(AbstractUser):
    """The site's user. Custom from the first migration so it can grow without pain.

    Roles are groups kept in code (accounts/roles.py); `role_of(user)` names one.
    """

    is_demo = models.BooleanField(
        _("demo account"),
        default=False,
        editable=False,
        help_text=_("Created by the demo content; cannot log in while DEBUG is off."),
    )

    def __str__(self):
        return self.get_full_name() or self.username

    def is_active_administrator(self):
        """Counts toward "the last active administrator" (a superuser counts too)."""
        from .roles import ADMINISTRATOR

        return self.is_active and (
            self.is_superuser or self.groups.filter(name=ADMINISTRATOR).exists()
        )


class AuditEvent(models.Model):
    """Who did what and when: publication and account changes. Rows are never changed.

    A database trigger (migration 0002) refuses UPDATE and DELETE, so not even a
    bug or a shell session can rewrite the record.
    """

    class Action(models.TextChoices):
        # In their own context: "published" as a deed ("menerbitkan"), not a status.
        PUBLISH = "publish", pgettext_lazy("audit action", "published")
        SCHEDULE = "schedule", pgettext_lazy("audit action", "scheduled")
        UNPUBLISH = "unpublish", pgettext_lazy("audit action", "unpublished")
        SUBMIT = "submit", pgettext_lazy("audit action", "submitted for review")
        CREATE_USER = "create_user", pgettext_lazy("audit action", "created user")
        ROLE_CHANGE = "role_change", pgettext_lazy("audit action", "changed role")
        ACTIVATE = "activate", pgettext_lazy("audit action", "activated")
        DEACTIVATE = "deactivate", pgettext_lazy("audit action", "deactivated")
        PASSWORD_RESET = "password_reset", pgettext_lazy("audit action", "reset password")
        RESTORE = "restore", pgettext_lazy("audit action", "restored a revision")
        SEND_BACK = "send_back", pgettext_lazy("audit action", "sent back to the writer")
        CORRECTION_PROPOSE = (
            "correction_propose",
            pgettext_lazy("audit action", "proposed a correction"),
        )
        CORRECTION_PUBLISH = (
            "correction_publish",
            pgettext_lazy("audit action", "published a correction"),
        )
        CORRECTION_REJECT = (
            "correction_reject",
            pgettext_lazy("audit action", "rejected a correction"),
        )
        UNLOCK = "unlock", pgettext_lazy("audit action", "lifted a login lock")

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    target_type = models.CharField(_("target type"), max_length=64)
    target_id = models.CharField(_("target ID"), max_length=64)
    target_repr = models.CharField(_("target"), max_length=300)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit event")
        indexes = [
            # "What happened to this article/user": the admin's filtered view.
            models.Index(fields=["target_type", "target_id"], name="accounts_audit_target_idx"),
        ]

    def __str__(self):
        return " · ".join(
            [
                date_and_time(self.created_at),
                str(self.actor or "—"),
                self.get_action_display(),
                self.target_repr,
            ]
        )
