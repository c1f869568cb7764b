from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, Permission
from pytest_django.asserts import assertContains, assertNotContains

from accounts import roles
from accounts.models import AuditEvent, User
from tests.clients import login

pytestmark = pytest.mark.django_db

USERS = "/admin/accounts/user/"


def change_data(user, **overrides):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": roles.role_of(user) or "",
        "is_active": "on" if user.is_active else "",
    }
    data.update(overrides)
    if data["role"] in (roles.WRITER, roles.EDITOR) and data["is_active"]:
        # Active writers and editors have a byline (tests/accounts/test_user_author.py).
        data.setdefault("author_signature", user.username[:20])
    return {key: value for key, value in data.items() if value != ""}


def test_user_list_shows_role_active_flag_and_last_login(administrator, writer, editor):
    response = login(administrator).get(USERS)
    for column in ("column-role", "column-is_active", "column-last_login"):
        assertContains(response, column)
    assertContains(response, f'<td class="field-role">{roles.WRITER}</td>', html=True)
    filtered = login(administrator).get(USERS, {"peran": roles.EDITOR})
    assert [u.username for u in filtered.context["cl"].result_list] == ["editor"]


def test_user_list_query_count_is_bounded(
    administrator, django_user_model, django_assert_max_num_queries
):
    for index in range(30):
        django_user_model.objects.create_user(f"u{index}").groups.set(
            Group.objects.filter(name=roles.WRITER)
        )
    client = login(administrator)
    # Session, user, permissions, counts, the page, groups (one prefetch), the
    # session save: 11, whatever the number of users (30 here; N+1 would be 40+).
    with django_assert_max_num_queries(11):
        client.get(USERS)


def test_change_form_offers_one_role_choice_not_raw_groups(administrator, writer):
    response = login(administrator).get(f"{USERS}{writer.pk}/change/")
    assertContains(response, 'name="role"')
    assertNotContains(response, 'name="groups"')
    assertNotContains(response, 'name="user_permissions"')
    assertNotContains(response, 'name="is_superuser"')
    assertContains(response, f'<option value="{roles.WRITER}" selected>', html=False)


def test_superuser_flag_is_for_superusers_only(admin, administrator, writer):
    assertContains(login(admin).get(f"{USERS}{writer.pk}/change/"), 'name="is_superuser"')
    login(administrator).post(f"{USERS}{writer.pk}/change/", change_data(writer, is_superuser="on"))
    assert not User.objects.get(pk=writer.pk).is_superuser


def test_administrator_sets_a_role_and_it_is_audited(administrator, writer):
    response = login(administrator).post(
        f"{USERS}{writer.pk}/change/", change_data(writer, role=roles.EDITOR)
    )
    assert response.status_code == HTTPStatus.FOUND
    writer.refresh_from_db()
    assert roles.role_of(writer) == roles.EDITOR and writer.is_staff
    event = AuditEvent.objects.get(action=AuditEvent.Action.ROLE_CHANGE)
    assert (event.actor, event.target_id, event.detail) == (
        administrator,
        str(writer.pk),
        "Penulis → Redaktur",
    )


def test_removing_the_role_closes_the_newsroom(administrator, writer):
    login(administrator).post(f"{USERS}{writer.pk}/change/", change_data(writer, role=""))
    writer.refresh_from_db()
    assert roles.role_of(writer) is None and not writer.is_staff


def test_deactivation_and_activation_are_audited(administrator, writer):
    client = login(administrator)
    client.post(f"{USERS}{writer.pk}/change/", change_data(writer, is_active=""))
    writer.refresh_from_db()
    assert not writer.is_active
    client.post(f"{USERS}{writer.pk}/change/", change_data(writer, is_active="on"))
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == [AuditEvent.Action.DEACTIVATE, AuditEvent.Action.ACTIVATE]


def test_administrator_creates_a_user_with_a_role(administrator):
    response = login(administrator).post(
        f"{USERS}add/",
        {
            "username": "dewi",
            "usable_password": "true",
            "password1": "Pemilu-Jujur-Adil-2024",
            "password2": "Pemilu-Jujur-Adil-2024",
            "role": roles.WRITER,
            "is_active": "on",
            "author_signature": "Dew",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    user = User.objects.get(username="dewi")
    assert roles.role_of(user) == roles.WRITER and user.is_staff
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE_USER).exists()


def test_weak_passwords_are_refused(administrator):
    response = login(administrator).post(
        f"{USERS}add/",
        {
            "username": "lemah",
            "usable_password": "true",
            "password1": "12345678",
            "password2": "12345678",
            "role": roles.WRITER,
        },
    )
    assertContains(response, "ini terlalu umum")
    assert not User.objects.filter(username="lemah").exists()


def test_administrator_resets_a_password_and_it_is_audited(administrator, writer):
    response = login(administrator).post(
        f"{USERS}{writer.pk}/password/",
        {"password1": "Sandi-Baru-Yang-Kuat-1", "password2": "Sandi-Baru-Yang-Kuat-1"},
    )
    assert response.status_code == HTTPStatus.FOUND
    writer.refresh_from_db()
    assert writer.check_password("Sandi-Baru-Yang-Kuat-1")
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PASSWORD_RESET).exists()


@pytest.mark.parametrize(
    "overrides",
    [{"role": roles.EDITOR}, {"role": ""}, {"is_active": ""}, {"is_superuser": "on"}],
    ids=["demote", "remove-role", "deactivate", "superuser"],
)
def test_nobody_changes_their_own_rights(administrator, admin, overrides):
    for user in (administrator, admin):
        before = (roles.role_of(user), user.is_active, user.is_superuser)
        login(user).post(f"{USERS}{user.pk}/change/", change_data(user, **overrides))
        user.refresh_from_db()
        assert (roles.role_of(user), user.is_active, user.is_superuser) == before
    assert not AuditEvent.objects.exclude(action=AuditEvent.Action.CREATE_USER).exists()


def test_editor_cannot_raise_their_own_rights(editor):
    response = login(editor).post(
        f"{USERS}{editor.pk}/change/", change_data(editor, role=roles.ADMINISTRATOR)
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert roles.role_of(User.objects.get(pk=editor.pk)) == roles.EDITOR


@pytest.mark.parametrize(
    "overrides", [{"role": roles.EDITOR}, {"is_active": ""}], ids=["demote", "deactivate"]
)
def test_the_last_active_administrator_cannot_be_demoted_or_deactivated(
    administrator, overrides, django_user_model
):
    # Someone allowed to change users without being an administrator themselves,
    # so that `administrator` really is the last one.
    clerk = django_user_model.objects.create_user("clerk", is_staff=True)
    clerk.user_permissions.set(Permission.objects.filter(codename__in=["view_user", "change_user"]))
    retired = django_user_model.objects.create_user("retired", is_active=False)
    retired.groups.set(Group.objects.filter(name=roles.ADMINISTRATOR))  # inactive: no count

    url = f"{USERS}{administrator.pk}/change/"
    response = login(clerk).post(url, change_data(administrator, **overrides))
    assertContains(response, "administrator aktif terakhir")
    administrator.refresh_from_db()
    assert administrator.is_active_administrator()

    second = django_user_model.objects.create_user("second", is_staff=True)
    second.groups.set(Group.objects.filter(name=roles.ADMINISTRATOR))
    response = login(clerk).post(url, change_data(administrator, **overrides))
    assert response.status_code == HTTPStatus.FOUND
    administrator.refresh_from_db()
    assert not administrator.is_active_administrator()


def test_only_superusers_change_a_superuser(admin, administrator):
    url = f"{USERS}{admin.pk}/change/"
    response = login(administrator).post(url, change_data(admin, is_active=""))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert (
        login(administrator)
        .post(
            f"{USERS}{admin.pk}/password/",
            {"password1": "x-Y-z-123456", "password2": "x-Y-z-123456"},
        )
        .status_code
        == HTTPStatus.FORBIDDEN
    )
    admin.refresh_from_db()
    assert admin.is_active and admin.check_password("pw-admin")


def test_users_are_never_deleted(admin, writer):
    response = login(admin).post(f"{USERS}{writer.pk}/delete/", {"post": "yes"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert User.objects.filter(pk=writer.pk).exists()


def test_groups_are_not_editable_in_the_admin(admin):
    assert login(admin).get("/admin/auth/group/").status_code == HTTPStatus.NOT_FOUND


def test_crafted_groups_and_permissions_are_ignored(administrator, writer):
    login(administrator).post(
        f"{USERS}{writer.pk}/change/",
        change_data(
            writer,
            groups=[Group.objects.get(name=roles.ADMINISTRATOR).pk],
            user_permissions=[Permission.objects.get(codename="change_user").pk],
        ),
    )
    writer.refresh_from_db()
    assert roles.role_of(writer) == roles.WRITER
    assert not writer.user_permissions.exists()
    assert not writer.has_perm("accounts.change_user")


@pytest.mark.django_db(transaction=True)
def test_two_administrators_demoting_each_other_at_once_leave_one(django_user_model, monkeypatch):
    """The last-administrator rule holds under concurrency: a lock, not a read-then-write.

    The first demotion is held open between its save and its commit (inside its
    audit record); the second starts meanwhile. Without the lock it would see the
    first administrator still in office, and both would be demoted.
    """
    import threading

    from django.db import connection

    from accounts import admin as accounts_admin

    first, second = (
        django_user_model.objects.create_user(name, password=f"pw-{name}", is_staff=True)
        for name in ("admin_satu", "admin_dua")
    )
    for user in (first, second):
        user.groups.set(Group.objects.filter(name=roles.ADMINISTRATOR))

    first_saved, go_on = threading.Event(), threading.Event()
    record = accounts_admin.audit.record

    def slow_first_record(actor, *args, **kwargs):
        if actor.pk == first.pk and not first_saved.is_set():
            first_saved.set()
            go_on.wait(timeout=30)
        return record(actor, *args, **kwargs)

    monkeypatch.setattr(accounts_admin.audit, "record", slow_first_record)
    # Logged in beforehand: logging in writes the user's row, which the first
    # demotion holds, and would serialise the two requests by itself.
    browsers = {user.pk: login(user) for user in (first, second)}
    responses = {}

    def demote(actor, target):
        try:
            responses[actor.username] = browsers[actor.pk].post(
                f"{USERS}{target.pk}/change/", change_data(target, role=roles.EDITOR)
            )
        finally:
            connection.close()

    first_demotes_second = threading.Thread(target=demote, args=(first, second))
    second_demotes_first = threading.Thread(target=demote, args=(second, first))
    first_demotes_second.start()
    assert first_saved.wait(timeout=30)
    second_demotes_first.start()
    # The second waits for the first's lock rather than reading what it has not committed.
    second_demotes_first.join(timeout=1)
    assert second_demotes_first.is_alive()
    go_on.set()
    first_demotes_second.join(timeout=30)
    second_demotes_first.join(timeout=30)

    assert responses["admin_satu"].status_code == HTTPStatus.FOUND
    assertContains(responses["admin_dua"], "administrator aktif terakhir")
    administrators = [
        user.username for user in django_user_model.objects.all() if user.is_active_administrator()
    ]
    assert administrators == ["admin_satu"]
