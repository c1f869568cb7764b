"""The office's settings: one row, the environment's values until then, one query."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from office.models import ExternalLink, SiteSettings
from office.site import current

pytestmark = pytest.mark.django_db


def settings_row(**values):
    return SiteSettings.objects.create(
        **{"name": "KPU Kabupaten Uji", "region": "Kabupaten Uji, Jawa Timur", **values}
    )


def test_without_a_row_the_settings_come_from_the_environment(settings):
    settings.OFFICE_NAME = "KPU Kabupaten Contoh"
    settings.OFFICE_PHONE = "0355 791234"
    settings.OFFICE_INSTAGRAM = "https://www.instagram.com/kpu_contoh/"
    office = current()
    assert not SiteSettings.objects.exists()
    assert office.name == "KPU Kabupaten Contoh"
    assert office.phone == "0355 791234"
    assert office.social_links() == [("Instagram", "https://www.instagram.com/kpu_contoh/")]


def test_a_saved_row_wins_over_the_environment(settings):
    settings.OFFICE_PHONE = "0355 111111"
    settings_row(phone="0355 222222", office_hours="Senin–Kamis")
    office = current()
    assert (office.name, office.phone, office.office_hours) == (
        "KPU Kabupaten Uji",
        "0355 222222",
        "Senin–Kamis",
    )
    assert office.pk == 1


def test_there_is_only_ever_one_row():
    settings_row()
    with pytest.raises(IntegrityError), transaction.atomic():
        settings_row()  # the same primary key
    with pytest.raises(IntegrityError), transaction.atomic():
        SiteSettings.objects.create(id=2, name="Kedua", region="Di mana saja")  # the check
    assert SiteSettings.objects.count() == 1


def test_settings_and_links_cost_one_query_per_generation(django_assert_num_queries):
    settings_row()
    with django_assert_num_queries(1):
        office = current()
        assert office.links
    with django_assert_num_queries(0):
        assert current() is office
    # Also without a row: still one query, for the links.
    SiteSettings.objects.all().delete()
    with django_assert_num_queries(1):
        assert current().links


def test_an_edit_is_read_again_at_once():
    row = settings_row(phone="0355 111111")
    assert current().phone == "0355 111111"
    row.phone = "0355 999999"
    row.save()
    assert current().phone == "0355 999999"
    ExternalLink.objects.create(title="Tautan baru", url="https://contoh.go.id/", order=0)
    assert current().links[0].title == "Tautan baru"


def test_new_sites_start_with_the_national_services_shown_in_order():
    # The data migration's links.
    urls = [link.url for link in current().links]
    assert urls[0] == "https://cekdptonline.kpu.go.id/"
    assert {"https://infopemilu.kpu.go.id/", "https://jdih.kpu.go.id/"} <= set(urls)


def test_hidden_links_are_left_out():
    ExternalLink.objects.filter(url="https://jdih.kpu.go.id/").update(active=False)
    assert "https://jdih.kpu.go.id/" not in [link.url for link in current().links]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("instagram_url", "https://instagram.com.example.net/kpu"),
        ("instagram_url", "https://www.facebook.com/kpu"),
        ("facebook_url", "https://notfacebook.com/kpu"),
        ("x_url", "http://x.com/kpu"),
        ("youtube_url", "https://youtube.co/@kpu"),
        ("tiktok_url", "javascript:alert(1)//tiktok.com"),
        ("map_url", "http://maps.example.com/"),
        ("phone", "call me"),
        ("whatsapp", "<script>"),
    ],
)
def test_links_and_numbers_that_are_not_what_they_claim_are_refused(field, value):
    office = SiteSettings(name="KPU", region="Uji", **{field: value})
    with pytest.raises(ValidationError) as error:
        office.full_clean()
    assert field in error.value.message_dict


def test_accounts_on_their_platform_are_accepted():
    SiteSettings(
        name="KPU",
        region="Uji",
        instagram_url="https://www.instagram.com/kpu_trenggalek/",
        facebook_url="https://m.facebook.com/kpu.trenggalek",
        x_url="https://x.com/kputrenggalek",
        youtube_url="https://www.youtube.com/@kputrenggalek",
        tiktok_url="https://www.tiktok.com/@kputrenggalek",
        map_url="https://maps.app.goo.gl/abc",
        phone="(0355) 791-234",
        whatsapp="+62 812 3456 7890",
    ).full_clean()


def test_numbers_become_links_a_phone_opens():
    office = SiteSettings(phone="(0355) 791-234", whatsapp="0812-3456-7890")
    assert office.phone_uri == "tel:0355791234"
    assert office.whatsapp_url == "https://wa.me/6281234567890"
    assert SiteSettings(phone="+62 355 791234").phone_uri == "tel:+62355791234"
    assert SiteSettings(whatsapp="+62 812 3456 7890").whatsapp_url == "https://wa.me/6281234567890"


def test_a_typo_in_the_environment_stops_the_checks(settings):
    from office.checks import check_office_defaults

    assert check_office_defaults(None) == []
    settings.OFFICE_EMAIL = "kpu at trenggalek"
    settings.OFFICE_FACEBOOK = "https://faceb00k.com/kpu"
    errors = check_office_defaults(None)
    assert sorted(error.msg.split(":")[0] for error in errors) == [
        "OFFICE_EMAIL",
        "OFFICE_FACEBOOK",
    ]
