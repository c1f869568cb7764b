"""Election acronyms (search/acronyms.txt): the short form finds the long, and the reverse."""

import logging

import pytest

from search import acronyms
from search.engine import search
from tests.factories import ArticleFactory

from .conftest import make_document

pytestmark = pytest.mark.django_db


def titles(query):
    return sorted(hit.title for hit in search(query)[:100])


@pytest.fixture
def voter_list():
    ArticleFactory(title="Penetapan Daftar Pemilih Tetap di Panggul", lead="x", body="<p>y</p>")
    ArticleFactory(title="Rekap DPT Kecamatan Munjungan", lead="x", body="<p>y</p>")
    ArticleFactory(title="Daftar hadir: pemilih pemula tetap datang", lead="x", body="<p>y</p>")
    make_document("Lampiran", pages=["Rekapitulasi daftar pemilih tetap tingkat kecamatan."])


def test_the_short_form_finds_the_long_one(voter_list):
    assert titles("DPT") == [
        "Lampiran",
        "Penetapan Daftar Pemilih Tetap di Panggul",
        "Rekap DPT Kecamatan Munjungan",
    ]


def test_the_long_form_finds_the_short_one(voter_list):
    found = titles("daftar pemilih tetap")
    assert "Rekap DPT Kecamatan Munjungan" in found
    assert "Penetapan Daftar Pemilih Tetap di Panggul" in found


def test_acronyms_work_with_other_words_quotes_and_minus(voter_list):
    assert titles("DPT munjungan") == ["Rekap DPT Kecamatan Munjungan"]
    assert titles("daftar pemilih tetap munjungan") == ["Rekap DPT Kecamatan Munjungan"]
    assert titles('"daftar pemilih tetap" munjungan') == ["Rekap DPT Kecamatan Munjungan"]
    # -DPT leaves out both forms.
    assert titles("kecamatan -DPT") == []
    assert titles('rekap -"daftar pemilih tetap"') == []


def test_the_election_acronyms_are_listed():
    shorts = {short for short, _long in acronyms.acronyms()}
    for short in "dpt dps dptb ppk pps kpps tps pilkada pemilu psu bawaslu sirekap".split():
        assert short in shorts


def test_pemilu_and_its_long_form_find_each_other():
    ArticleFactory(title="Pemilihan Umum 2024 berjalan lancar", lead="x", body="<p>y</p>")
    ArticleFactory(title="Pemilu serentak di desa", lead="x", body="<p>y</p>")
    assert len(titles("pemilu")) == 2
    assert len(titles("pemilihan umum")) == 2


def test_a_malformed_line_is_skipped_with_a_warning(tmp_path, caplog):
    path = tmp_path / "acronyms.txt"
    path.write_text("# komentar\nDPT = Daftar Pemilih Tetap\nrusak tanpa tanda\nX =\n")
    with caplog.at_level(logging.WARNING, logger="search.acronyms"):
        assert acronyms.acronyms(path) == (("dpt", "daftar pemilih tetap"),)
    assert "line 3" in caplog.text
    assert "line 4" in caplog.text


def test_a_missing_file_means_no_acronyms_not_an_error(tmp_path, caplog):
    with caplog.at_level(logging.ERROR, logger="search.acronyms"):
        assert acronyms.acronyms(tmp_path / "hilang.txt") == ()
    assert "hilang.txt" in caplog.text
