"""Local development: safe defaults so `make run` needs no configuration."""

from .base import *  # noqa: F403
from .env import env_bool, env_list, env_str

DEBUG = env_bool("DEBUG", True)
# A fixed, obviously fake key: development sessions survive restarts.
# production.py refuses any key like it.
SECRET_KEY = env_str("SECRET_KEY") or "django-insecure-development-only-not-for-production"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

# runserver and the tests serve static files from the apps and static/ directly
# (WhiteNoise uses the finders when DEBUG is on); collectstatic is a production step.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
