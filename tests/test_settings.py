"""Production refuses unsafe configuration; development needs none."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = secrets.token_urlsafe(50)


def environment(**env):
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
    return environment


def manage(*args, **env):
    return subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )


# gunicorn's default bind is loopback, behind nginx: the proxy's header is trusted.
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "kpu_site.settings.production",
    "TRUST_X_FORWARDED_FOR": "true",
}
DEVELOPMENT = "kpu_site.settings.development"


def test_production_passes_the_deployment_checks():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="kpu-trenggalek.example.go.id",
        CACHE_URL="redis://127.0.0.1:6379/1", **PRODUCTION,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_deployment_check_asks_for_a_shared_cache():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="kpu-trenggalek.example.go.id", CACHE_URL="",
        **PRODUCTION,
    )  # fmt: skip
    assert result.returncode != 0
    assert "news.W001" in result.stderr


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
        # Behind nginx without the proxy's header, every login would come from one
        # address (or none, on a Unix socket): the login throttle would not work.
        (
            {
                "SECRET_KEY": GOOD_KEY,
                "ALLOWED_HOSTS": "kpu.example",
                "TRUST_X_FORWARDED_FOR": "false",
            },
            "set TRUST_X_FORWARDED_FOR=true",
        ),
        (
            {
                "SECRET_KEY": GOOD_KEY,
                "ALLOWED_HOSTS": "kpu.example",
                "TRUST_X_FORWARDED_FOR": "false",
                "GUNICORN_BIND": "unix:/run/kpu_site/gunicorn.sock",
            },
            "set TRUST_X_FORWARDED_FOR=true",
        ),
        # Reachable without the proxy, the header would be the client's own choice.
        (
            {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "kpu.example", "GUNICORN_BIND": "0.0.0.0:80"},
            "a client could choose its own address",
        ),
    ],
)
def test_production_refuses_to_start_with_unsafe_settings(env, message):
    result = manage("check", **{**PRODUCTION, **env})
    assert result.returncode != 0
    assert message in result.stderr


def test_development_needs_no_configuration():
    result = manage("check")
    assert result.returncode == 0, result.stderr


def test_database_must_be_postgresql():
    result = manage("check", DATABASE_URL="sqlite:///tmp/x.db")
    assert result.returncode != 0
    assert "DATABASE_URL must point at PostgreSQL" in result.stderr


def settings_of(names, **env):
    """The values of settings `names` as a Django process started with `env` sees them."""
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}, default=str))"
    )
    result = subprocess.run(  # noqa: S603 (our own settings)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment(**{"DJANGO_SETTINGS_MODULE": DEVELOPMENT, **env}),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_production_security_settings():
    values = settings_of(
        [
            "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
            "SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_SECURE",
            "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SECURE",
            "CSRF_COOKIE_HTTPONLY", "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REFERRER_POLICY",
            "SECURE_CROSS_ORIGIN_OPENER_POLICY", "X_FRAME_OPTIONS", "DATABASES",
            "CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_ADMIN",
        ],
        SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="kpu.example", **PRODUCTION,
    )  # fmt: skip
    database = values.pop("DATABASES")["default"]
    public = values.pop("CONTENT_SECURITY_POLICY")["DIRECTIVES"]
    admin = values.pop("CONTENT_SECURITY_POLICY_ADMIN")["DIRECTIVES"]
    assert values == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SECURE": True,
        # CKEditor 5 reads it to send uploads (kpu_site/settings/base.py).
        "CSRF_COOKIE_HTTPONLY": False,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "strict-origin-when-cross-origin",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "DENY",
    }
    assert database["CONN_HEALTH_CHECKS"] is True
    for directives in (public, admin):
        assert directives["upgrade-insecure-requests"] is True
        assert directives["script-src"] == ["'self'"]
        assert directives["frame-ancestors"] == ["'none'"]
    assert "style-src-attr" not in public
    assert admin["style-src-attr"] == ["'unsafe-inline'"]


def test_development_does_not_upgrade_to_https():
    policy = settings_of(["CONTENT_SECURITY_POLICY"])["CONTENT_SECURITY_POLICY"]
    assert "upgrade-insecure-requests" not in policy["DIRECTIVES"]


def test_admin_moves_to_admin_url():
    code = """
import django; django.setup()
from django.urls import Resolver404, resolve, reverse
print(reverse("admin:index"), reverse("admin:login"), resolve("/redaksi-kpu/").namespace)
try:
    print(resolve("/admin/login/").namespace or "elsewhere")
except Resolver404:
    print("gone")
"""
    result = subprocess.run(  # noqa: S603 (our own URLs)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment(ADMIN_URL="redaksi-kpu/", DJANGO_SETTINGS_MODULE=DEVELOPMENT),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    # The old address is gone.
    assert result.stdout.split() == ["/redaksi-kpu/", "/redaksi-kpu/login/", "admin", "gone"]


@pytest.mark.parametrize("value", ["/admin/", "admin", "", "admin//", "ad min/", "<slug:x>/"])
def test_admin_url_must_be_a_relative_path_ending_in_a_slash(value):
    result = manage("check", ADMIN_URL=value)
    assert result.returncode != 0
    assert "ADMIN_URL=" in result.stderr
