"""Site settings and external links in the admin: administrators only, one row, history."""

from http import HTTPStatus

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects
from reversion.models import Version

from office.models import ExternalLink, SiteSettings
from tests.clients import login
from tests.images import image_bytes, png_claiming_size, upload

pytestmark = pytest.mark.django_db


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def settings_form(**overrides):
    return {
        "name": "KPU Kabupaten Trenggalek",
        "region": "Kabupaten Trenggalek, Jawa Timur",
        "address": "Jl. Contoh No. 1\nTrenggalek 66311",
        "phone": "0355 791234",
        "whatsapp": "0812 3456 7890",
        "email": "kpu@trenggalek.example.go.id",
        "office_hours": "Senin–Jumat, 08.00–16.00 WIB",
        "map_url": "https://maps.app.goo.gl/contoh",
        "instagram_url": "https://www.instagram.com/kpu_trenggalek/",
        "facebook_url": "",
        "x_url": "",
        "youtube_url": "",
        "tiktok_url": "",
        **overrides,
    }


@pytest.fixture
def saved_settings():
    return SiteSettings.objects.create(name="KPU Kabupaten Trenggalek", region="Trenggalek")


@pytest.mark.parametrize("persona", ["writer", "editor"])
def test_writers_and_editors_cannot_open_or_change_the_settings(request, persona, saved_settings):
    client = login(request.getfixturevalue(persona))
    for url in [
        admin_url(SiteSettings, "changelist"),
        admin_url(SiteSettings, "add"),
        admin_url(SiteSettings, "change", 1),
        admin_url(SiteSettings, "history", 1),
        admin_url(ExternalLink, "changelist"),
        admin_url(ExternalLink, "add"),
    ]:
        assert client.get(url).status_code == HTTPStatus.FORBIDDEN, url
    response = client.post(admin_url(SiteSettings, "change", 1), settings_form(phone="0000 0000"))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert SiteSettings.objects.get().phone == ""
    response = client.post(
        admin_url(ExternalLink, "add"), {"title": "Palsu", "url": "https://a.example/", "order": 0}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not ExternalLink.objects.filter(title="Palsu").exists()


def test_administrator_creates_the_settings_from_the_environment_values(administrator, settings):
    settings.OFFICE_PHONE = "0355 700700"
    client = login(administrator)
    # No row yet: the list leads to the form, filled with what the pages show now.
    response = client.get(admin_url(SiteSettings, "changelist"))
    assertRedirects(response, admin_url(SiteSettings, "add"))
    form = client.get(admin_url(SiteSettings, "add")).context["adminform"].form
    assert form["phone"].value() == "0355 700700"

    response = client.post(admin_url(SiteSettings, "add"), settings_form())
    assert response.status_code == HTTPStatus.FOUND
    office = SiteSettings.objects.get()
    assert (office.pk, office.phone) == (1, "0355 791234")
    # From now on the one row is changed, never added again nor deleted.
    assertRedirects(
        client.get(admin_url(SiteSettings, "changelist")), admin_url(SiteSettings, "change", 1)
    )
    assertRedirects(
        client.get(admin_url(SiteSettings, "add")), admin_url(SiteSettings, "change", 1)
    )
    response = client.post(admin_url(SiteSettings, "add"), settings_form(phone="0355 000000"))
    assertRedirects(response, admin_url(SiteSettings, "change", 1))
    assert SiteSettings.objects.get().phone == "0355 791234"
    assert client.get(admin_url(SiteSettings, "delete", 1)).status_code == HTTPStatus.FORBIDDEN
    assert SiteSettings.objects.count() == 1


def test_administrator_edits_the_settings_with_history(administrator, saved_settings):
    client = login(administrator)
    response = client.post(admin_url(SiteSettings, "change", 1), settings_form(phone="0355 123456"))
    assert response.status_code == HTTPStatus.FOUND
    assert SiteSettings.objects.get().phone == "0355 123456"
    versions = Version.objects.get_for_object(SiteSettings.objects.get())
    assert versions.count() == 1
    assert versions[0].revision.user == administrator
    assertContains(client.get(admin_url(SiteSettings, "history", 1)), "administrator")


def test_settings_form_refuses_a_link_to_another_site(administrator, saved_settings):
    client = login(administrator)
    response = client.post(
        admin_url(SiteSettings, "change", 1),
        settings_form(
            instagram_url="https://instagram.example.com/kpu", map_url="http://maps.example.com/"
        ),
    )
    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Masukkan tautan ke halaman Instagram (instagram.com).")
    assertContains(response, "Masukkan alamat lengkap yang diawali https://.")
    assert SiteSettings.objects.get().instagram_url == ""


def test_administrator_manages_the_external_links(administrator):
    client = login(administrator)
    assert client.get(admin_url(ExternalLink, "changelist")).status_code == HTTPStatus.OK
    response = client.post(
        admin_url(ExternalLink, "add"),
        {"title": "Pilkada", "url": "http://pilkada.example/", "order": 9, "active": "on"},
    )
    assertContains(response, "Masukkan alamat lengkap yang diawali https://.")
    response = client.post(
        admin_url(ExternalLink, "add"),
        {"title": "Pilkada", "url": "https://pilkada2024.kpu.go.id/", "order": 9, "active": "on"},
    )
    assert response.status_code == HTTPStatus.FOUND
    link = ExternalLink.objects.get(title="Pilkada")
    assert Version.objects.get_for_object(link).count() == 1
    assert client.post(admin_url(ExternalLink, "delete", link.pk), {"post": "yes"}).status_code == (
        HTTPStatus.FOUND
    )
    assert not ExternalLink.objects.filter(title="Pilkada").exists()


def test_logo_is_reencoded_and_shown_in_the_header(administrator, saved_settings, client):
    admin = login(administrator)
    logo = upload("logo kpu.png", image_bytes("PNG", size=(300, 200)), "image/png")
    response = admin.post(admin_url(SiteSettings, "change", 1), settings_form(logo=logo))
    assert response.status_code == HTTPStatus.FOUND
    office = SiteSettings.objects.get()
    assert office.logo.name.startswith("office/") and office.logo.name.endswith(".png")
    assert (office.logo_width, office.logo_height) == (300, 200)
    assertContains(
        client.get("/"),
        f'<img class="brand__logo brand__logo--uploaded" src="{office.logo.url}" alt=""'
        ' width="66" height="44">',
        html=True,
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.png", b"\x89PNG\r\n\x1a\n broken", "bukan gambar yang dapat dibaca"),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"/>',
            "bukan gambar yang dapat dibaca",
        ),
        ("bom.png", png_claiming_size(50_000, 50_000), "Gambar terlalu besar"),
    ],
)
def test_a_bad_logo_gets_a_clear_error_and_nothing_is_saved(
    administrator, saved_settings, name, content, message
):
    client = login(administrator)
    response = client.post(
        admin_url(SiteSettings, "change", 1),
        settings_form(phone="0355 000111", logo=upload(name, content, "image/png")),
    )
    assert response.status_code == HTTPStatus.OK
    assertContains(response, message)
    office = SiteSettings.objects.get()
    assert (office.phone, office.logo.name) == ("", "")
    assert not default_storage.exists("office")


def test_an_oversized_logo_is_refused_with_the_limit(administrator, saved_settings, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 1000
    client = login(administrator)
    response = client.post(
        admin_url(SiteSettings, "change", 1),
        settings_form(logo=upload("besar.png", image_bytes("PNG", size=(400, 400)), "image/png")),
    )
    assertContains(response, "Berkas terlalu besar")
    assert not SiteSettings.objects.get().logo
