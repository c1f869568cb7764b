from io import StringIO

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db.models.signals import post_migrate

from accounts import roles
from accounts.apps import sync_roles_after_migrate

pytestmark = pytest.mark.django_db


def permissions_of(role):
    group = Group.objects.get(name=role)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_migration_created_every_role_with_exactly_its_permissions():
    # The migration ran on a fresh test database: permissions had to exist first.
    for role in roles.ROLES:
        assert permissions_of(role) == roles.permissions(role)


def test_roles_nest_writer_within_editor_within_administrator():
    writer, editor, administrator = map(roles.permissions, roles.ROLES)
    assert writer < editor < administrator
    assert "news.publish_article" not in writer
    assert not any(name.startswith("accounts.") for name in editor)
    # Nobody gets to edit groups (roles live in code) or delete users.
    assert not any(name.startswith("auth.") for name in administrator)
    assert "accounts.delete_user" not in administrator


def test_sync_roles_command_repairs_drift_and_is_idempotent():
    editor = Group.objects.get(name=roles.EDITOR)
    editor.permissions.add(Permission.objects.get(codename="delete_user"))
    Group.objects.get(name=roles.WRITER).permissions.clear()

    out = StringIO()
    call_command("sync_roles", stdout=out)
    call_command("sync_roles", stdout=StringIO())
    for role in roles.ROLES:
        assert permissions_of(role) == roles.permissions(role)
    assert f"Redaktur: {len(roles.permissions(roles.EDITOR))} permissions" in out.getvalue()


def test_sync_roles_refuses_a_permission_that_does_not_exist(monkeypatch):
    monkeypatch.setattr(roles, "_WRITER_EXTRA", roles._WRITER_EXTRA | {"news.fly"})
    with pytest.raises(LookupError, match="news.fly"):
        roles.sync_roles(Group, Permission)


@pytest.mark.django_db(transaction=True)
def test_role_migration_is_reversible():
    # Watch the migration alone: the post_migrate sync would hide what it did.
    config = django_apps.get_app_config("accounts")
    post_migrate.disconnect(sync_roles_after_migrate, sender=config)
    try:
        call_command("migrate", "accounts", "0002", verbosity=0)
        assert not Group.objects.filter(name__in=roles.ROLES).exists()
        call_command("migrate", verbosity=0)
        for role in roles.ROLES:
            assert permissions_of(role) == roles.permissions(role)
    finally:
        post_migrate.connect(sync_roles_after_migrate, sender=config)


@pytest.mark.django_db(transaction=True)
def test_roles_are_restored_after_every_migrate():
    Group.objects.filter(name=roles.EDITOR).delete()
    call_command("migrate", verbosity=0)
    assert permissions_of(roles.EDITOR) == roles.permissions(roles.EDITOR)


def test_role_of_names_the_highest_role(django_user_model):
    user = django_user_model.objects.create_user("u")
    assert roles.role_of(user) is None
    user.groups.set(Group.objects.filter(name__in=[roles.WRITER, roles.EDITOR]))
    assert roles.role_of(user) == roles.EDITOR


@pytest.mark.django_db(transaction=True)
def test_the_renamed_workflow_permission_survives_migrating_back_and_forth():
    """news/0009 renames edit_all_articles in place; back and forth, editors keep it once."""
    call_command("migrate", "news", "0008", verbosity=0)
    # All apps: going back also unapplied those that depend on later news migrations.
    call_command("migrate", verbosity=0)
    renamed = Permission.objects.filter(content_type__app_label="news", codename="edit_all_article")
    assert renamed.count() == 1
    assert not Permission.objects.filter(codename="edit_all_articles").exists()
    assert "news.edit_all_article" in permissions_of(roles.EDITOR)
