"""Roles as code: each role is a Django group with exactly these permissions.

Migration 0003_sync_roles creates the groups; `manage.py sync_roles` re-applies
this module after permissions change. When a role gains a permission on a model
added later, add a migration after that model's that calls `sync_roles` again
(0003 skips permissions that do not exist yet on a fresh database).
Object-level rules (a writer edits only their own drafts) live in news/admin.py.
"""

from django.utils.translation import gettext_lazy as _

WRITER = "Penulis"
EDITOR = "Redaktur"
ADMINISTRATOR = "Administrator"

_WRITER_PERMISSIONS = {
    "news.add_article",
    "news.change_article",  # own drafts and articles in review only
    "news.delete_article",  # likewise
    "news.view_article",
    "news.view_division",
    "news.view_author",
}
_EDITOR_PERMISSIONS = _WRITER_PERMISSIONS | {
    "news.publish_article",
    "news.edit_all_articles",
    "news.add_division",
    "news.change_division",
    "news.delete_division",
    "news.add_author",
    "news.change_author",
    "news.delete_author",
    "taggit.add_tag",
    "taggit.change_tag",
    "taggit.delete_tag",
    "taggit.view_tag",
}
_ADMINISTRATOR_PERMISSIONS = _EDITOR_PERMISSIONS | {
    "accounts.add_user",
    "accounts.change_user",
    "accounts.view_user",
    "accounts.view_auditevent",
    # Locked-out logins (django-axes): deleting the attempts lifts the lock.
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
    "axes.view_accesslog",
    "axes.view_accessfailurelog",
}

# Lowest to highest: the order of the role choice in the user form.
ROLES = {
    WRITER: _WRITER_PERMISSIONS,
    EDITOR: _EDITOR_PERMISSIONS,
    ADMINISTRATOR: _ADMINISTRATOR_PERMISSIONS,
}
ROLE_LABELS = {
    WRITER: _("Writer — writes articles and submits them for review"),
    EDITOR: _("Editor — edits and publishes every article"),
    ADMINISTRATOR: _("Administrator — also manages users"),
}


def sync_roles(group_model, permission_model, *, strict=True):
    """Create or update every role's group so it has exactly its permissions.

    Takes the models as arguments so migrations can pass their historical ones.
    Idempotent. With strict, a permission that does not exist is an error;
    without, it is skipped (a migration running before that model exists).
    Returns {role: number of permissions}.
    """
    available = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in permission_model.objects.values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    applied = {}
    for role, codenames in ROLES.items():
        missing = codenames - available.keys()
        if missing and strict:
            raise LookupError(f"{role}: no such permissions: {', '.join(sorted(missing))}")
        group, _created = group_model.objects.get_or_create(name=role)
        group.permissions.set([available[name] for name in codenames if name in available])
        applied[role] = len(codenames - missing)
    return applied


def role_of(user):
    """The user's highest role name, or None. Reads user.groups (prefetch it for lists)."""
    names = {group.name for group in user.groups.all()}
    for role in reversed(ROLES):
        if role in names:
            return role
    return None
