"""Settings for the test suite (pytest): development settings, quicker hashing."""

import os

from .development import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

# One test database per pytest process, so that two runs on one machine (a
# developer's and CI's, or parallel sessions) never drop each other's database.
DATABASES["default"]["TEST"] = {  # noqa: F405
    "NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"  # noqa: F405
}

# Tests render pages afresh (query counts are of the uncached page); the tests of
# the page cache itself turn it on (tests/news/test_page_cache.py).
PAGE_CACHE_SECONDS = 0
# Tests send many requests from one address; the tests of the limit set it.
PUBLIC_RENDER_RATE_LIMIT = ""

# A content type declared only here, to show that declaring itself is all a type
# needs for the workflow and the role rules (tests/notices/, tests/publishing/).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.notices"]  # noqa: F405
