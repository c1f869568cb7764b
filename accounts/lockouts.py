"""Login locks (django-axes) as the user admin shows them, and lifting one.

axes locks a username from one address after AXES_FAILURE_LIMIT failures
within AXES_COOLOFF_TIME (settings). Its AccessAttempt rows are the record:
one per username, address and browser, counting failures, with the time of
the latest. An administrator who knows the person lifts the lock rather than
have them wait out the cool-off on election day.
"""

from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone


@dataclass(frozen=True)
class Failures:
    """Recent failed logins of one username from one address."""

    address: str | None
    count: int
    latest: datetime
    locked: bool

    @property
    def locked_until(self):
        return self.latest + settings.AXES_COOLOFF_TIME


def recent_failures(username):
    """The username's failures still counted (within the cool-off), by address, locked first."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    rows = (
        AccessAttempt.objects.filter(username=username, attempt_time__gte=since)
        .values("ip_address")
        .annotate(count=Sum("failures_since_start"), latest=Max("attempt_time"))
        .order_by("-latest")
    )
    failures = [
        Failures(
            address=row["ip_address"],
            count=row["count"],
            latest=row["latest"],
            locked=row["count"] >= settings.AXES_FAILURE_LIMIT,
        )
        for row in rows
    ]
    return sorted(failures, key=lambda failure: not failure.locked)


def unlock(username):
    """Forget every failed login of `username`, from every address; returns how many records."""
    return reset(username=username)
