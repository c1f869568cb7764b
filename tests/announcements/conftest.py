from datetime import timedelta

import pytest
from django.utils import timezone

from announcements.models import Announcement
from tests.factories import DivisionFactory


def make_announcement(title, *, status=Announcement.Status.PUBLISHED, **fields):
    """An announcement published an hour ago and valid for a week, unless told otherwise."""
    now = timezone.now()
    if status == Announcement.Status.PUBLISHED:
        fields.setdefault("published_at", now - timedelta(hours=1))
    fields.setdefault("slug", title.lower().replace(" ", "-")[:200])
    fields.setdefault("summary", f"Ringkasan {title}.")
    fields.setdefault("body", f"<p>Isi {title}.</p>")
    fields.setdefault("valid_from", now - timedelta(hours=1))
    fields.setdefault("valid_until", now + timedelta(days=7))
    if "division" not in fields:
        fields["division"] = DivisionFactory(name="Divisi Teknis", slug="teknis")
    return Announcement.objects.create(title=title, status=status, **fields)


@pytest.fixture
def announcement(db):
    return make_announcement("Pendaftaran calon anggota PPS")


@pytest.fixture
def division(db):
    return DivisionFactory(name="Divisi Teknis", slug="teknis")
