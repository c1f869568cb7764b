"""Strict readers for settings that come from the environment.

A typo in a deployment value must stop the site at start-up, not change its
behaviour quietly, so every helper raises ImproperlyConfigured on a value it
does not understand.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true or false)")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_cache(name: str) -> dict:
    """A CACHES entry from a URL: redis://host:port/db (or rediss://), locmem://, dummy://.

    Unset means local memory: fine for one process (runserver, tests), but each
    gunicorn worker then keeps its own cache; production uses Redis.
    """
    url = env_str(name) or "locmem://"
    scheme = url.split("://", 1)[0]
    if scheme in ("redis", "rediss"):
        # django-redis rather than Django's own backend, which builds a new client
        # object for every operation (a third of a beacon's time in bench/).
        return {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": url}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kpu-site"}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(f"{name}={url!r}: use redis://host:port/db, locmem:// or dummy://")
