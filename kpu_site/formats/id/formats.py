"""Dates in the admin read like the public site's: "Selasa, 31 Mei 2022 · 09.00 WIB".

Django's `id` formats abbreviate months and leave the time zone out ("31 Mei
2022, 9.00"); staff compare what the admin shows with what readers see, and may
work from WITA or WIT, so the zone is named. kpu_site/formatting.py writes the
same forms for the public pages; tests/test_admin_language.py holds the two
together. Input formats stay Django's: what staff type is read as before.
"""

DATE_FORMAT = "l, j F Y"
TIME_FORMAT = "H.i"
DATETIME_FORMAT = "l, j F Y · H.i T"
SHORT_DATE_FORMAT = "j F Y"
SHORT_DATETIME_FORMAT = "j F Y · H.i T"
