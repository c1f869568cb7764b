"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server."""

import os
from pathlib import Path

import pytest

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


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


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
