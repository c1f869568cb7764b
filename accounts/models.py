from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


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
        PUBLISH = "publish", _("published")
        SCHEDULE = "schedule", _("scheduled")
        UNPUBLISH = "unpublish", _("unpublished")
        SUBMIT = "submit", _("submitted for review")
        CREATE_USER = "create_user", _("created user")
        ROLE_CHANGE = "role_change", _("changed role")
        ACTIVATE = "activate", _("activated")
        DEACTIVATE = "deactivate", _("deactivated")
        PASSWORD_RESET = "password_reset", _("reset password")
        RESTORE = "restore", _("restored a revision")
        SEND_BACK = "send_back", _("sent back to the writer")
        CORRECTION_PROPOSE = "correction_propose", _("proposed a correction")
        CORRECTION_PUBLISH = "correction_publish", _("published a correction")
        CORRECTION_REJECT = "correction_reject", _("rejected a correction")
        UNLOCK = "unlock", _("lifted a login lock")

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
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.target_repr}"
