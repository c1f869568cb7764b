"""Production: refuses to start with a missing or development secret key, or debug on."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    ALLOWED_HOSTS,
    CONTENT_SECURITY_POLICY,
    CONTENT_SECURITY_POLICY_ADMIN,
    SECRET_KEY,
    TRUST_X_FORWARDED_FOR,
)
from .env import env_bool, env_int, env_list

if env_bool("DEBUG", False):
    raise ImproperlyConfigured("DEBUG must be off in production (unset DEBUG or set it to false)")
DEBUG = False

if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure") or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value in production; generate one with "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's host(s) in production")

# The client's address (kpu_site/client_address.py) must be knowable, and not the
# client's to choose: behind nginx on a Unix socket or loopback, only nginx's
# X-Forwarded-For names it; on a public address the header is anyone's word.
_BINDS = env_list("GUNICORN_BIND", ["127.0.0.1:8000"])
_BEHIND_PROXY = all(bind.startswith(("unix:", "127.", "localhost:", "[::1]:")) for bind in _BINDS)
if _BEHIND_PROXY and not TRUST_X_FORWARDED_FOR:
    raise ImproperlyConfigured(
        f"GUNICORN_BIND={','.join(_BINDS)} is reached only through a proxy: set "
        "TRUST_X_FORWARDED_FOR=true so that logins and views are told apart by the "
        "client's address, not the proxy's"
    )
if not _BEHIND_PROXY and TRUST_X_FORWARDED_FOR:
    raise ImproperlyConfigured(
        f"GUNICORN_BIND={','.join(_BINDS)} is reachable without the proxy: with "
        "TRUST_X_FORWARDED_FOR=true a client could choose its own address"
    )

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Behind a TLS-terminating proxy (nginx) that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# The other security headers are set in base.py, for every environment. Only
# here: a stray http:// picture or script in a page is fetched over HTTPS.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {**CONTENT_SECURITY_POLICY["DIRECTIVES"], "upgrade-insecure-requests": True}
}
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"],
        "upgrade-insecure-requests": True,
    }
}
