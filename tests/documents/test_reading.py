"""Reading document files (documents/reading.py) with real files, real PDFium
and the real Tesseract: text per page, OCR of scans, previews, hostile files."""

import io
import zipfile

import pypdfium2 as pdfium
import pytest
from fpdf import FPDF
from PIL import Image

from documents import reading
from documents.reading import Transient, Unreadable, read_file, read_pdf

from .sample_files import broken_pdf, scanned_pdf, text_pdf

TEXT_PAGES = [
    "Rapat pleno terbuka rekapitulasi hasil penghitungan suara tingkat kabupaten.",
    "Daftar hadir saksi peserta pemilu dan catatan zebrakuda pada halaman kedua.",
    "Demikian berita acara ini dibuat untuk dipergunakan sebagaimana mestinya.",
]
SCAN_PAGES = [
    ["PENGUMUMAN", "Komisi Pemilihan Umum Kabupaten", "Rekrutmen anggota PPK kecamatan"],
    ["Pendaftaran dibuka di kantor KPU", "Nomor 12 Tahun 2024", "kerbaulaut"],
]


def write(tmp_path, content, name="berkas.pdf"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_text_pdf_is_read_page_by_page_from_its_text_layer(tmp_path):
    result = read_pdf(write(tmp_path, text_pdf(TEXT_PAGES)))
    assert result.page_count == 3
    assert [page.number for page in result.pages] == [1, 2, 3]
    assert ["zebrakuda" in page.text for page in result.pages] == [False, True, False]
    assert {page.source for page in result.pages} == {"text"}
    assert result.text_source() == "text"


def test_scanned_pdf_is_read_by_ocr_in_indonesian(tmp_path):
    result = read_pdf(write(tmp_path, scanned_pdf(SCAN_PAGES)))
    assert result.page_count == 2
    first, second = result.pages
    assert "Rekrutmen anggota PPK" in first.text
    assert "kerbaulaut" in second.text and "kerbaulaut" not in first.text
    assert "Nomor 12 Tahun 2024" in second.text
    assert result.text_source() == "ocr"


def test_a_pdf_of_typed_and_scanned_pages_is_mixed(tmp_path):
    merged = pdfium.PdfDocument(io.BytesIO(text_pdf(TEXT_PAGES[:1])))
    merged.import_pages(pdfium.PdfDocument(io.BytesIO(scanned_pdf(SCAN_PAGES[1:]))))
    out = io.BytesIO()
    merged.save(out)
    result = read_pdf(write(tmp_path, out.getvalue()))
    assert [page.source for page in result.pages] == ["text", "ocr"]
    assert "kerbaulaut" in result.pages[1].text
    assert result.text_source() == "mixed"


def test_the_first_page_is_drawn_as_an_800_pixel_webp(tmp_path):
    result = read_pdf(write(tmp_path, scanned_pdf(SCAN_PAGES)))
    picture = Image.open(io.BytesIO(result.preview))
    assert picture.format == "WEBP"
    assert picture.size == result.preview_size
    assert picture.width == 800
    assert 1100 < picture.height < 1160  # A4's proportions


def test_a_blank_scan_is_unreadable_not_failed(tmp_path):
    blank = Image.new("L", (1240, 1754), 255)
    out = io.BytesIO()
    blank.save(out, format="PDF")
    result = read_pdf(write(tmp_path, out.getvalue()))
    assert result.page_count == 1
    assert result.text_source() == "unreadable"


def test_a_damaged_pdf_says_so_in_indonesian(tmp_path):
    with pytest.raises(Unreadable) as raised:
        read_pdf(write(tmp_path, broken_pdf()))
    assert raised.value.reason == "berkas PDF rusak"


def test_a_password_protected_pdf_says_so(tmp_path):
    pdf = FPDF()
    pdf.set_encryption(owner_password="pemilik", user_password="rahasia")
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text="Rahasia negara")
    with pytest.raises(Unreadable) as raised:
        read_pdf(write(tmp_path, bytes(pdf.output())))
    assert raised.value.reason == "berkas PDF dilindungi kata sandi"


def test_pages_beyond_the_limit_are_refused_before_any_is_read(tmp_path, settings):
    settings.DOCUMENT_MAX_PAGES = 2
    with pytest.raises(Unreadable) as raised:
        read_pdf(write(tmp_path, text_pdf(TEXT_PAGES)))
    assert raised.value.reason == "berkas PDF berisi 3 halaman, lebih dari batas 2"


def test_a_huge_page_is_drawn_within_the_pixel_bound(tmp_path):
    pdf = FPDF(format=(5000, 5000))  # millimetres: five metres square
    pdf.add_page()
    path = write(tmp_path, bytes(pdf.output()))
    document = pdfium.PdfDocument(path)
    page = document[0]
    image = reading.render(page, reading.OCR_DPI)
    assert image.width * image.height <= reading.OCR_MAX_PIXELS
    page.close()
    document.close()


def test_a_missing_ocr_program_is_a_transient_error(tmp_path, settings):
    settings.DOCUMENT_OCR_COMMAND = str(tmp_path / "tidak-ada" / "tesseract")
    with pytest.raises(Transient) as raised:
        read_pdf(write(tmp_path, scanned_pdf(SCAN_PAGES[:1])))
    assert raised.value.reason.startswith("program OCR (")
    assert raised.value.reason.endswith(") tidak terpasang")


def test_ocr_past_its_time_is_stopped(tmp_path, settings):
    slow = tmp_path / "tesseract-lambat"
    slow.write_text("#!/bin/sh\nexec sleep 30\n")
    slow.chmod(0o755)
    settings.DOCUMENT_OCR_COMMAND = str(slow)
    settings.DOCUMENT_OCR_PAGE_TIMEOUT_SECONDS = 1
    with pytest.raises(Transient) as raised:
        read_pdf(write(tmp_path, scanned_pdf(SCAN_PAGES[:1])))
    assert raised.value.reason == "OCR halaman 1 melebihi 1 detik"


# --- DOCX, ODT, XLSX -------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def office_zip(members) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def docx(paragraphs) -> bytes:
    body = "".join(
        f"<w:p><w:r><w:t>{first}</w:t></w:r>"
        f"<w:r><w:t xml:space='preserve'> {rest}</w:t></w:r></w:p>"
        for first, rest in paragraphs
    )
    return office_zip(
        {"word/document.xml": f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'}
    )


def test_docx_text_is_read_as_one_page(tmp_path):
    content = docx([("Daftar", "Pemilih Tetap"), ("Kecamatan", "gajahterbang")])
    result = read_file(write(tmp_path, content, "daftar.docx"), "docx")
    assert result.page_count is None
    (page,) = result.pages
    assert page.number == 1
    assert page.text == "Daftar Pemilih Tetap\nKecamatan gajahterbang"


def test_odt_and_xlsx_text_is_read(tmp_path):
    odt = office_zip(
        {
            "content.xml": (
                '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument'
                ':xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
                "<office:body><office:text><text:h>Jadwal</text:h>"
                "<text:p>Tahapan <text:span>pemungutan</text:span> suara</text:p>"
                "</office:text></office:body></office:document-content>"
            )
        }
    )
    xlsx = office_zip(
        {
            "xl/sharedStrings.xml": (
                '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                "<si><t>TPS 001</t></si><si><r><t>Desa </t></r><r><t>Sukamaju</t></r></si></sst>"
            )
        }
    )
    assert read_file(write(tmp_path, odt, "j.odt"), "odt").pages[0].text == (
        "Jadwal\nTahapan pemungutan suara"
    )
    assert read_file(write(tmp_path, xlsx, "t.xlsx"), "xlsx").pages[0].text == (
        "TPS 001\nDesa Sukamaju"
    )


def test_a_zip_bomb_stops_at_the_bound(tmp_path):
    # Some 20 kB compressed, more than the bound once inflated.
    padding = " " * (reading.MAX_XML_BYTES + 1)
    bomb = office_zip({"word/document.xml": f'<w:document xmlns:w="{W}">{padding}</w:document>'})
    assert len(bomb) < 100_000
    with pytest.raises(Unreadable) as raised:
        read_file(write(tmp_path, bomb, "bom.docx"), "docx")
    assert raised.value.reason == "teks berkas terlalu besar untuk dibaca"


def test_entities_are_refused(tmp_path):
    laughs = (
        '<!DOCTYPE w [<!ENTITY a "hahahaha"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        f'<w:document xmlns:w="{W}"><w:p><w:t>&b;</w:t></w:p></w:document>'
    )
    with pytest.raises(Unreadable):
        read_file(write(tmp_path, office_zip({"word/document.xml": laughs}), "x.docx"), "docx")


def test_a_file_that_is_no_zip_is_damaged(tmp_path):
    with pytest.raises(Unreadable) as raised:
        read_file(write(tmp_path, b"bukan arsip zip", "x.xlsx"), "xlsx")
    assert raised.value.reason == "berkas rusak"
