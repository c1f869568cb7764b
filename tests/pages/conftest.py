from datetime import date, timedelta

import pytest
from django.utils import timezone

from pages.models import Page, Person
from pages.tasks import make_person_photo_renditions
from tests.factories import DivisionFactory
from tests.images import upload


def make_page(title, *, status=Page.Status.PUBLISHED, published_at=None, **fields):
    """A page, published an hour ago unless told otherwise."""
    if status == Page.Status.PUBLISHED and published_at is None:
        published_at = timezone.now() - timedelta(hours=1)
    fields.setdefault("body", f"<p>Isi halaman {title}.</p>")
    return Page.objects.create(title=title, status=status, published_at=published_at, **fields)


def make_person(name, group=Person.Group.COMMISSIONER, *, photo=True, **fields):
    person = Person.objects.create(name=name, group=group, **fields)
    if photo:
        person.photo = upload(f"{name}.jpg")
        person.save()
        make_person_photo_renditions(person.pk)  # as the worker does
        person.refresh_from_db()
    return person


@pytest.fixture
def profile():
    """Profil with two published children and a draft one."""
    profil = make_page("Profil", order=1)
    return {
        "profil": profil,
        "visi": make_page("Visi dan Misi", parent=profil, order=1),
        "tugas": make_page("Tugas dan Wewenang", parent=profil, order=2),
        "draft": make_page("Rancangan Sejarah", parent=profil, order=3, status=Page.Status.DRAFT),
    }


@pytest.fixture
def organisation():
    """A people page under Profil; three commissioners, two staff, one inactive."""
    profil = make_page("Profil")
    page = make_page("Struktur Organisasi", parent=profil, layout=Page.Layout.PEOPLE, order=3)
    division = DivisionFactory(name="Divisi Teknis Penyelenggaraan", slug="teknis")
    term = {"term_start": date(2023, 5, 24), "term_end": date(2028, 5, 24)}
    make_person("Hendra Wicaksono", position="Ketua", order=1, **term)
    make_person(
        "Sri Wahyuningsih",
        position="Anggota Divisi Teknis Penyelenggaraan",
        division=division,
        order=2,
        **term,
    )
    make_person("Laila Nur Azizah", position="Anggota", order=3, photo=False, **term)
    make_person("Bambang Setiadi", Person.Group.SECRETARIAT, position="Sekretaris", order=1)
    make_person("Endah Puspitasari", Person.Group.SECRETARIAT, position="Kepala Subbagian", order=2)
    make_person("Pensiunan Lama", position="Anggota", active=False, photo=False)
    return page
