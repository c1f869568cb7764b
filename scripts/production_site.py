"""The site as production runs it, on a database and media folder of its own: for
the scripts that serve it to an outside tool (lighthouse.py, validate_site.py)."""

import os
import secrets
import socket


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_environment(database_name, media_root):
    """Production settings pointed at database `database_name` (beside the one
    DATABASE_URL names) and at `media_root`, so development data is never touched."""
    source = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kpu_site")
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="kpu_site.settings.production",
        DATABASE_URL=source.rsplit("/", 1)[0] + "/" + database_name,
        MEDIA_ROOT=str(media_root),
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        # gunicorn on loopback: production expects a proxy in front.
        TRUST_X_FORWARDED_FOR="true",
        SECURE_HSTS_SECONDS="0",
        DEBUG="false",
    )
    return env
