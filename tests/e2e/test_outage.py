"""The database goes down while the site serves, then comes back.

A private PostgreSQL 15 cluster and gunicorn (production settings, two workers,
persistent connections) run for this module; the test stops PostgreSQL under
them, looks at what readers, staff and the load balancer get, starts it again
and checks that both workers recover without being restarted.

Gunicorn's access log names the worker (pid) behind each answer, which is how
the test knows that both workers lived through the outage.
"""

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
import pytest
import requests

from tests.e2e.conftest import ARTIFACTS, READER_USER_AGENT

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")
VENV_BIN = Path(sys.executable).parent
STAFF_PASSWORD = "pw-outage-redaksi"

# Read by a browser before the outage, so both workers hold it in the page cache.
CACHED_ARTICLE = "/berita/berita-1/"
# Never requested before the outage: nothing can answer them without the database.
UNCACHED_PAGES = ["/", "/berita/", "/berita/berita-2/", "/divisi/teknis/", "/cari/?q=pleno"]
OUTAGE_HEADING = "Situs sedang tidak dapat diakses"

SEED = f"""
from django.contrib.auth import get_user_model
from tests.factories import ArticleFactory, DivisionFactory
division = DivisionFactory(name="Teknis", slug="teknis")
for n in (1, 2, 3):
    ArticleFactory(title=f"Rapat pleno {{n}}", slug=f"berita-{{n}}", division=division)
get_user_model().objects.create_superuser("redaksi", "redaksi@example.invalid", "{STAFF_PASSWORD}")
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(*command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)  # noqa: S603
    if result.returncode:
        pytest.fail(f"{' '.join(map(str, command))} failed:\n{result.stdout}\n{result.stderr}")
    return result


class PrivatePostgres:
    """A throw-away cluster on a free port. PostgreSQL refuses to run as root,
    so as root (CI containers) its programs run as the postgres system user."""

    def __init__(self, base: Path):
        self.data = base / "pgdata"
        self.socket_dir = base
        self.log = base / "postgres.log"
        self.port = free_port()
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_owner:
            shutil.chown(base, "postgres")
        run(
            *self.as_owner,
            PG_BIN / "initdb",
            "-D",
            self.data,
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        )

    def url(self, name="kpu_site") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def start(self):
        options = f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        run(
            *self.as_owner,
            PG_BIN / "pg_ctl",
            "start",
            "-w",
            "-D",
            self.data,
            "-l",
            self.log,
            "-o",
            options,
        )

    def stop(self, mode="fast"):
        run(*self.as_owner, PG_BIN / "pg_ctl", "stop", "-w", "-m", mode, "-D", self.data)


@dataclass
class Site:
    url: str
    gunicorn: subprocess.Popen
    access_log: Path
    error_log: Path
    postgres: PrivatePostgres

    def access_lines(self, since: int) -> list[tuple[str, int, str, str]]:
        """(worker pid, status, method, path) of each answer logged after byte `since`."""
        with self.access_log.open() as log:
            log.seek(since)
            return [
                (pid.strip("<>"), int(status), method, path)
                for pid, status, method, path in (line.split() for line in log if line.strip())
            ]

    def answers_since(self, since: int, paths: list[str], count: int):
        """The log lines of `count` answers to `paths`, once gunicorn has logged them all."""
        wanted = {urlsplit(path).path for path in paths}

        def answers():
            return [line for line in self.access_lines(since) if line[3] in wanted]

        # Gunicorn logs an answer just after sending it: wait for the stragglers.
        deadline = time.monotonic() + 10
        while len(lines := answers()) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(lines) == count, lines
        return lines


@pytest.fixture(scope="module")
def site():
    base = Path(tempfile.mkdtemp(prefix="kpu-outage-"))
    postgres = PrivatePostgres(base)
    gunicorn = None
    try:
        postgres.start()
        connection = psycopg2.connect(postgres.url("postgres"))
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("CREATE DATABASE kpu_site")
        connection.close()

        # Production settings; only collectstatic's target moves into this folder.
        (base / "outage_settings.py").write_text(
            "from kpu_site.settings.production import *  # noqa: F403\n"
            f"STATIC_ROOT = {str(base / 'static')!r}\n"
        )
        env = {
            "PATH": os.environ["PATH"],
            "HOME": os.environ.get("HOME", str(base)),
            "PYTHONPATH": f"{base}{os.pathsep}{ROOT}",
            "DJANGO_SETTINGS_MODULE": "outage_settings",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            # gunicorn on loopback: production expects a proxy in front.
            "TRUST_X_FORWARDED_FOR": "true",
            "DATABASE_URL": postgres.url(),
            # Persistent connections: each worker's goes stale when PostgreSQL stops.
            "DATABASE_CONN_MAX_AGE": "60",
            "MEDIA_ROOT": str(base / "media"),
            # Each worker's own page cache (local memory), held long enough to
            # serve the article read before the outage.
            "CACHE_URL": "locmem://",
            "PAGE_CACHE_SECONDS": "600",
        }
        manage = [VENV_BIN / "python", ROOT / "manage.py"]
        run(*manage, "migrate", "--no-input", env=env, cwd=ROOT)
        run(*manage, "collectstatic", "--no-input", env=env, cwd=ROOT)
        run(*manage, "shell", "-c", SEED, env=env, cwd=ROOT)

        port = free_port()
        access_log, error_log = base / "access.log", base / "gunicorn.log"
        with error_log.open("w") as errors:
            gunicorn = subprocess.Popen(  # noqa: S603
                [
                    VENV_BIN / "gunicorn",
                    "kpu_site.wsgi:application",
                    "--workers",
                    "2",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--access-logfile",
                    access_log,
                    "--access-logformat",
                    "%(p)s %(s)s %(m)s %(U)s",
                ],
                env=env,
                cwd=ROOT,
                stdout=errors,
                stderr=subprocess.STDOUT,
            )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{url}/healthz", timeout=5).ok:
                    break
            except requests.ConnectionError:
                pass
            if gunicorn.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not come up:\n{error_log.read_text()}")
            time.sleep(0.2)
        yield Site(url, gunicorn, access_log, error_log, postgres)
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            try:
                gunicorn.wait(timeout=15)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
                gunicorn.wait()
        if (postgres.data / "postmaster.pid").exists():
            postgres.stop(mode="immediate")
        shutil.rmtree(base, ignore_errors=True)


def get(url):
    return requests.get(
        url, headers={"User-Agent": READER_USER_AGENT}, timeout=15, allow_redirects=False
    )


def on_both_workers(site, paths, rounds=30):
    """GET the paths in concurrent rounds until both workers have answered the first.

    Returns the responses and the access-log lines of those requests.
    """
    since = site.access_log.stat().st_size
    responses = []
    with ThreadPoolExecutor(max_workers=4) as pool:
        for _ in range(rounds):
            responses += pool.map(get, [site.url + path for path in paths])
            lines = site.answers_since(since, paths, len(responses))
            if len({pid for pid, _, _, path in lines if path == paths[0]}) == 2:
                return responses, lines
    pytest.fail(f"one worker answered every request for {paths[0]}: {lines}")


class PlainHttpSession(requests.Session):
    """Sends the Secure cookies production sets over plain HTTP, as nginx does behind TLS."""

    def request(self, *args, **kwargs):
        response = super().request(*args, **kwargs)
        for cookie in self.cookies:
            cookie.secure = False
        return response


def staff_session(site):
    """A staff member logged in to the admin through its form."""
    session = PlainHttpSession()
    form = session.get(f"{site.url}/admin/login/", timeout=15)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    login = session.post(
        f"{site.url}/admin/login/?next=/admin/",
        data={"username": "redaksi", "password": STAFF_PASSWORD, "csrfmiddlewaretoken": token},
        timeout=15,
        allow_redirects=False,
    )
    assert login.status_code == HTTPStatus.FOUND
    return session


def assert_newsroom(response):
    """The admin's index for the logged-in staff member, not the login page."""
    assert response.status_code == HTTPStatus.OK
    assert 'action="/admin/logout/"' in response.text


def assert_outage_page(response):
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE, response.url
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.headers["Retry-After"] == "30"
    # Neither the page cache nor a proxy may keep serving it after the outage.
    assert "no-store" in response.headers["Cache-Control"]
    # It passed out through the security middleware like any other page.
    assert "Content-Security-Policy" in response.headers
    assert '<html lang="id">' in response.text
    assert OUTAGE_HEADING in response.text
    for leak in ("Traceback", "OperationalError", "psycopg2", "DEBUG = True", "127.0.0.1:"):
        assert leak not in response.text


def test_site_rides_out_a_database_outage(site, browser):
    staff = staff_session(site)
    assert_newsroom(staff.get(f"{site.url}/admin/", timeout=15, allow_redirects=False))

    # Readers before the outage: every page answers, and both workers keep
    # the article in their page cache and a connection open.
    responses, lines = on_both_workers(site, [CACHED_ARTICLE, "/berita/berita-3/", "/healthz"])
    assert {response.status_code for response in responses} == {HTTPStatus.OK}
    workers = {pid for pid, *_ in lines}

    site.postgres.stop()
    outage_starts = site.access_log.stat().st_size

    responses, lines = on_both_workers(site, UNCACHED_PAGES)
    for response in responses:
        assert_outage_page(response)

    health = get(f"{site.url}/healthz")
    assert health.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert health.json() == {"status": "error", "database": "down"}

    # The view-count beacon answers without an error status, so the reader's
    # browser has nothing to complain about.
    beacon = requests.post(
        f"{site.url}{CACHED_ARTICLE}dilihat/",
        headers={"User-Agent": READER_USER_AGENT},
        timeout=15,
    )
    assert beacon.status_code == HTTPStatus.OK
    assert beacon.json()["counted"] is False

    # Staff get the same page in the admin, not a 500.
    assert_outage_page(staff.get(f"{site.url}/admin/", timeout=15, allow_redirects=False))

    page = browser.new_context(user_agent=READER_USER_AGENT).new_page()
    console_errors = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: console_errors.append(str(error)))

    # The cached article still reads fine; its beacon fails quietly.
    with page.expect_response(lambda response: "/dilihat/" in response.url) as counted:
        article = page.goto(site.url + CACHED_ARTICLE)
    assert article.status == HTTPStatus.OK
    assert article.headers.get("x-page-cache") == "hit"
    assert counted.value.status == HTTPStatus.OK
    page.wait_for_load_state("networkidle")
    assert console_errors == []

    # A page nobody had read: the friendly page, styled, with a way back.
    outage = page.goto(f"{site.url}/berita/berita-2/")
    assert outage.status == HTTPStatus.SERVICE_UNAVAILABLE
    page.get_by_role("heading", name=OUTAGE_HEADING).wait_for()
    assert page.get_by_role("link", name="Coba lagi").is_visible()
    # The site's stylesheet applies (an inline style would break the CSP).
    header_colour = page.locator(".site-header").evaluate(
        "header => getComputedStyle(header).backgroundColor"
    )
    assert header_colour not in ("", "rgba(0, 0, 0, 0)")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "outage-503.png", full_page=True)
    # The only complaint Chromium may log is the page's own 503 status.
    assert [e for e in console_errors if "status of 503" not in e] == []

    outage_lines = site.access_lines(outage_starts)
    log = site.error_log.read_text()
    # Each outage page logged once, with its traceback, and nothing logged as a 500.
    outage_pages = [line for line in outage_lines if line[1] == 503 and line[3] != "/healthz"]
    assert len(re.findall(r"^Database unavailable: ", log, re.MULTILINE)) == len(outage_pages)
    assert "OperationalError" in log
    assert "Internal Server Error" not in log
    assert set(re.findall(r"^Service Unavailable: (\S+)", log, re.MULTILINE)) <= {"/healthz"}

    site.postgres.start()

    # Back without a restart: the same two workers answer every page again.
    responses, lines = on_both_workers(site, [*UNCACHED_PAGES, CACHED_ARTICLE, "/healthz"])
    assert [r.url for r in responses if r.status_code != HTTPStatus.OK] == []
    assert {pid for pid, *_ in lines} == workers
    assert site.gunicorn.poll() is None
    assert_newsroom(staff.get(f"{site.url}/admin/", timeout=15, allow_redirects=False))
