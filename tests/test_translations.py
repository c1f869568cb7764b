"""The Indonesian catalogue: complete, compiled from the current .po, and in use."""

import gettext
import re
from pathlib import Path

import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "id" / "LC_MESSAGES"


def _text(match):
    joined = "".join(re.findall(r'"(.*)"', match.group(1)))
    return joined.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def po_entries():
    """(context, msgid, msgstr) for every entry of django.po (a small reader for our file)."""
    entries = []
    for block in (LOCALE / "django.po").read_text(encoding="utf-8").split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block, re.M)
        context = re.search(r'^msgctxt "(.*)"', block, re.M)
        if msgid and _text(msgid):
            entries.append((context.group(1) if context else None, _text(msgid), _text(msgstr)))
    return entries


def test_every_message_is_translated():
    entries = po_entries()
    assert len(entries) > 150
    assert [msgid for _context, msgid, msgstr in entries if not msgstr] == []
    assert "#, fuzzy" not in (LOCALE / "django.po").read_text(encoding="utf-8")


def test_compiled_catalogue_matches_the_po_file():
    with (LOCALE / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    for context, msgid, msgstr in po_entries():
        found = catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)
        assert found == msgstr, f"django.mo is stale for {msgid!r}: run make messages"


@pytest.mark.parametrize(
    ("english", "indonesian"),
    [("Skip to content", "Langsung ke konten"), ("Most read this week", "Terpopuler minggu ini")],
)
def test_the_site_speaks_indonesian(english, indonesian):
    with translation.override("id"):
        assert translation.gettext(english) == indonesian
        assert translation.pgettext("button", "Search") == "Cari"
