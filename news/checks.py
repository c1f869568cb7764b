"""System checks of the news app's deployment."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    """Several gunicorn workers need one cache (Redis), or each keeps its own.

    With a cache per process, an edit cannot end the other workers' cached
    pages, and the view counter's reader memory and rate limit are per worker.
    """
    if settings.CACHE_IS_SHARED:
        return []
    return [
        checks.Warning(
            "The cache is local to each process: with several workers, edits show late "
            "and the view counter's limits are per worker.",
            hint="Set CACHE_URL=redis://host:6379/1 (see .env.example).",
            id="news.W001",
        )
    ]
