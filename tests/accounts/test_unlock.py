"""A locked-out user on their own admin page: the lock shown, and "Buka kunci" for
administrators, recorded in the audit (accounts/admin.py, accounts/lockouts.py)."""

from http import HTTPStatus

import pytest
from axes.models import AccessAttempt
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import AuditEvent
from tests.clients import login

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


def attempt(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def lock_out(username, settings, address="198.51.100.7"):
    visitor = Client(REMOTE_ADDR=address)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(visitor, username, "salah")
    return visitor


def page_of(user):
    return f"/admin/accounts/user/{user.pk}/change/"


def unlock_url(user):
    return f"/admin/accounts/user/{user.pk}/unlock/"


def test_the_users_page_shows_the_lock(administrator, writer, settings):
    lock_out("writer", settings)
    response = login(administrator).get(page_of(writer))
    assertContains(response, "writer terkunci")
    assertContains(response, "198.51.100.7")
    assertContains(response, f"<td>{settings.AXES_FAILURE_LIMIT}</td>", html=True)
    assertContains(response, "Buka kunci")


def test_an_unlocked_user_is_shown_so(administrator, writer):
    response = login(administrator).get(page_of(writer))
    assertContains(response, "Tidak terkunci")
    assertNotContains(response, "Buka kunci")


def test_an_administrator_lifts_the_lock_and_it_is_audited(administrator, writer, settings):
    visitor = lock_out("writer", settings)
    assert attempt(visitor, "writer", "pw-writer").status_code == HTTPStatus.TOO_MANY_REQUESTS

    client = login(administrator)
    response = client.post(unlock_url(writer), follow=True)
    assertContains(response, "dapat masuk lagi")
    assert attempt(visitor, "writer", "pw-writer").status_code == HTTPStatus.FOUND
    event = AuditEvent.objects.get(action=AuditEvent.Action.UNLOCK)
    assert (event.actor, event.target_id, event.detail) == (
        administrator,
        str(writer.pk),
        "198.51.100.7",
    )


def test_unlocking_needs_a_post(administrator, writer, settings):
    lock_out("writer", settings)
    response = login(administrator).get(unlock_url(writer))
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert AccessAttempt.objects.filter(username="writer").exists()


@pytest.mark.parametrize("persona", ["editor", "other_writer"])
def test_only_administrators_unlock(request, writer, settings, persona):
    someone = request.getfixturevalue(persona)
    lock_out("writer", settings)
    response = login(someone).post(unlock_url(writer))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert AccessAttempt.objects.filter(username="writer").exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.UNLOCK).exists()


def test_a_superusers_lock_is_lifted_by_superusers_only(admin, administrator, settings):
    lock_out("admin", settings)
    client = login(administrator)
    assertNotContains(client.get(page_of(admin)), "Buka kunci", status_code=HTTPStatus.OK)
    assert client.post(unlock_url(admin)).status_code == HTTPStatus.FORBIDDEN
    assert AccessAttempt.objects.filter(username="admin").exists()

    assert login(admin).post(unlock_url(admin)).status_code == HTTPStatus.FOUND
    assert not AccessAttempt.objects.filter(username="admin").exists()


def test_unlocking_an_unlocked_user_records_nothing(administrator, writer):
    response = login(administrator).post(unlock_url(writer), follow=True)
    assertContains(response, "tidak sedang terkunci")
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.UNLOCK).exists()
