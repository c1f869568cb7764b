"""The announcements' admin: the publishing rules (tested once over every type in
tests/publishing/), plus validity, pinning and attached documents."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from announcements.models import Announcement
from documents.models import Document
from tests.announcements.conftest import make_announcement
from tests.people import client_for, make_people
from tests.publishing.content_types import AnnouncementType

pytestmark = pytest.mark.django_db

LIST = "/admin/announcements/announcement/"


@pytest.fixture
def people(django_user_model):
    return make_people(django_user_model)


@pytest.fixture
def three_periods():
    now = timezone.now()
    return {
        "valid": make_announcement("Pendaftaran PPS"),
        "coming": make_announcement(
            "Uji publik TPS",
            valid_from=now + timedelta(days=2),
            valid_until=now + timedelta(days=5),
        ),
        "ended": make_announcement(
            "Hasil seleksi PPK",
            valid_from=now - timedelta(days=9),
            valid_until=now - timedelta(days=1),
        ),
    }


def form(item=None, **overrides):
    kind = AnnouncementType(Announcement, has_preview=True)
    if item is None:
        item = kind.make(None, Announcement.Status.DRAFT, title="Contoh")
        item.delete()
        item.slug = "pengumuman-baru"
    return kind.form_data(item, **overrides)


@pytest.mark.parametrize("persona", ["writer", "editor"])
@pytest.mark.parametrize(
    "url",
    [LIST, f"{LIST}add/", f"{LIST}?q=pps", f"{LIST}?berlaku=berakhir", f"{LIST}?berlaku=belum"],
)
def test_staff_open_the_announcement_admin(people, three_periods, persona, url):
    assert client_for(people, persona).get(url).status_code == HTTPStatus.OK


def test_the_list_says_which_are_valid_and_which_ended(people, three_periods):
    client = client_for(people, "editor")
    page = client.get(LIST)
    assertContains(page, "berakhir")
    assertContains(page, "berlaku mulai")
    ended = client.get(f"{LIST}?berlaku=berakhir")
    assertContains(ended, "Hasil seleksi PPK")
    assertNotContains(ended, "Pendaftaran PPS")
    valid = client.get(f"{LIST}?berlaku=berlaku")
    assertContains(valid, "Pendaftaran PPS")
    assertNotContains(valid, "Uji publik TPS")
    assertNotContains(valid, "Hasil seleksi PPK")


def test_the_form_has_the_editor_validity_and_document_search(people):
    page = client_for(people, "writer").get(f"{LIST}add/")
    assertContains(page, "django_ckeditor_5")
    assertContains(page, 'name="valid_from_0"')
    assertContains(page, 'name="valid_until_0"')
    # Documents are chosen by search (DocumentAdmin's autocomplete).
    assertContains(page, 'data-model-name="announcement"')
    assertContains(page, 'data-field-name="documents"')


def test_a_writer_drafts_an_announcement_with_a_document_but_cannot_pin_it(people, division):
    document = Document.objects.create(
        title="Keputusan penetapan DPS",
        slug="keputusan-penetapan-dps",
        document_date=timezone.now().date(),
        information_class=Document.InformationClass.PERIODIC,
        status=Document.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(hours=1),
    )
    response = client_for(people, "writer").post(
        f"{LIST}add/",
        form(division=division.pk, pinned="on", documents=[document.pk], title="Baru"),
    )
    assert response.status_code == HTTPStatus.FOUND, response.context["adminform"].form.errors
    saved = Announcement.objects.get(slug="pengumuman-baru")
    assert saved.status == Announcement.Status.DRAFT
    assert saved.created_by == people["writer"]
    assert saved.pinned is False
    assert list(saved.documents.all()) == [document]


def test_an_editor_pins_an_announcement(people, announcement):
    client_for(people, "editor").post(
        f"{LIST}{announcement.pk}/change/", form(announcement, pinned="on")
    )
    announcement.refresh_from_db()
    assert announcement.pinned is True


def test_a_period_that_ends_before_it_starts_is_refused_and_nothing_saved(people, division):
    now = timezone.localtime()
    response = client_for(people, "editor").post(
        f"{LIST}add/",
        form(
            division=division.pk,
            valid_from_0=f"{now:%d/%m/%Y}",
            valid_until_0=f"{now - timedelta(days=1):%d/%m/%Y}",
        ),
    )
    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Akhir masa berlaku harus setelah awalnya.")
    assert not Announcement.objects.exists()


def test_staff_preview_a_draft_as_readers_will_see_it(people):
    draft = make_announcement("Draf pengumuman DPT", status=Announcement.Status.DRAFT)
    page = client_for(people, "editor").get(f"{LIST}{draft.pk}/preview/")
    assert page.status_code == HTTPStatus.OK
    assertContains(page, "Pratinjau untuk staf.")
    assertContains(page, "Draf pengumuman DPT")
    assertContains(page, "Masa berlaku")
    assert "noindex" in page["X-Robots-Tag"]
    assert client_for(people, "anonymous").get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("value", ["x", "\x00", "9" * 20, "1,2", "A" * 5000])
def test_a_value_that_is_no_document_is_refused_not_a_server_error(people, division, value):
    client = client_for(people, "editor")
    assert client.get(f"{LIST}add/", {"documents": value}).status_code == HTTPStatus.OK
    response = client.post(f"{LIST}add/", form(division=division.pk, documents=[value]))
    assert response.status_code == HTTPStatus.OK
    assert response.context["adminform"].form.errors["documents"]
    assert not Announcement.objects.exists()


def test_the_feeds_address_cannot_be_an_announcements_slug():
    announcement = Announcement(slug="feed")
    with pytest.raises(ValidationError) as refused:
        announcement.clean()
    assert "slug" in refused.value.message_dict
