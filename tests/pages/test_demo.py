"""The demo pages and people (pages/demo.py, run by load_demo_content)."""

import pytest

from pages import demo
from pages.models import Page, Person
from tests.factories import DivisionFactory

pytestmark = pytest.mark.django_db

DEMO_DIVISIONS = [
    "teknis-penyelenggaraan",
    "perencanaan-data-informasi",
    "hukum-pengawasan",
    "sosialisasi-parmas-sdm",
    "keuangan-umum-logistik",
]


def test_demo_makes_the_profile_pages_and_people_once(client):
    divisions = {slug: DivisionFactory(slug=slug) for slug in DEMO_DIVISIONS}
    assert demo.load(divisions) == (5, 10)
    assert demo.load(divisions) == (0, 0)
    profil = Page.objects.get(slug="profil")
    assert {page.slug for page in profil.children.all()} >= {
        "visi-dan-misi",
        "tugas-dan-wewenang",
        "struktur-organisasi",
    }
    commissioners = Person.objects.filter(group=Person.Group.COMMISSIONER)
    assert commissioners.count() == 5
    assert commissioners.filter(division__isnull=False).count() == 5
    assert Person.objects.filter(group=Person.Group.SECRETARIAT).count() == 5
    assert all(person.photo_renditions.get("webp") for person in Person.objects.all())
    response = client.get("/halaman/profil/struktur-organisasi/")
    assert response.content.decode().count("<picture>") == 10
