"""Roles as code: each role is a Django group with exactly these permissions.

Migration 0003_sync_roles creates the groups, and they are synced again after
every `migrate` (accounts/apps.py) and by `manage.py sync_roles`. The rules for
content are written once, over every publishable type (publishing/models.py):
a type that declares itself is covered with no change here. Object-level rules
(a writer edits only their own drafts) are Publishable.can_be_edited_by(),
enforced by publishing/admin.py.
"""

from django.utils.translation import gettext_lazy as _

from publishing.models import publishable_models

WRITER = "Penulis"
EDITOR = "Redaktur"
ADMINISTRATOR = "Administrator"

# Lowest to highest: the order of the role choice in the user form.
ROLES = (WRITER, EDITOR, ADMINISTRATOR)
ROLE_LABELS = {
    WRITER: _("Writer — writes articles and submits them for review"),
    EDITOR: _("Editor — edits and publishes every article"),
    ADMINISTRATOR: _("Administrator — also manages users"),
}

# Every publishable type: what a writer may do (change and delete only their own
# drafts and items in review), and what an editor may do on top.
_WRITER_CONTENT_ACTIONS = ("add", "change", "delete", "view")
_EDITOR_CONTENT_ACTIONS = ("publish", "edit_all")

_WRITER_EXTRA = {
    "news.view_division",
    "news.view_author",
    # The picture library: their own uploads and the published pictures (media_library/).
    "media_library.view_mediaimage",
    # Their own proposals and what was decided (corrections/admin.py).
    "corrections.view_correction",
    # The people the organisation page lists (pages/admin.py).
    "pages.view_person",
}
_EDITOR_EXTRA = {
    # Removing pictures no article uses (the database refuses the rest).
    "media_library.delete_mediaimage",
    # Deciding corrections, of the types they may publish.
    "corrections.change_correction",
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
    "pages.add_person",
    "pages.change_person",
    "pages.delete_person",
    "pages.view_person",
}
_ADMINISTRATOR_EXTRA = {
    "accounts.add_user",
    "accounts.change_user",
    "accounts.view_user",
    "accounts.view_auditevent",
    # Locked-out logins (django-axes): deleting the attempts lifts the lock.
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
    "axes.view_accesslog",
    "axes.view_accessfailurelog",
    # The office's contacts, logo and external links on every page (office/admin.py);
    # "add" only creates the one settings row, which no one may delete.
    "office.add_sitesettings",
    "office.change_sitesettings",
    "office.view_sitesettings",
    "office.add_externallink",
    "office.change_externallink",
    "office.delete_externallink",
    "office.view_externallink",
}


def _content(actions):
    return {model.permission(action) for model in publishable_models() for action in actions}


def permissions(role):
    """The permission names ("app_label.codename") of `role`; each role has its lower ones'."""
    writer = _content(_WRITER_CONTENT_ACTIONS) | _WRITER_EXTRA
    if role == WRITER:
        return writer
    editor = writer | _content(_EDITOR_CONTENT_ACTIONS) | _EDITOR_EXTRA
    if role == EDITOR:
        return editor
    if role == ADMINISTRATOR:
        return editor | _ADMINISTRATOR_EXTRA
    raise LookupError(role)


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
    for role in ROLES:
        codenames = permissions(role)
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
