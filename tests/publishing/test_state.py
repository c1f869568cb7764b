"""The state as it is: a published item with a time to come is "Terjadwal", with
its time, wherever the admin names it; "Terbit" means readers see it now."""

from datetime import datetime, timedelta
from http import HTTPStatus
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from publishing.models import State, Status
from tests.clients import login
from tests.publishing.content_types import content_types

pytestmark = pytest.mark.django_db

TUESDAY_MORNING = datetime(2030, 12, 3, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
SCHEDULED = "Terjadwal · Selasa, 3 Desember 2030 · 09.00 WIB"


@pytest.fixture(params=list(content_types()))
def kind(request):
    return content_types()[request.param]


@pytest.fixture
def one_of_each(kind, writer):
    hour_ago = timezone.now() - timedelta(hours=1)
    return {
        State.DRAFT: kind.make(writer, Status.DRAFT, title="Draf rapat"),
        State.REVIEW: kind.make(writer, Status.REVIEW, title="Tinjauan rapat"),
        State.SCHEDULED: kind.make(writer, Status.PUBLISHED, TUESDAY_MORNING, title="Jadwal"),
        State.PUBLISHED: kind.make(writer, Status.PUBLISHED, hour_ago, title="Terbit rapat"),
    }


def test_state_and_its_label(one_of_each):
    labels = {state: (item.state(), item.state_label()) for state, item in one_of_each.items()}
    assert labels == {
        State.DRAFT: ("draft", "Draf"),
        State.REVIEW: ("review", "Menunggu tinjauan"),
        State.SCHEDULED: ("scheduled", SCHEDULED),
        State.PUBLISHED: ("published", "Terbit"),
    }


def test_the_list_says_scheduled_with_the_time(kind, one_of_each, editor):
    response = login(editor).get(kind.admin_url)
    assertContains(response, f'<td class="field-state_label">{SCHEDULED}</td>', html=True)
    assertContains(response, '<td class="field-state_label">Terbit</td>', html=True, count=1)


@pytest.mark.parametrize(
    ("value", "state"),
    [
        ("draf", State.DRAFT),
        ("tinjauan", State.REVIEW),
        ("terjadwal", State.SCHEDULED),
        ("terbit", State.PUBLISHED),
    ],
)
def test_one_filter_for_every_state(kind, one_of_each, editor, value, state):
    response = login(editor).get(kind.admin_url, {"status": value})
    assert list(response.context["cl"].result_list) == [one_of_each[state]]
    for label in ("Draf", "Menunggu tinjauan", "Terjadwal", "Terbit"):
        assertContains(response, f">{label}</a>")


def test_the_old_review_queue_address_leads_to_the_filter(kind, one_of_each, editor):
    response = login(editor).get(kind.admin_url, {"tinjauan": "menunggu"}, follow=True)
    assert response.redirect_chain == [(f"{kind.admin_url}?status=tinjauan", HTTPStatus.FOUND)]
    assert list(response.context["cl"].result_list) == [one_of_each[State.REVIEW]]


def test_the_form_opens_with_the_state_and_names_the_schedule(kind, one_of_each, editor):
    response = login(editor).get(kind.change_url(one_of_each[State.SCHEDULED]))
    assertContains(response, f"Status: <strong>{SCHEDULED}</strong>")
    # The status choice names the schedule too, not "Terbit".
    assertContains(response, f'<option value="published" selected>{SCHEDULED}</option>', html=True)
    published = login(editor).get(kind.change_url(one_of_each[State.PUBLISHED]))
    assertContains(published, "Status: <strong>Terbit</strong>")
    assertNotContains(published, "Terjadwal")
