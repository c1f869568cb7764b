from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """The site's user. Custom from the first migration so it can grow without pain.

    Roles are groups kept in code (accounts/roles.py); `role_of(user)` names one.
    """

    is_demo = models.BooleanField(
        _("akun demo"),
        default=False,
        editable=False,
        help_text=_("Dibuat oleh data demo; tidak dapat masuk bila DEBUG mati."),
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
        PUBLISH = "publish", _("menerbitkan")
        SCHEDULE = "schedule", _("menjadwalkan")
        UNPUBLISH = "unpublish", _("menarik")
        SUBMIT = "submit", _("mengirim untuk ditinjau")
        CREATE_USER = "create_user", _("membuat pengguna")
        ROLE_CHANGE = "role_change", _("mengubah peran")
        ACTIVATE = "activate", _("mengaktifkan")
        DEACTIVATE = "deactivate", _("menonaktifkan")
        PASSWORD_RESET = "password_reset", _("mengatur ulang sandi")

    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    action = models.CharField(_("tindakan"), max_length=32, choices=Action.choices)
    target_type = models.CharField(_("jenis sasaran"), max_length=64)
    target_id = models.CharField(_("ID sasaran"), max_length=64)
    target_repr = models.CharField(_("sasaran"), max_length=300)
    detail = models.CharField(_("rincian"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("catatan audit")
        verbose_name_plural = _("catatan audit")
        indexes = [
            # "What happened to this article/user": the admin's filtered view.
            models.Index(fields=["target_type", "target_id"], name="accounts_audit_target_idx"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.target_repr}"
