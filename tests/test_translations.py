"""The Indonesian catalogue: complete, compiled from the current .po, and in use."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.utils import translation

from kpu_site import library_messages as library_messages_module

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "id" / "LC_MESSAGES"


def _text(match):
    joined = "".join(re.findall(r'"(.*)"', match.group(1)))
    return joined.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def po_entries(domain="django"):
    """(context, msgid, msgstr) for every entry of a .po file of ours (a small reader)."""
    entries = []
    for block in (LOCALE / f"{domain}.po").read_text(encoding="utf-8").split("\n\n"):
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


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_compiled_catalogue_matches_the_po_file(domain):
    with (LOCALE / f"{domain}.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    for context, msgid, msgstr in po_entries(domain):
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


def library_messages():
    """(context, msgid, plural) of each message kpu_site/library_messages.py lists."""
    tree = ast.parse(Path(library_messages_module.__file__).read_text(encoding="utf-8"))
    found = []
    for call in ast.walk(tree):
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name):
            texts = [arg.value for arg in call.args if isinstance(arg.value, str)]
            if call.func.id == "_":
                found.append((None, texts[0], None))
            elif call.func.id == "ngettext_lazy":
                found.append((None, texts[0], texts[1]))
            elif call.func.id == "pgettext_lazy":
                found.append((texts[0], texts[1], None))
    return found


def test_the_site_catalogue_corrects_the_libraries_messages():
    """Each message of Django or a library the site words better is in our catalogue,
    and ours is the one used: LOCALE_PATHS comes before the libraries' catalogues."""
    ours = {(context, msgid): msgstr for context, msgid, msgstr in po_entries()}
    messages = library_messages()
    assert len(messages) > 100
    with translation.override("id"):
        for context, msgid, plural in messages:
            assert ours.get((context, msgid)), f"no Indonesian for {msgid!r} in django.po"
            if plural:
                used = translation.ngettext(msgid, plural, 1)
            elif context:
                used = translation.pgettext(context, msgid)
            else:
                used = translation.gettext(msgid)
            assert used == ours[(context, msgid)], msgid


@pytest.mark.parametrize(
    ("english", "indonesian"),
    [
        ("Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.",
         "Wajib. Paling banyak 150 karakter: huruf, angka, dan @/./+/-/_ saja."),
        ("Password-based authentication", "Masuk dengan sandi"),
        ("Any date", "Kapan pun"),
        ("Taggit", "Tag"),
        ("Attempt Time", "Waktu percobaan"),
    ],
)  # fmt: skip
def test_slips_of_the_libraries_catalogues_are_corrected(english, indonesian):
    with translation.override("id"):
        assert translation.gettext(english) == indonesian
