"""Pages: their addresses, one level of nesting, who is public; people's terms."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from pages.models import Page, Person
from tests.pages.conftest import make_page

pytestmark = pytest.mark.django_db


def test_a_page_without_slug_gets_one_from_its_title_and_never_a_taken_one():
    first = make_page("Visi dan Misi")
    second = make_page("Visi dan Misi")
    assert first.slug == "visi-dan-misi"
    assert second.slug == "visi-dan-misi-2"


def test_a_title_without_letters_needs_a_slug():
    page = Page(title="???", body="<p>Isi.</p>")
    with pytest.raises(ValidationError) as raised:
        page.full_clean()
    assert "slug" in raised.value.message_dict


def test_an_invalid_slug_is_refused():
    page = Page(title="Profil", slug="profil kantor/../x", body="<p>Isi.</p>")
    with pytest.raises(ValidationError) as raised:
        page.full_clean()
    assert "slug" in raised.value.message_dict


def test_pages_nest_one_level_only():
    profil = make_page("Profil")
    visi = make_page("Visi dan Misi", parent=profil)
    grandchild = Page(title="Misi pertama", body="<p>Isi.</p>", parent=visi)
    with pytest.raises(ValidationError) as raised:
        grandchild.full_clean()
    assert "parent" in raised.value.message_dict


def test_a_page_with_children_cannot_go_under_another():
    profil = make_page("Profil")
    make_page("Visi dan Misi", parent=profil)
    other = make_page("Layanan")
    profil.parent = other
    with pytest.raises(ValidationError) as raised:
        profil.full_clean()
    assert "parent" in raised.value.message_dict


def test_a_page_cannot_be_its_own_parent_whatever_the_save_path():
    page = make_page("Profil")
    page.parent = page
    with pytest.raises(ValidationError):
        page.full_clean()
    with pytest.raises(IntegrityError):
        Page.objects.filter(pk=page.pk).update(parent=page)


@pytest.mark.parametrize(
    ("status", "published_at", "public"),
    [
        (Page.Status.DRAFT, None, False),
        (Page.Status.REVIEW, None, False),
        (Page.Status.PUBLISHED, timezone.now() + timedelta(days=1), False),
        (Page.Status.PUBLISHED, timezone.now() - timedelta(minutes=1), True),
    ],
    ids=["draft", "review", "scheduled", "published"],
)
def test_only_published_pages_are_public(status, published_at, public):
    page = make_page("Profil", status=status, published_at=published_at)
    assert (page in Page.objects.public()) is public
    assert page.is_published() is public


def test_a_child_of_an_unpublished_parent_is_not_public():
    profil = make_page("Profil", status=Page.Status.DRAFT)
    visi = make_page("Visi dan Misi", parent=profil)
    assert visi.is_published()
    assert visi not in Page.objects.public()


def test_addresses_name_the_parent_of_a_child():
    profil = make_page("Profil")
    visi = make_page("Visi dan Misi", parent=profil)
    assert profil.get_absolute_url() == "/halaman/profil/"
    assert visi.get_absolute_url() == "/halaman/profil/visi-dan-misi/"


def test_a_term_cannot_end_before_it_starts():
    person = Person(
        name="Hendra",
        position="Ketua",
        group=Person.Group.COMMISSIONER,
        term_start=date(2028, 1, 1),
        term_end=date(2023, 1, 1),
    )
    with pytest.raises(ValidationError) as raised:
        person.full_clean()
    assert "term_end" in raised.value.message_dict
    with pytest.raises(IntegrityError):
        person.save()


def test_the_body_is_sanitised_on_every_save():
    page = make_page("Profil", body='<p onclick="x()">Isi</p><script>alert(1)</script>')
    page.refresh_from_db()
    assert "<script" not in page.body and "onclick" not in page.body
    assert "Isi" in page.body
