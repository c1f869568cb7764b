"""What readers see of the office's settings: the footer on every page, the contact page."""

from http import HTTPStatus

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from office.models import ExternalLink, SiteSettings
from tests.clients import login
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return SiteSettings.objects.create(
        name="KPU Kabupaten Trenggalek",
        region="Kabupaten Trenggalek, Jawa Timur",
        address="Jl. Contoh No. 1\nTrenggalek 66311",
        phone="(0355) 791234",
        whatsapp="0812 3456 7890",
        email="kpu@trenggalek.example.go.id",
        office_hours="Senin–Jumat, 08.00–16.00 WIB",
        map_url="https://maps.app.goo.gl/contoh",
        instagram_url="https://www.instagram.com/kpu_trenggalek/",
        youtube_url="https://www.youtube.com/@kputrenggalek",
    )


def test_footer_shows_the_contacts_social_and_external_links(client, office):
    response = client.get("/")
    assertContains(
        response,
        '<address class="office-contacts">'
        '<p class="office-contacts__address">Jl. Contoh No. 1<br>Trenggalek 66311</p>'
        '<ul class="office-contacts__list">'
        '<li><span class="office-contacts__label">Telepon:</span>'
        ' <a href="tel:0355791234">(0355) 791234</a></li>'
        '<li><span class="office-contacts__label">WhatsApp:</span>'
        ' <a href="https://wa.me/6281234567890">0812 3456 7890</a></li>'
        '<li><span class="office-contacts__label">Email:</span>'
        ' <a href="mailto:kpu@trenggalek.example.go.id">kpu@trenggalek.example.go.id</a></li>'
        "</ul></address>",
        html=True,
    )
    assertContains(response, "Senin–Jumat, 08.00–16.00 WIB")
    assertContains(response, '<a href="https://maps.app.goo.gl/contoh">', count=1)
    assertContains(response, '<nav class="site-footer__nav" aria-label="Media sosial">')
    assertContains(
        response,
        '<a href="https://www.instagram.com/kpu_trenggalek/" rel="me">Instagram'
        '<span class="visually-hidden"> KPU Kabupaten Trenggalek</span></a>',
        html=True,
    )
    assertContains(response, '<nav class="site-footer__nav" aria-label="Layanan kepemiluan">')
    assertContains(
        response, '<a href="https://cekdptonline.kpu.go.id/">Cek DPT Online</a>', html=True
    )
    assertContains(response, '<a href="/kontak/">Halaman kontak</a>', html=True)
    # No map or other third-party frame: a link only.
    assertNotContains(response, "<iframe")


def test_footer_leaves_out_what_is_not_set(client):
    SiteSettings.objects.create(name="KPU Kabupaten Uji", region="Uji")
    ExternalLink.objects.update(active=False)
    response = client.get("/")
    assertContains(response, "KPU Kabupaten Uji")
    for absent in [
        "<address",
        "tel:",
        "wa.me",
        "mailto:",
        "Media sosial",
        "Layanan kepemiluan",
        "di peta",
    ]:
        assertNotContains(response, absent)


def test_what_an_administrator_types_is_escaped_on_every_page(client, office, article):
    office.office_hours = '<script>alert("jam")</script>'
    office.address = "<b>Jalan</b>"
    office.save()
    ExternalLink.objects.create(title="<img src=x onerror=alert(1)>", url="https://a.example/")
    for url in ["/", "/kontak/", article.get_absolute_url()]:
        response = client.get(url)
        assertNotContains(response, "<script>alert")
        assertNotContains(response, "<img src=x")
        assertContains(response, "&lt;script&gt;alert(&quot;jam&quot;)&lt;/script&gt;")
        assertContains(response, "&lt;b&gt;Jalan&lt;/b&gt;")


def test_an_edit_shows_at_once_on_cached_pages(settings, office, administrator):
    settings.PAGE_CACHE_SECONDS = 600
    ArticleFactory()
    reader = Client()
    assertContains(reader.get("/"), "(0355) 791234")
    assert reader.get("/").get("X-Page-Cache") == "hit"

    editor = login(administrator)
    form = editor.get("/admin/office/sitesettings/1/change/").context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields if name != "logo"}
    response = editor.post("/admin/office/sitesettings/1/change/", {**data, "phone": "0355 555000"})
    assert response.status_code == HTTPStatus.FOUND

    response = reader.get("/")
    assert response.get("X-Page-Cache") == "miss"
    assertContains(response, '<a href="tel:0355555000">0355 555000</a>', html=True)
    assertNotContains(response, "(0355) 791234")


def test_a_new_external_link_shows_at_once_on_cached_pages(settings, client):
    settings.PAGE_CACHE_SECONDS = 600
    assert client.get("/kontak/").get("X-Page-Cache") == "miss"
    assert client.get("/kontak/").get("X-Page-Cache") == "hit"
    ExternalLink.objects.create(title="Pilkada 2024", url="https://pilkada2024.kpu.go.id/")
    assertContains(client.get("/kontak/"), "Pilkada 2024")


def test_contact_page_lists_everything_in_bounded_queries(
    client, office, django_assert_max_num_queries
):
    # The settings with the links (one query); the menu's divisions and pages.
    with django_assert_max_num_queries(3):
        response = client.get("/kontak/")
    assert response.status_code == HTTPStatus.OK
    assertContains(response, "<h1>Kontak</h1>", html=True)
    assertContains(response, "<title>Kontak · KPU Kabupaten Trenggalek</title>", html=True)
    assertContains(response, '<a href="tel:0355791234">(0355) 791234</a>', html=True)
    assertContains(response, '<a href="https://www.youtube.com/@kputrenggalek" rel="me">YouTube')
    assertContains(response, "Periksa apakah Anda terdaftar sebagai pemilih")
    assertContains(response, '<span aria-current="page">Kontak</span>', html=True)


def test_contact_page_works_from_the_environment_alone(client, settings):
    settings.OFFICE_NAME = "KPU Kota Contoh"
    settings.OFFICE_EMAIL = "kpu@contoh.example.go.id"
    response = client.get("/kontak/")
    assertContains(response, "<title>Kontak · KPU Kota Contoh</title>", html=True)
    assertContains(response, 'href="mailto:kpu@contoh.example.go.id"')


def test_pages_without_a_logo_show_the_emblem(client, office):
    assertContains(
        client.get("/"),
        '<img class="brand__logo" src="/static/img/favicon.svg" alt="" width="44" height="44">',
        html=True,
    )
