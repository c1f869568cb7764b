"""The deployment as deploy/README.md has it: nginx on TCP, gunicorn on a Unix socket.

Real HTTP from chosen loopback addresses (Linux routes all of 127.0.0.0/8 to
lo), so nginx sees a different client for each. The login throttle must tell
them apart by the address nginx saw, whatever they write into X-Forwarded-For;
the files nginx serves itself must carry the security headers Django gives pages.
"""

import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import Group

from accounts import roles
from bench import nginx
from tests.images import image_bytes

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
LOGIN = "/admin/login/"
USERNAME = "operator"
PASSWORD = "sandi-rahasia-2024"
WRONG = "sandi-salah"
FAILURE_LIMIT = 5
# One stack for the module, on one worker when pytest-xdist runs the suite.
pytestmark = pytest.mark.xdist_group("deploy")
FILE_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": (
        "accelerometer=(), autoplay=(), browsing-topics=(), camera=(), display-capture=(), "
        "encrypted-media=(), geolocation=(), gyroscope=(), hid=(), magnetometer=(), "
        "microphone=(), midi=(), payment=(), publickey-credentials-get=(), serial=(), usb=(), "
        "xr-spatial-tracking=()"
    ),
    "Content-Security-Policy": (
        "default-src 'none'; img-src 'self'; style-src 'self'; frame-ancestors 'none'; sandbox"
    ),
}


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def cookies(self):
        jar = SimpleCookie()
        for header in self.headers.get_all("Set-Cookie", []):
            jar.load(header)
        return {name: morsel.value for name, morsel in jar.items()}


@dataclass
class Stack:
    port: int
    hashed_site_css: str

    def request(self, method, path, *, source="127.0.0.2", headers=None, body=None):
        """One request to nginx, from the loopback address `source`."""
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=30, source_address=(source, 0)
        )
        try:
            connection.request(method, path, body, headers or {})
            response = connection.getresponse()
            return Response(response.status, response.headers, response.read())
        finally:
            connection.close()


def gunicorn_database_url():
    """pytest-django's test database, for gunicorn: it must see what the tests write."""
    database = settings.DATABASES["default"]
    user = quote(database["USER"], safe="")
    if database["PASSWORD"]:
        user += ":" + quote(database["PASSWORD"], safe="")
    port = f":{database['PORT']}" if database["PORT"] else ""
    return f"postgres://{user}@{quote(database['HOST'], safe='')}{port}/{database['NAME']}"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(stack, processes, logs):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for name, process in processes.items():
            if process.poll() is not None:
                pytest.fail(f"{name} stopped at start-up:\n{logs[name].read_text()[-3000:]}")
        try:
            if stack.request("GET", "/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"/healthz did not answer 200 through nginx within 60 s; see {logs}")


@pytest.fixture(scope="module")
def stack(django_db_setup, tmp_path_factory):
    """gunicorn (production settings, Unix socket) behind the rendered deploy/nginx.conf."""
    if nginx.NGINX is None:
        pytest.fail(nginx.MISSING)
    place = tmp_path_factory.mktemp("stack")
    media = place / "site" / "media"
    (media / "covers").mkdir(parents=True)
    (media / "covers" / "probe.png").write_bytes(image_bytes("PNG", size=(4, 4)))
    sock = place / "gunicorn.sock"
    # deploy/README.md's /etc/kpu_site.env, with local places; nothing inherited
    # but PATH, so a developer's own settings cannot change what is tested.
    # Production settings with the collected files in this stack's own folder:
    # collectstatic rewrites the files it hashes, so a shared var/static could lose
    # a file under another process reading it (gunicorn's WhiteNoise at start-up).
    (place / "stack_settings.py").write_text(
        "from kpu_site.settings.production import *  # noqa: F403\n"
        f"STATIC_ROOT = {str(place / 'static')!r}\n"
    )
    environment = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": f"{place}{os.pathsep}{ROOT}",
        "DJANGO_SETTINGS_MODULE": "stack_settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": gunicorn_database_url(),
        "MEDIA_ROOT": str(media),
        "TRUST_X_FORWARDED_FOR": "true",
        "GUNICORN_BIND": f"unix:{sock}",
        "LOGIN_FAILURE_LIMIT": str(FAILURE_LIMIT),
        # The local copy of nginx.conf has no TLS: Django must answer plain HTTP.
        "SECURE_SSL_REDIRECT": "false",
    }
    # Into STATIC_ROOT, as a deployment does: production pages need its manifest.
    subprocess.run(  # noqa: S603 (our own manage.py)
        [BIN / "python", "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    manifest = json.loads((place / "static" / "staticfiles.json").read_text())
    port = free_port()
    config = nginx.write_config(
        place / "nginx",
        port=port,
        socket=sock,
        static_parent=place,
        media_parent=place / "site",
    )
    logs = {"gunicorn": place / "gunicorn.log", "nginx": place / "nginx" / "stdout.log"}
    processes = {}
    try:
        with logs["gunicorn"].open("w") as output:
            processes["gunicorn"] = subprocess.Popen(  # noqa: S603 (our own gunicorn)
                [BIN / "gunicorn", "-c", ROOT / "deploy" / "gunicorn.conf.py"],
                cwd=ROOT,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        processes["nginx"] = nginx.start(place / "nginx", config)
        running = Stack(port, manifest["paths"]["css/site.css"])
        wait_until_up(running, processes, logs)
        yield running
    finally:
        for name, process in processes.items():
            process.send_signal(signal.SIGQUIT if name == "nginx" else signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def staff_user(transactional_db, django_user_model):
    """An Administrator, committed so that gunicorn sees it (transactional_db)."""
    # gunicorn checks passwords with production's hashers, which lack the tests'
    # MD5; a thousand rounds keep each try quick (a success upgrades the hash).
    hasher = PBKDF2PasswordHasher()
    user = django_user_model.objects.create(
        username=USERNAME,
        is_staff=True,
        password=hasher.encode(PASSWORD, hasher.salt(), iterations=1000),
    )
    user.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))
    return user


def log_in(stack, source, password, spoofed=None):
    """The admin's login form, fetched and sent from `source`; the answer to the POST."""
    headers = {"X-Forwarded-For": spoofed} if spoofed else {}
    form = stack.request("GET", LOGIN, source=source, headers=headers)
    assert form.status == 200
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)[1].decode()
    # Plain HTTP: Django's CSRF check wants the cookie and the token, no Referer.
    # (nginx passes Host without the port, so an Origin would not match anyway.)
    headers |= {
        "Cookie": f"csrftoken={form.cookies()['csrftoken']}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    body = urlencode(
        {
            "csrfmiddlewaretoken": token,
            "username": USERNAME,
            "password": password,
            "next": "/admin/",
        }
    )
    return stack.request("POST", LOGIN, source=source, headers=headers, body=body)


def refused(response):
    """The login form again, with its error: a failure, not yet a lockout."""
    return response.status == 200 and "sessionid" not in response.cookies()


def locked_out(response):
    """axes' answer (AXES_LOCKOUT_TEMPLATE, status 429), whatever the password."""
    return (
        response.status == 429
        and "Terlalu banyak percobaan masuk" in response.body.decode()
        and "sessionid" not in response.cookies()
    )


def logged_in(response):
    return (
        response.status == 302
        and response.headers["Location"] == "/admin/"
        and "sessionid" in response.cookies()
    )


def addresses(model):
    return set(model.objects.values_list("ip_address", flat=True))


def test_failures_lock_the_address_they_came_from_not_the_user(stack, staff_user):
    for _ in range(FAILURE_LIMIT - 1):
        assert refused(log_in(stack, "127.0.0.2", WRONG))
    # The failure that reaches the limit is already answered with the lockout page.
    assert locked_out(log_in(stack, "127.0.0.2", WRONG))
    assert locked_out(log_in(stack, "127.0.0.2", PASSWORD))

    assert logged_in(log_in(stack, "127.0.0.3", PASSWORD))
    # That success reset only its own address's failures.
    assert locked_out(log_in(stack, "127.0.0.2", PASSWORD))

    assert addresses(AccessAttempt) == {"127.0.0.2"}
    assert addresses(AccessLog) == {"127.0.0.3"}


def test_a_spoofed_x_forwarded_for_changes_nothing(stack, staff_user):
    # Rotating values, as a scripted attack would send: each names another "client".
    spoofs = ["127.0.0.9", "203.0.113.5", "127.0.0.5", "198.51.100.7, 127.0.0.6", "not-an-ip"]
    for spoofed in spoofs[:-1]:
        assert refused(log_in(stack, "127.0.0.4", WRONG, spoofed=spoofed))
    assert locked_out(log_in(stack, "127.0.0.4", WRONG, spoofed=spoofs[-1]))
    assert locked_out(log_in(stack, "127.0.0.4", PASSWORD, spoofed="203.0.113.77"))
    # Nor did the attack lock out the addresses it named.
    assert logged_in(log_in(stack, "127.0.0.5", PASSWORD))

    # A locked address cannot get in by naming an unlocked one (127.0.0.3), or any other.
    for _ in range(FAILURE_LIMIT):
        log_in(stack, "127.0.0.2", WRONG)
    for spoofed in ("127.0.0.3", "203.0.113.5", "127.0.0.1", "127.0.0.3, 127.0.0.3"):
        assert locked_out(log_in(stack, "127.0.0.2", PASSWORD, spoofed=spoofed))

    assert addresses(AccessAttempt) == {"127.0.0.2", "127.0.0.4"}


def test_files_nginx_serves_carry_the_security_headers(stack):
    files = {
        "/static/css/site.css": 200,
        # Hashed names have a location of their own (a year's caching).
        f"/static/{stack.hashed_site_css}": 200,
        "/media/covers/probe.png": 200,
        # `always`: nginx's own error pages carry them too.
        "/static/css/missing.css": 404,
        "/media/covers/missing.png": 404,
    }
    for path, status in files.items():
        response = stack.request("GET", path)
        assert response.status == status, path
        sent = {name: response.headers.get_all(name) for name in FILE_HEADERS}
        assert sent == {name: [value] for name, value in FILE_HEADERS.items()}, path

    hashed = stack.request("GET", f"/static/{stack.hashed_site_css}")
    assert "immutable" in hashed.headers.get_all("Cache-Control")


def test_server_header_names_no_version(stack):
    for path in ("/static/css/site.css", "/static/css/missing.css", "/healthz", LOGIN):
        assert stack.request("GET", path).headers.get_all("Server") == ["nginx"], path


def test_files_carry_the_headers_django_gives_pages(stack):
    """The files' headers are the pages' own, or stricter: a setting changed in
    kpu_site/settings/base.py and not in deploy/kpu_site_file_headers.conf fails here."""
    page = stack.request("GET", "/").headers
    file = stack.request("GET", "/static/css/site.css").headers
    for name in (
        "X-Content-Type-Options",
        "X-Frame-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
    ):
        assert file[name] == page[name], name
    # Every browser feature the pages name (and limit), the files deny outright.
    page_features = {item.split("=")[0].strip() for item in page["Permissions-Policy"].split(",")}
    file_policy = dict(item.strip().split("=", 1) for item in file["Permissions-Policy"].split(","))
    assert page_features <= set(file_policy)
    assert set(file_policy.values()) == {"()"}
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in file["Content-Security-Policy"]


def test_pages_answer_304_through_nginx(stack):
    """nginx answers a matching conditional request itself, from its microcache."""
    url = "/berita/"
    first = stack.request("GET", url)
    assert first.status == 200
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "no-cache"
    assert first.headers["Last-Modified"]

    again = stack.request("GET", url, headers={"If-None-Match": etag})
    assert again.status == 304
    assert again.body == b""
    assert again.headers["ETag"] == etag
    # Kept by nginx (HIT, or STALE/UPDATING once its few seconds are over), not a bypass.
    assert again.headers["X-Cache-Status"] != "BYPASS"
    # Django's security headers come along with the 304.
    for name in ("X-Content-Type-Options", "Content-Security-Policy", "X-Frame-Options"):
        assert again.headers[name] == first.headers[name], name
    dated = stack.request("GET", url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert dated.status == 304

    # Gzipped, nginx makes the ETag weak; the weak one matches all the same.
    gzipped = stack.request("GET", url, headers={"Accept-Encoding": "gzip"})
    assert gzipped.headers["Content-Encoding"] == "gzip"
    assert gzipped.headers["ETag"] == f"W/{etag}"
    weak = {"Accept-Encoding": "gzip", "If-None-Match": gzipped.headers["ETag"]}
    assert stack.request("GET", url, headers=weak).status == 304

    # An address nginx has not kept yet (the same page for Django, which ignores
    # the parameter): nginx fetches the whole page, keeps it, and answers 304.
    fresh = stack.request(
        "GET", f"{url}?utm_source={secrets.token_hex(4)}", headers={"If-None-Match": etag}
    )
    assert fresh.status == 304
    assert fresh.headers["X-Cache-Status"] == "MISS"

    other = stack.request(
        "GET", url, headers={"If-None-Match": '"d41d8cd98f00b204e9800998ecf8427e"'}
    )
    assert other.status == 200


def test_staff_through_nginx_get_no_validator(stack, staff_user):
    answer = log_in(stack, "127.0.0.7", PASSWORD)
    assert logged_in(answer)
    etag = stack.request("GET", "/").headers["ETag"]
    cookie = {"Cookie": f"sessionid={answer.cookies()['sessionid']}"}
    page = stack.request("GET", "/", source="127.0.0.7", headers=cookie | {"If-None-Match": etag})
    assert page.status == 200
    assert page.headers["X-Cache-Status"] == "BYPASS"
    assert "ETag" not in page.headers
    assert "Last-Modified" not in page.headers
    assert "private" in page.headers["Cache-Control"]


def assert_file_headers(response):
    sent = {name: response.headers.get_all(name) for name in FILE_HEADERS}
    assert sent == {name: [value] for name, value in FILE_HEADERS.items()}


def test_nginx_own_error_answers_carry_the_security_headers(stack):
    # A body over client_max_body_size: nginx answers from the headers alone.
    connection = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=30)
    try:
        connection.putrequest("POST", "/berita/")
        connection.putheader("Content-Length", str(34 * 1024 * 1024))
        connection.endheaders()
        response = connection.getresponse()
        assert response.status == 413
        assert_file_headers(Response(response.status, response.headers, response.read()))
    finally:
        connection.close()


def test_with_gunicorn_down_nginx_answers_502_with_the_security_headers(tmp_path):
    """deploy/nginx.conf before gunicorn is up (or while it restarts): nginx alone."""
    if nginx.NGINX is None:
        pytest.fail(nginx.MISSING)
    port = free_port()
    config = nginx.write_config(
        tmp_path / "nginx",
        port=port,
        socket=tmp_path / "gunicorn.sock",  # nothing listens on it
        static_parent=tmp_path,
        media_parent=tmp_path,
    )
    process = nginx.start(tmp_path / "nginx", config)
    try:
        alone = Stack(port, "")
        deadline = time.monotonic() + 30
        while True:
            try:
                response = alone.request("GET", "/")
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.1)
        for path in ("/", "/healthz", "/berita/"):
            response = alone.request("GET", path)
            assert response.status == 502, path
            assert_file_headers(response)
    finally:
        process.send_signal(signal.SIGQUIT)
        process.wait(timeout=30)
