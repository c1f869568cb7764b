"""User administration: one role per user, and rules nobody can talk their way around.

- Only administrators (accounts.change_user) manage users; editors and writers cannot.
- Nobody changes their own role, active flag or superuser flag, by form or crafted POST
  (the fields are disabled for oneself, so Django ignores what is posted).
- The superuser flag is shown and settable only by superusers; only superusers
  may change a superuser's account (else an administrator could take it over).
- The last active administrator can be neither demoted nor deactivated.
- Users are deactivated, never deleted: articles and the audit record point at them.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import audit
from .models import AuditEvent, User
from .roles import ADMINISTRATOR, ROLE_LABELS, ROLES, role_of

admin.site.unregister(Group)  # roles are kept in code (accounts/roles.py), not edited here

# The advisory lock's key: any number that no other lock of the site uses.
ADMINISTRATORS_LOCK = 7_310_001

ROLE_CHOICES = [("", _("— no role (cannot enter the newsroom) —"))] + [
    (role, ROLE_LABELS[role]) for role in ROLES
]


class RoleFormMixin(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, required=False)
    current_user = None  # set per request by UserAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.instance
        if user.pk:
            self.fields["role"].initial = role_of(user) or ""
        if user.pk and self.current_user is not None and user.pk == self.current_user.pk:
            # One's own rights are for another administrator to change. Disabled
            # fields keep their initial value whatever a crafted POST says.
            for name in ("role", "is_active", "is_superuser"):
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _(
                        "Your own role and account status are changed by another administrator."
                    )

    def clean(self):
        cleaned = super().clean()
        user = self.instance
        if user.pk:
            # Two administrators demoting each other at once would each see the
            # other still in office: the check and the save hold one lock.
            lock_administrators()
        if user.pk and user.is_active_administrator():
            stays = cleaned.get("is_active", user.is_active) and (
                cleaned.get("role") == ADMINISTRATOR
                or cleaned.get("is_superuser", user.is_superuser)
            )
            if not stays and not other_active_administrators(user).exists():
                raise ValidationError(
                    _(
                        "%(user)s is the last active administrator: appoint another "
                        "administrator before changing their role or deactivating them."
                    ),
                    code="last_administrator",
                    params={"user": user},
                )
        return cleaned

    def save(self, commit=True):
        user = super().save(commit=False)
        # Entering the newsroom requires a role; the flag follows it.
        user.is_staff = bool(self.cleaned_data.get("role")) or user.is_superuser
        if commit:
            user.save()
            self.save_m2m()
        return user


class UserEditForm(RoleFormMixin, UserChangeForm):
    pass


class UserAddForm(RoleFormMixin, AdminUserCreationForm):
    pass


def lock_administrators():
    """Hold, until the transaction ends, the lock every change to an account's rights takes.

    A transaction-scoped PostgreSQL advisory lock: whoever checks "another
    active administrator remains" after taking it sees every change committed
    by the one before. The admin's change view runs the form in a transaction.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("lock_administrators() outside a transaction would hold nothing")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADMINISTRATORS_LOCK])


def other_active_administrators(user):
    return (
        User.objects.filter(is_active=True)
        .exclude(pk=user.pk)
        .filter(Q(is_superuser=True) | Q(groups__name=ADMINISTRATOR))
    )


class RoleFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "peran"

    def lookups(self, request, model_admin):
        return [(role, role) for role in ROLES] + [("-", _("No role"))]

    def queryset(self, request, queryset):
        if self.value() == "-":
            return queryset.exclude(groups__name__in=ROLES)
        if self.value() in ROLES:
            return queryset.filter(groups__name=self.value())
        return queryset


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserEditForm
    add_form = UserAddForm
    list_display = ["username", "full_name", "role", "is_active", "last_login"]
    list_filter = [RoleFilter, "is_active"]
    search_fields = ["username", "first_name", "last_name", "email"]
    ordering = ["username"]
    readonly_fields = ["last_login", "date_joined"]
    actions = None  # no bulk delete: users are deactivated, one by one

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("name"))
    def full_name(self, user):
        return user.get_full_name()

    @admin.display(description=_("role"))
    def role(self, user):
        return "Superuser" if user.is_superuser else (role_of(user) or "—")

    def get_fieldsets(self, request, obj=None):
        access = ["role", "is_active"] + (["is_superuser"] if request.user.is_superuser else [])
        if obj is None:
            return [
                (None, {"fields": ["username", "usable_password", "password1", "password2"]}),
                (_("Personal data"), {"fields": ["first_name", "last_name", "email"]}),
                (_("Access"), {"fields": access}),
            ]
        return [
            (None, {"fields": ["username", "password"]}),
            (_("Personal data"), {"fields": ["first_name", "last_name", "email"]}),
            (_("Access"), {"fields": access}),
            (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        return type(form_class.__name__, (form_class,), {"current_user": request.user})

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        before = User.objects.get(pk=obj.pk) if change else None
        old_role = role_of(before) if before else None
        super().save_model(request, obj, form, change)
        new_role = form.cleaned_data.get("role") or None
        if not form.fields["role"].disabled:
            obj.groups.set(Group.objects.filter(name=new_role))
        if before is None:
            audit.record(request.user, AuditEvent.Action.CREATE_USER, obj, new_role or "")
        else:
            if new_role != old_role and not form.fields["role"].disabled:
                detail = f"{old_role or '—'} → {new_role or '—'}"
                audit.record(request.user, AuditEvent.Action.ROLE_CHANGE, obj, detail)
            if before.is_active != obj.is_active:
                action = (
                    AuditEvent.Action.ACTIVATE if obj.is_active else AuditEvent.Action.DEACTIVATE
                )
                audit.record(request.user, action, obj)
            if before.is_superuser != obj.is_superuser:
                detail = "superuser" if obj.is_superuser else "bukan superuser"
                audit.record(request.user, AuditEvent.Action.ROLE_CHANGE, obj, detail)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            audit.record(request.user, AuditEvent.Action.PASSWORD_RESET, User.objects.get(pk=id))
        return response


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: administrators see the record; nobody edits it (a trigger also refuses)."""

    list_display = ["created_at", "actor", "action", "target_repr", "detail"]
    list_filter = ["action", "target_type"]
    list_select_related = ["actor"]
    search_fields = ["target_repr", "actor__username", "detail"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
