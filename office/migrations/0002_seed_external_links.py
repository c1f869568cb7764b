"""The national services readers look for, so a new site's footer lists them at once.

Administrators edit, hide or add to them afterwards (office/admin.py).
"""

from django.db import migrations

LINKS = [
    (
        "Cek DPT Online",
        "https://cekdptonline.kpu.go.id/",
        "Periksa apakah Anda terdaftar sebagai pemilih dan di TPS mana.",
    ),
    (
        "Info Pemilu",
        "https://infopemilu.kpu.go.id/",
        "Peserta, calon, daerah pemilihan dan tahapan pemilu.",
    ),
    (
        "Hasil Pemilu 2024",
        "https://pemilu2024.kpu.go.id/",
        "Hasil penghitungan suara Pemilu 2024 dari KPU RI.",
    ),
    (
        "JDIH KPU",
        "https://jdih.kpu.go.id/",
        "Peraturan, keputusan dan dokumen hukum KPU.",
    ),
    (
        "PPID KPU",
        "https://ppid.kpu.go.id/",
        "Layanan informasi publik KPU.",
    ),
    (
        "KPU Republik Indonesia",
        "https://www.kpu.go.id/",
        "Situs resmi Komisi Pemilihan Umum Republik Indonesia.",
    ),
]


def add_links(apps, schema_editor):
    ExternalLink = apps.get_model("office", "ExternalLink")
    for order, (title, url, description) in enumerate(LINKS, start=1):
        ExternalLink.objects.get_or_create(
            url=url, defaults={"title": title, "description": description, "order": order}
        )


def remove_links(apps, schema_editor):
    ExternalLink = apps.get_model("office", "ExternalLink")
    ExternalLink.objects.filter(url__in=[url for _title, url, _description in LINKS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("office", "0001_site_settings_and_external_links"),
    ]

    operations = [migrations.RunPython(add_links, remove_links)]
