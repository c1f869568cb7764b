"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server."""

import hashlib
import os
from io import BytesIO, StringIO
from pathlib import Path

import psycopg2.errors
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import OperationalError
from django.db.backends.postgresql.operations import DatabaseOperations
from PIL import Image
from sorl.thumbnail.base import ThumbnailBackend

from news.demo import covers
from news.management.commands import load_demo_content

# Playwright's sync API runs an event loop in the test thread; Django would
# otherwise refuse ORM calls made from the test body.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# A reader's browser: headless Chromium says "HeadlessChrome", which is a bot to the counter.
READER_USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36"
)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session", autouse=True)
def flush_outlasts_a_closing_page():
    """The flush after a live-server test is tried again once if PostgreSQL ends it as
    the loser of a deadlock.

    A page closed with unsaved text sends its autosave as it goes (keepalive,
    static/js/admin-autosave.js); that request may still be writing when the test's
    TRUNCATE locks the tables. PostgreSQL then ends one of the two, and when it is
    the flush, the next test would start on this one's rows. The request ends on
    its own, so the flush succeeds the second time.
    """
    flush = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        try:
            return flush(self, sql_list)
        except OperationalError as error:
            if not isinstance(error.__cause__, psycopg2.errors.DeadlockDetected):
                raise
            return flush(self, sql_list)

    DatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    DatabaseOperations.execute_sql_flush = flush


@pytest.fixture(autouse=True)
def close_contexts(request):
    """Closes the browser contexts a test opened: one Chromium serves the whole session,
    and pages left open would keep their renderers busy through the tests after."""
    yield
    if "browser" in request.fixturenames:
        for context in request.getfixturevalue("browser").contexts:
            context.close()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# --- The demo content, its pictures drawn and encoded once per run -----------------


class PictureCache:
    """The demo covers and their renditions, kept as files by what they were made from.

    Shared by pytest-xdist's workers; each file is written whole under a temporary
    name and then renamed, so a worker reads a complete file or none.
    """

    def __init__(self, folder):
        self.folder = folder

    def _path(self, *key):
        return self.folder / hashlib.sha256(repr(key).encode()).hexdigest()

    def _keep(self, path, data):
        partial = path.with_name(f"{path.name}.{os.getpid()}")
        partial.write_bytes(data)
        partial.replace(path)

    def draw_cover(self, seed, label, palette_index):
        path = self._path("cover", seed, label, palette_index)
        if not path.exists():
            self._keep(path, covers.draw_cover(seed, label, palette_index).read())
        return ContentFile(path.read_bytes(), name=f"{seed}.jpg")

    def create_thumbnail(self, backend, source_image, geometry_string, options, thumbnail):
        """sorl's resize and encode, once per source pixels, geometry and options."""
        pixels = hashlib.sha256(source_image.tobytes()).hexdigest()
        path = self._path(
            "thumbnail",
            pixels,
            source_image.mode,
            source_image.size,
            geometry_string,
            sorted(options.items()),
        )
        if not path.exists():
            _create_thumbnail(backend, source_image, geometry_string, options, thumbnail)
            with thumbnail.storage.open(thumbnail.name) as written:
                self._keep(path, written.read())
            return
        data = path.read_bytes()
        thumbnail.write(data)
        thumbnail.set_size(Image.open(BytesIO(data)).size)


_create_thumbnail = ThumbnailBackend._create_thumbnail


@pytest.fixture(scope="session")
def picture_cache(tmp_path_factory):
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, above each worker's own
    folder = root / "demo-pictures"
    folder.mkdir(exist_ok=True)
    return PictureCache(folder)


@pytest.fixture
def demo_site(settings, monkeypatch, picture_cache):
    """`manage.py load_demo_content`, content only (no development logins).

    The command runs whole for each test, into its own database and media folder;
    only the pixels of its covers and their renditions are drawn and encoded once
    per run, since the same input gives the same bytes (most of the command's
    time). tests/news/test_demo_content.py runs the command without this shortcut.
    """
    settings.DEBUG = False
    monkeypatch.setattr(load_demo_content, "draw_cover", picture_cache.draw_cover)
    monkeypatch.setattr(
        ThumbnailBackend,
        "_create_thumbnail",
        lambda backend, *args: picture_cache.create_thumbnail(backend, *args),
    )
    call_command("load_demo_content", stdout=StringIO())


def staff(django_user_model, username, role):
    """A staff member with `role`, whose password is sandi-<username>-123 (for log_in)."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username, password=f"sandi-{username}-123", is_staff=True
    )
    user.groups.set(Group.objects.filter(name=role))
    return user


def log_in(page, base_url, username, password):
    """Through the admin's login form, as a person does (django-axes included)."""
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base_url}/admin/")
