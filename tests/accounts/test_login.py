from datetime import timedelta
from http import HTTPStatus

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


def attempt(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def test_good_login_reaches_the_newsroom(client, writer):
    response = attempt(client, "writer", "pw-writer")
    assert response.status_code == HTTPStatus.FOUND and response["Location"] == "/admin/"


def test_repeated_failures_lock_the_login_with_an_indonesian_message(client, writer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assertContains(attempt(client, "writer", "salah"), "Masukkan nama pengguna")
    locked = attempt(client, "writer", "salah")
    assertContains(
        locked, "Terlalu banyak percobaan masuk", status_code=HTTPStatus.TOO_MANY_REQUESTS
    )
    # Even the right password is refused while locked.
    response = attempt(client, "writer", "pw-writer")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "_auth_user_id" not in client.session


def test_lock_is_per_username_and_address(client, writer, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "writer", "salah")
    # An attacker guessing one account does not lock out the others.
    assert attempt(client, "editor", "pw-editor").status_code == HTTPStatus.FOUND


def test_an_administrator_lifts_the_lock(writer, administrator, settings):
    visitor = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(visitor, "writer", "salah")
    lock = AccessAttempt.objects.get(username="writer")

    admin_client = Client()
    admin_client.force_login(administrator)
    assert admin_client.get("/admin/axes/accessattempt/").status_code == HTTPStatus.OK
    response = admin_client.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [lock.pk], "post": "yes"},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert attempt(visitor, "writer", "pw-writer").status_code == HTTPStatus.FOUND


def test_editors_cannot_lift_locks(editor):
    client = Client()
    client.force_login(editor)
    assert client.get("/admin/axes/accessattempt/").status_code == HTTPStatus.FORBIDDEN


def test_idle_sessions_expire(client, writer, settings):
    attempt(client, "writer", "pw-writer")
    assert client.get("/admin/").status_code == HTTPStatus.OK
    session = Session.objects.get()
    idle = session.expire_date - timezone.now()
    assert timedelta(seconds=settings.SESSION_COOKIE_AGE - 60) < idle
    # After the idle time passes with no request, the session is gone.
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/admin/")
    assert response.status_code == HTTPStatus.FOUND and response["Location"].startswith(LOGIN)


def test_each_request_restarts_the_idle_clock(client, writer):
    attempt(client, "writer", "pw-writer")
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=1))
    client.get("/admin/")
    assert Session.objects.get().expire_date > timezone.now() + timedelta(minutes=30)


def test_demo_accounts_work_only_with_debug(client, django_user_model, settings):
    demo = django_user_model.objects.create_user(
        "penulis", password="kpu-penulis-dev", is_staff=True, is_demo=True
    )
    settings.DEBUG = False
    assert attempt(client, "penulis", "kpu-penulis-dev").status_code == HTTPStatus.OK
    # A session opened earlier dies too.
    client.force_login(demo)
    assert client.get("/admin/").status_code == HTTPStatus.FOUND

    settings.DEBUG = True
    assert attempt(Client(), "penulis", "kpu-penulis-dev").status_code == HTTPStatus.FOUND


def behind_proxy(client_address, spoofed=""):
    """A request as nginx passes it on: gunicorn's Unix socket gives no REMOTE_ADDR,
    and nginx appends the address it saw to whatever X-Forwarded-For the client sent."""
    forwarded = f"{spoofed}, {client_address}" if spoofed else client_address
    return Client(REMOTE_ADDR="", HTTP_X_FORWARDED_FOR=forwarded)


def test_behind_a_unix_socket_failures_lock_the_clients_address(writer, settings):
    """The production hole: with no REMOTE_ADDR, django-axes stored failures with no
    address and never locked. The proxy's address is now the one axes keys on."""
    settings.TRUST_X_FORWARDED_FOR = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(behind_proxy("198.51.100.20"), "writer", "salah")
    lock = AccessAttempt.objects.get(username="writer")
    assert lock.ip_address == "198.51.100.20"
    assert attempt(behind_proxy("198.51.100.20"), "writer", "pw-writer").status_code == (
        HTTPStatus.TOO_MANY_REQUESTS
    )
    # The real user, from another address, still gets in.
    assert attempt(behind_proxy("198.51.100.21"), "writer", "pw-writer").status_code == (
        HTTPStatus.FOUND
    )


def test_a_spoofed_forwarded_for_changes_nothing(writer, settings):
    settings.TRUST_X_FORWARDED_FOR = True
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(behind_proxy("198.51.100.30", spoofed=f"203.0.113.{n}"), "writer", "salah")
    locked = attempt(behind_proxy("198.51.100.30", spoofed="203.0.113.99"), "writer", "pw-writer")
    assert locked.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.30"}


def test_untrusted_forwarded_for_is_ignored(writer, settings):
    """Without our proxy in front, the header is the client's word: one address
    cannot spread its guesses over made-up ones."""
    for n in range(settings.AXES_FAILURE_LIMIT):
        client = Client(REMOTE_ADDR="198.51.100.40", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        attempt(client, "writer", "salah")
    client = Client(REMOTE_ADDR="198.51.100.40", HTTP_X_FORWARDED_FOR="203.0.113.77")
    assert attempt(client, "writer", "pw-writer").status_code == HTTPStatus.TOO_MANY_REQUESTS
