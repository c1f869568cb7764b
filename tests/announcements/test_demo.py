"""The demo announcements (announcements/demo.py)."""

import pytest

from announcements.demo import ANNOUNCEMENTS, load_demo_announcements
from announcements.models import Announcement
from news.management.commands.load_demo_content import DIVISIONS
from tests.announcements.test_views import home_section
from tests.factories import DivisionFactory

pytestmark = pytest.mark.django_db


def test_the_demo_has_pinned_valid_coming_and_ended_announcements_once(client):
    DivisionFactory(slug="perencanaan-data-informasi")
    assert load_demo_announcements() == len(ANNOUNCEMENTS)
    assert load_demo_announcements() == 0
    assert Announcement.objects.count() == len(ANNOUNCEMENTS)
    assert Announcement.objects.valid_now().filter(pinned=True).count() == 1
    assert Announcement.objects.ended().count() == 1
    assert Announcement.objects.valid_now().count() == 3

    section = home_section(client.get("/"))
    pinned = Announcement.objects.get(pinned=True)
    assert section.index(pinned.title) < section.index("Penetapan Daftar Pemilih Tetap")
    for announcement in Announcement.objects.all():
        assert client.get(announcement.get_absolute_url()).status_code == 200


def test_without_a_division_nothing_is_made():
    assert load_demo_announcements() == 0


def test_each_goes_to_one_of_the_demo_divisions():
    demo_divisions = {slug for slug, _name, _description in DIVISIONS}
    assert {division for _slug, _title, division, *_rest in ANNOUNCEMENTS} <= demo_divisions
