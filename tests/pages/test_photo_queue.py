"""A person's photo renditions come from the task queue: the organisation page
shows the uploaded photo until they exist and then the srcset, the person's
form says where they stand, and a broken photo ends "gagal" with its reason."""

from http import HTTPStatus

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from pytest_django.asserts import assertContains

from pages.models import Page, Person
from pages.tasks import make_person_photo_renditions
from tests.images import image_bytes, upload
from tests.pages.conftest import make_page
from tests.pages.test_admin import person_form
from tests.people import client_for, make_people
from tests.task_worker import wait_for

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/pages/person/add/"


@pytest.fixture
def people(django_user_model):
    return make_people(django_user_model)


@pytest.fixture
def people_page():
    return make_page("Struktur Organisasi", layout=Page.Layout.PEOPLE)


def photo_markup(page):
    """The person's <picture> as a reader gets it."""
    html = Client().get(page.get_absolute_url()).content.decode()
    img = html.index('class="person__photo')
    return html[html.rindex("<picture>", 0, img) : html.index("</picture>", img)]


def status_on_form(client, person):
    response = client.get(f"/admin/pages/person/{person.pk}/change/")
    assert response.status_code == HTTPStatus.OK
    return response


def test_the_page_shows_the_uploaded_photo_until_its_renditions_exist_then_the_srcset(
    people, people_page, django_capture_on_commit_callbacks
):
    editor = client_for(people, "editor")
    editor.post(ADD_URL, person_form(photo=upload("foto ketua.jpg")))
    person = Person.objects.get()
    waiting = '<div class="readonly">menunggu</div>'
    assertContains(status_on_form(editor, person), waiting, html=True)

    markup = photo_markup(people_page)
    assert f'src="{person.photo.url}"' in markup
    assert "srcset" not in markup

    with django_capture_on_commit_callbacks(execute=True):  # the cached page is dropped
        make_person_photo_renditions(person.pk)
    markup = photo_markup(people_page)
    assert 'type="image/webp" srcset="/media/cache/' in markup
    assert person.photo.url not in markup
    assertContains(status_on_form(editor, person), '<div class="readonly">selesai</div>', html=True)


def test_a_broken_photo_ends_failed_with_its_reason_and_the_page_still_answers(people, people_page):
    person = Person.objects.create(
        name="Hendra Wicaksono",
        position="Ketua",
        group=Person.Group.COMMISSIONER,
        photo=ContentFile(image_bytes(size=(640, 360))[:300], name="rusak.jpg"),
    )
    make_person_photo_renditions(person.pk)
    person.refresh_from_db()
    assert person.processing_label() == "gagal: berkas rusak atau bukan gambar"
    assert person.photo_renditions == {}
    assertContains(
        status_on_form(client_for(people, "editor"), person),
        '<div class="readonly">gagal: berkas rusak atau bukan gambar</div>',
        html=True,
    )
    assert f'src="{person.photo.url}"' in photo_markup(people_page)


def test_a_person_without_a_photo_has_no_status_to_show(people):
    person = Person.objects.create(name="Laila", position="Anggota", group="commissioner")
    assertContains(
        status_on_form(client_for(people, "editor"), person),
        '<div class="readonly">–</div>',
        html=True,
    )


@pytest.mark.django_db(transaction=True)
def test_the_worker_makes_the_renditions_of_a_new_photo(task_worker, people):
    editor = client_for(people, "editor")
    editor.post(ADD_URL, person_form(photo=upload("foto ketua.jpg", image_bytes(size=(1000, 800)))))
    person = Person.objects.get()

    def settled():
        person.refresh_from_db()
        return person.processing_status in ("done", "failed")

    wait_for(settled)
    assert person.processing_label() == "selesai"
    assert person.photo_renditions["source"] == person.photo.name
    assert [entry["width"] for entry in person.photo_renditions["webp"]] == [400, 800]
    assertContains(status_on_form(editor, person), '<div class="readonly">selesai</div>', html=True)
