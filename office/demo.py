"""Demo contacts for the office (manage.py load_demo_content), written for this project.

Only while no administrator has saved the settings: the environment's values
(office/site.py) fill what is not written here, and a saved row is never touched.
The number and address are made up; the email is on a reserved `.example` domain.
"""

from .models import SINGLETON_PK, SiteSettings
from .site import defaults

DEMO_CONTACTS = {
    "address": "Jl. Panglima Sudirman No. 21\nKelurahan Ngantru, Kecamatan Trenggalek\n"
    "Kabupaten Trenggalek, Jawa Timur 66311",
    "phone": "(0355) 791234",
    "whatsapp": "0812 3456 7890",
    "email": "humas@kpu-trenggalek.example",
    "office_hours": "Senin–Jumat, 08.00–16.00 WIB",
    "map_url": "https://www.openstreetmap.org/search?query=KPU%20Kabupaten%20Trenggalek",
}


def load():
    """The settings row with demo contacts, if there is none; True when created."""
    if SiteSettings.objects.filter(pk=SINGLETON_PK).exists():
        return False
    settings = SiteSettings(pk=SINGLETON_PK, **{**defaults(), **DEMO_CONTACTS})
    settings.full_clean()
    settings.save()
    return True
