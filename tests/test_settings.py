"""Production refuses unsafe configuration; development needs none."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = secrets.token_urlsafe(50)


def manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE is no production setting.
        if key
        not in {
            "SECRET_KEY",
            "DEBUG",
            "ALLOWED_HOSTS",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    environment.update(env)
    return subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


PRODUCTION = {"DJANGO_SETTINGS_MODULE": "kpu_site.settings.production"}


def test_production_passes_the_deployment_checks():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="kpu-trenggalek.example.go.id", **PRODUCTION,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "kpu.example"}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "rahasia", "ALLOWED_HOSTS": "kpu.example"}, "SECRET_KEY must be set"),
        (
            {"SECRET_KEY": "django-insecure-" + GOOD_KEY, "ALLOWED_HOSTS": "kpu.example"},
            "SECRET_KEY must be set",
        ),
        (
            {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "kpu.example", "DEBUG": "true"},
            "DEBUG must be off",
        ),
        (
            {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "kpu.example", "DEBUG": "ya"},
            "is not a boolean",
        ),
        ({"SECRET_KEY": GOOD_KEY}, "ALLOWED_HOSTS must name"),
    ],
)
def test_production_refuses_to_start_with_unsafe_settings(env, message):
    result = manage("check", **env, **PRODUCTION)
    assert result.returncode != 0
    assert message in result.stderr


def test_development_needs_no_configuration():
    result = manage("check")
    assert result.returncode == 0, result.stderr


def test_database_must_be_postgresql():
    result = manage("check", DATABASE_URL="sqlite:///tmp/x.db")
    assert result.returncode != 0
    assert "DATABASE_URL must point at PostgreSQL" in result.stderr
