"""The pages' and people's admin: editors run them, writers draft pages."""

from http import HTTPStatus

import pytest
from pytest_django.asserts import assertContains
from reversion.models import Version

from accounts import roles
from pages.models import Page, Person
from pages.tasks import make_person_photo_renditions
from tests.images import upload
from tests.pages.conftest import make_page, make_person
from tests.people import client_for, make_people
from tests.publishing.content_types import PageType

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(django_user_model):
    return make_people(django_user_model)


def person_form(**overrides):
    data = {
        "name": "Sri Wahyuningsih",
        "position": "Anggota Divisi Teknis Penyelenggaraan",
        "group": Person.Group.COMMISSIONER,
        "division": "",
        "term_start": "24/05/2023",
        "term_end": "24/05/2028",
        "order": 2,
        "active": "on",
    }
    data.update(overrides)
    return data


def test_roles_grant_people_to_editors_and_only_viewing_to_writers():
    editor, writer = roles.permissions(roles.EDITOR), roles.permissions(roles.WRITER)
    for action in ("add", "change", "delete", "view"):
        assert f"pages.{action}_person" in editor
    assert "pages.view_person" in writer
    assert "pages.add_person" not in writer and "pages.change_person" not in writer
    assert {"pages.publish_page", "pages.edit_all_page"} <= editor
    assert "pages.add_page" in writer and "pages.publish_page" not in writer


@pytest.mark.parametrize(
    "url",
    [
        "/admin/pages/page/",
        "/admin/pages/page/add/",
        "/admin/pages/page/?q=profil",
        "/admin/pages/person/",
        "/admin/pages/person/add/",
        "/admin/pages/person/?q=hendra",
    ],
)
def test_editor_opens_the_admin_pages(people, url):
    make_page("Profil")
    make_person("Hendra Wicaksono", position="Ketua", photo=False)
    assert client_for(people, "editor").get(url).status_code == HTTPStatus.OK


def test_editor_opens_the_change_forms(people):
    page = make_page("Profil")
    person = make_person("Hendra Wicaksono", position="Ketua", photo=False)
    editor = client_for(people, "editor")
    assert editor.get(f"/admin/pages/page/{page.pk}/change/").status_code == HTTPStatus.OK
    assert editor.get(f"/admin/pages/person/{person.pk}/change/").status_code == HTTPStatus.OK


def test_the_changelist_shows_each_parent_followed_by_its_children(people):
    profil = make_page("Profil", order=1)
    make_page("Visi dan Misi", parent=profil, order=1)
    make_page("Berita Lama", order=2)
    html = client_for(people, "editor").get("/admin/pages/page/").content.decode()
    assert html.index(">Profil<") < html.index(">Visi dan Misi<") < html.index(">Berita Lama<")


def test_a_parent_can_only_be_a_top_level_page(people):
    profil = make_page("Profil")
    visi = make_page("Visi dan Misi", parent=profil)
    form = client_for(people, "editor").get("/admin/pages/page/add/").context["adminform"].form
    choices = list(form.fields["parent"].queryset)
    assert profil in choices and visi not in choices


def test_the_form_refuses_a_second_level_of_nesting(people):
    profil = make_page("Profil")
    make_page("Visi dan Misi", parent=profil)
    other = make_page("Layanan")
    data = PageType(Page, has_preview=True).form_data(profil, parent=other.pk)
    response = client_for(people, "editor").post(f"/admin/pages/page/{profil.pk}/change/", data)
    assert response.status_code == HTTPStatus.OK
    assertContains(response, "subhalaman")
    profil.refresh_from_db()
    assert profil.parent_id is None


def test_a_writer_cannot_place_a_page_in_the_menu(people):
    kind = PageType(Page, has_preview=True)
    profil = make_page("Profil")
    page = kind.make(people["writer"], Page.Status.DRAFT, title="Usulan", in_menu=False)
    client_for(people, "writer").post(
        kind.change_url(page),
        kind.form_data(page, parent=profil.pk, order=1, in_menu="on", title="Usulan Baru"),
    )
    page.refresh_from_db()
    assert page.title == "Usulan Baru"
    assert (page.parent_id, page.order, page.in_menu) == (None, 0, False)


def test_editor_adds_a_person_with_a_photo_and_its_renditions(people):
    response = client_for(people, "editor").post(
        "/admin/pages/person/add/", person_form(photo=upload("foto ketua.jpg"))
    )
    assert response.status_code == HTTPStatus.FOUND
    person = Person.objects.get()
    assert person.photo.name.startswith("people/")
    assert (person.photo_width, person.photo_height) == (640, 360)
    # Queued for the worker (test_photo_queue.py runs one); made here.
    assert (person.photo_renditions, person.processing_label()) == ({}, "menunggu")
    make_person_photo_renditions(person.pk)
    person.refresh_from_db()
    assert person.processing_label() == "selesai"
    assert person.photo_renditions["source"] == person.photo.name
    assert [entry["width"] for entry in person.photo_renditions["webp"]] == [400]
    assert "share" not in person.photo_renditions
    assert Version.objects.get_for_object(person).count() == 1


def test_the_person_form_refuses_a_term_ending_before_it_starts(people):
    response = client_for(people, "editor").post(
        "/admin/pages/person/add/", person_form(term_start="01/01/2028", term_end="01/01/2023")
    )
    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Masa jabatan tidak dapat berakhir sebelum dimulai.")
    assert not Person.objects.exists()


def test_writer_sees_people_but_cannot_change_them(people):
    person = make_person("Hendra Wicaksono", position="Ketua", photo=False)
    writer = client_for(people, "writer")
    assert writer.get("/admin/pages/person/").status_code == HTTPStatus.OK
    assert writer.get("/admin/pages/person/add/").status_code == HTTPStatus.FORBIDDEN
    writer.post(f"/admin/pages/person/{person.pk}/change/", person_form(name="Diubah"))
    assert writer.post("/admin/pages/person/add/", person_form()).status_code == (
        HTTPStatus.FORBIDDEN
    )
    person.refresh_from_db()
    assert person.name == "Hendra Wicaksono"


def test_a_page_with_a_picture_without_alt_text_is_not_published(people):
    kind = PageType(Page, has_preview=True)
    page = kind.make(people["writer"], Page.Status.REVIEW, title="Sejarah")
    body = '<p>Gedung kantor.</p><p><img src="/media/uploads/gedung.jpg"></p>'
    response = client_for(people, "editor").post(
        kind.change_url(page), kind.form_data(page, body=body, status="published")
    )
    assert response.status_code == HTTPStatus.OK
    assertContains(response, "gedung.jpg")
    page.refresh_from_db()
    assert page.status == Page.Status.REVIEW
    with_alt = body.replace("<img ", '<img alt="Gedung kantor KPU" ')
    client_for(people, "editor").post(
        kind.change_url(page), kind.form_data(page, body=with_alt, status="published")
    )
    page.refresh_from_db()
    assert page.is_published()


def test_a_page_body_has_the_picture_library_like_an_article(people):
    response = client_for(people, "writer").get("/admin/pages/page/add/")

    assertContains(response, "data-media-library=")
    assertContains(response, "/static/js/admin-media-library.js")
