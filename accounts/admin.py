"""User administration: one role per user, and rules nobody can talk their way around.

- Only administrators (accounts.change_user) manage users; editors and writers cannot.
- Nobody changes their own role, active flag or superuser flag, by form or crafted POST
  (the fields are disabled for oneself, so Django ignores what is posted).
- The superuser flag is shown and settable only by superusers; only superusers
  may change a superuser's account (else an administrator could take it over).
- The last active administrator can be neither demoted nor deactivated.
- Users are deactivated, never deleted: articles and the audit record point at them.
- A writer or editor is added on one screen: the same form makes or links their
  author profile (the byline on their articles, with its signature).
- A user locked out after failed logins (django-axes) is shown so on their page,
  where an administrator may lift the lock; the audit record says who did.
"""

import re
from datetime import datetime

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from news.forms import ReencodedImageField
from news.models import Author

from . import audit, lockouts
from .models import AuditEvent, User
from .roles import ADMINISTRATOR, EDITOR, ROLE_LABELS, ROLES, WRITER, role_of

admin.site.unregister(Group)  # roles are kept in code (accounts/roles.py), not edited here

# The advisory lock's key: any number that no other lock of the site uses.
ADMINISTRATORS_LOCK = 7_310_001

# The roles whose holders write articles, and so need a byline of their own.
WRITING_ROLES = (WRITER, EDITOR)
AUTHOR_FIELDS = ["author_name", "author_signature", "author_photo", "author_bio"]

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


class AuthorProfileFormMixin(forms.Form):
    """The user's author profile (news.Author), made, linked or edited with the user.

    Writers and editors must have one, with a signature; anyone else may. A
    user without one may take an existing byline that has no account (an
    author added before they had a login): the fields typed here then
    replace its own, those left empty keep them.
    """

    author_existing = forms.ModelChoiceField(
        label=_("Existing byline"),
        queryset=Author.objects.none(),
        required=False,
        empty_label=_("— none: make a new one —"),
        help_text=_("A byline with no user account yet, to give to this user."),
    )
    author_name = forms.CharField(
        label=_("Name on the byline"),
        max_length=Author._meta.get_field("name").max_length,
        required=False,
        help_text=_("As readers see it. The user’s full name if left empty."),
    )
    author_signature = forms.CharField(
        label=_("Signature"),
        max_length=Author._meta.get_field("signature").max_length,
        required=False,
        help_text=_(
            "Added at the end of each of their articles in square brackets, e.g. Mrul → [Mrul]. "
            "Required for writers and editors."
        ),
    )
    author_photo = ReencodedImageField(label=_("Photo"), required=False)
    author_bio = forms.CharField(label=_("Short bio"), required=False, widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.profile = profile_of(self.instance)
        if "author_existing" in self.fields:
            self.fields["author_existing"].queryset = Author.objects.filter(user__isnull=True)
        if self.profile is not None:
            for name, value in profile_values(self.profile).items():
                self.fields[name].initial = value

    def clean(self):
        cleaned = super().clean()
        existing = cleaned.get("author_existing") if self.profile is None else None
        author = self.profile or existing
        typed = {name: cleaned.get(name) for name in AUTHOR_FIELDS}
        # A writer who leaves is deactivated without being given a byline first.
        writes = cleaned.get("role") in WRITING_ROLES and cleaned.get("is_active", True)
        self.author_plan = None
        if author is None and not writes and not any(typed.values()):
            return cleaned
        signature = (typed["author_signature"] or "").strip() or (
            existing.signature if existing else ""
        )
        if not signature:
            self.add_error(
                "author_signature",
                ValidationError(
                    _(
                        "Writers and editors need a byline: give its signature, e.g. Mrul "
                        "(printed as [Mrul] at the end of their articles)."
                    )
                    if writes
                    else _("A byline needs a signature, e.g. Mrul (printed as [Mrul])."),
                    code="required",
                ),
            )
            return cleaned
        self.author_plan = {"author": author, "signature": signature, **typed}
        return cleaned

    def save_author_profile(self, user):
        """Make, link or update the user's author profile as the form says; returns it."""
        plan = getattr(self, "author_plan", None)
        if plan is None:
            return None
        author = plan["author"] or Author()
        # An existing byline being linked keeps what was left empty; the user's
        # own profile is edited in these fields, so it takes them as they are.
        linking = author.pk is not None and author != self.profile
        author.user = user
        author.signature = plan["signature"]
        author.name = (
            plan["author_name"]
            or (author.name if linking else "")
            or user.get_full_name()
            or user.username
        ).strip()
        photo = plan["author_photo"]
        if photo is False:  # "clear" ticked
            author.photo = ""
        elif photo and not isinstance(photo, FieldFile):  # a new upload
            author.photo = photo
        if plan["author_bio"] or not linking:
            author.bio = plan["author_bio"]
        if not author.slug:
            author.slug = unique_author_slug(author.name)
        author.save()
        return author


class UserEditForm(RoleFormMixin, AuthorProfileFormMixin, UserChangeForm):
    pass


class UserAddForm(RoleFormMixin, AuthorProfileFormMixin, AdminUserCreationForm):
    pass


def profile_of(user):
    return Author.objects.filter(user=user).first() if user is not None and user.pk else None


def profile_values(author):
    return {
        "author_name": author.name,
        "author_signature": author.signature,
        "author_photo": author.photo,
        "author_bio": author.bio,
    }


def unique_author_slug(name):
    """The author page's address from `name`: "dewi-anggraini", then "dewi-anggraini-2"…"""
    limit = Author._meta.get_field("slug").max_length
    base = (slugify(name) or "penulis")[: limit - 4].strip("-")
    taken = set(Author.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


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
        author = AUTHOR_FIELDS
        if profile_of(obj) is None and Author.objects.filter(user__isnull=True).exists():
            author = ["author_existing", *AUTHOR_FIELDS]
        author_profile = (
            _("Author profile"),
            {
                "fields": author,
                "description": _(
                    "The byline on their articles. Writers and editors need one; "
                    "its signature is added at the end of each of their articles."
                ),
            },
        )
        if obj is None:
            return [
                (None, {"fields": ["username", "usable_password", "password1", "password2"]}),
                (_("Personal data"), {"fields": ["first_name", "last_name", "email"]}),
                (_("Access"), {"fields": access}),
                author_profile,
            ]
        return [
            (None, {"fields": ["username", "password"]}),
            (_("Personal data"), {"fields": ["first_name", "last_name", "email"]}),
            (_("Access"), {"fields": access}),
            author_profile,
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
        form.save_author_profile(obj)
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

    def get_urls(self):
        unlock = path(
            "<path:object_id>/unlock/",
            self.admin_site.admin_view(self.unlock_view),
            name="accounts_user_unlock",
        )
        return [unlock, *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        user = self.get_object(request, unquote(object_id))
        if user is not None:
            failures = lockouts.recent_failures(user.username)
            extra_context = {
                "login_failures": failures,
                "locked_out": any(failure.locked for failure in failures),
                "may_unlock": self.has_change_permission(request, user),
                "lock_limit": settings.AXES_FAILURE_LIMIT,
                **(extra_context or {}),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def unlock_view(self, request, object_id):
        """Lift the user's login lock ("Buka kunci"): every failed login of theirs is forgotten."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        user = self.get_object(request, unquote(object_id))
        if user is None:
            raise Http404
        if not self.has_change_permission(request, user):
            raise PermissionDenied
        addresses = [str(failure.address) for failure in lockouts.recent_failures(user.username)]
        if lockouts.unlock(user.username):
            audit.record(request.user, AuditEvent.Action.UNLOCK, user, ", ".join(addresses))
            self.message_user(
                request,
                gettext("The lock on %(user)s is lifted: they may log in again.")
                % {"user": user.username},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                gettext("%(user)s was not locked out.") % {"user": user.username},
                messages.INFO,
            )
        return redirect(reverse("admin:accounts_user_change", args=[user.pk]))

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            audit.record(request.user, AuditEvent.Action.PASSWORD_RESET, User.objects.get(pk=id))
        return response


# An ISO 8601 time inside an audit detail, as Python's isoformat() writes it: the
# publication time the workflow records (publishing/models.py), with or without
# seconds, fractions and zone, so that rows written before now read as well.
ISO_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})?"
)


def readable_detail(detail):
    """`detail` with each ISO time in it written as the admin writes dates, in local time.

    The record keeps what was written (UTC, machine-readable); staff read
    "Selasa, 31 Mei 2022 · 09.00 WIB" (kpu_site/formats/id/formats.py).
    """

    def local(match):
        try:
            when = datetime.fromisoformat(match.group())
        except ValueError:
            return match.group()
        if timezone.is_naive(when):
            when = timezone.make_aware(when)  # written without a zone: the site's
        return formats.date_format(timezone.localtime(when), "DATETIME_FORMAT")

    return ISO_DATETIME.sub(local, detail)


def target_kind(label):
    """The name staff know a content type by: "Berita" for "news.article"."""
    try:
        return capfirst(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label  # a type since removed: its label is all there is


class TargetTypeFilter(admin.SimpleListFilter):
    """The audit record by kind of target, named as staff know them, not "news.article"."""

    title = _("target type")
    parameter_name = "target_type"  # as the field's own filter had it: old links still work

    def lookups(self, request, model_admin):
        labels = AuditEvent.objects.order_by().values_list("target_type", flat=True).distinct()
        return sorted(((label, target_kind(label)) for label in labels), key=lambda c: str(c[1]))

    def queryset(self, request, queryset):
        return queryset.filter(target_type=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: administrators see the record; nobody edits it (a trigger also refuses).

    Times read as the rest of the admin's, in the site's time zone, those inside
    a detail included; targets are named by their kind ("Berita"), not their label.
    """

    list_display = ["created_at", "actor", "action", "target_type_name", "target_repr", "details"]
    list_filter = ["action", TargetTypeFilter]
    list_select_related = ["actor"]
    search_fields = ["target_repr", "actor__username", "detail"]
    date_hierarchy = "created_at"
    fields = readonly_fields = [
        "created_at",
        "actor",
        "action",
        "target_type_name",
        "target_id",
        "target_repr",
        "details",
    ]

    @admin.display(description=_("target type"), ordering="target_type")
    def target_type_name(self, event):
        return target_kind(event.target_type)

    @admin.display(description=_("detail"))
    def details(self, event):
        return readable_detail(event.detail)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
