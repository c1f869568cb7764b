"""Reading a document file: its text page by page, and its first page as a picture.

PDFs are read with PDFium (pypdfium2): a page's own text layer when it has one
worth the name, else the page drawn at 300 dpi and read by Tesseract with its
Indonesian model (`tesseract - - -l ind`, Debian's tesseract-ocr-ind), one
process per page. DOCX, ODT and XLSX files are zip archives of XML: their text
is read from that XML as one page (they have no fixed pages).

Every file is hostile input (an uploaded PDF may be built to exhaust a worker):
pages are counted before anything is read (settings.DOCUMENT_MAX_PAGES), every
page is drawn within a bounded number of pixels, Tesseract is killed past
settings.DOCUMENT_OCR_PAGE_TIMEOUT_SECONDS and is given nothing but pixels,
text kept per page is bounded, and an archive's XML is read up to a bounded
size, without DTDs. Nothing in a file is ever run. PDFium is not thread-safe:
workers read with processes (Celery's prefork pool, or solo), never threads.

Errors say what went wrong in Indonesian, for the admin's "gagal: …":
`Unreadable` for a file that will never be read (a broken PDF), `Transient`
for what may succeed later (Tesseract missing or too slow on a busy machine).
"""

import io
import os
import subprocess
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image

OCR_DPI = 300
# A4 at 300 dpi is 8.7 million pixels, A3 17.4 million; a page claiming more is
# drawn smaller (a PDF page may claim 200 inches square).
OCR_MAX_PIXELS = 20_000_000
POINTS_PER_INCH = 72
# Fewer letters and digits than this on a page: a scan, perhaps with a stamped
# page number or a few words of a scanner's header in its text layer.
MIN_TEXT_LAYER_CHARACTERS = 20
# What the search keeps of one page (or of one office file): a page of dense
# print holds some 5 000 characters.
MAX_PAGE_CHARACTERS = 100_000
PREVIEW_WIDTH = 800
PREVIEW_MAX_HEIGHT = 3 * PREVIEW_WIDTH
PREVIEW_QUALITY = 80
# An office file's XML read out of its zip, at most; a zip bomb stops here.
MAX_XML_BYTES = 20 * 1024 * 1024


class ReadingError(Exception):
    """`reason`: why, for staff, in Indonesian."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class Unreadable(ReadingError):
    """The file cannot be read, now or ever: trying again changes nothing."""


class Transient(ReadingError):
    """Reading failed for a reason outside the file; a later attempt may succeed."""


class Source:
    TEXT_LAYER = "text"
    OCR = "ocr"


@dataclass
class Page:
    number: int  # from 1
    text: str
    source: str | None  # Source.*, None for a page without text


@dataclass
class Reading:
    page_count: int | None  # None: a format without pages
    pages: list[Page] = field(default_factory=list)
    preview: bytes | None = None  # WebP
    preview_size: tuple[int, int] | None = None

    def text_source(self):
        """The file's TextSource: text, ocr, mixed or unreadable."""
        sources = {page.source for page in self.pages if page.text}
        if not sources:
            return "unreadable"
        return sources.pop() if len(sources) == 1 else "mixed"


def read_file(path, kind) -> Reading:
    """Read the file at `path`, of DocumentFile.kind `kind` ("pdf", "docx", …)."""
    if kind == "pdf":
        return read_pdf(path)
    return read_office_file(path, kind)


# --- PDF ----------------------------------------------------------------------


def open_pdf(path):
    """The PdfDocument, or Unreadable with the reason, checked against the page limit."""
    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        if error.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise Unreadable(_("the PDF is protected by a password")) from error
        raise Unreadable(_("the PDF file is damaged")) from error
    if len(document) > settings.DOCUMENT_MAX_PAGES:
        count = len(document)
        document.close()
        raise Unreadable(
            _("the PDF has %(count)d pages, more than %(limit)d")
            % {"count": count, "limit": settings.DOCUMENT_MAX_PAGES}
        )
    return document


def read_pdf(path) -> Reading:
    document = open_pdf(path)
    try:
        reading = Reading(page_count=len(document))
        if not len(document):
            raise Unreadable(_("the PDF has no pages"))
        for index in range(len(document)):
            try:
                page = document[index]
            except pdfium.PdfiumError as error:
                raise Unreadable(_("the PDF file is damaged")) from error
            try:
                reading.pages.append(read_page(page, index + 1))
                if index == 0:
                    reading.preview, reading.preview_size = draw_preview(page)
            finally:
                page.close()
        return reading
    finally:
        document.close()


def read_page(page, number) -> Page:
    text = page_text(page)
    if usable(text):
        return Page(number, text, Source.TEXT_LAYER)
    text = ocr(render(page, OCR_DPI), number)
    return Page(number, text, Source.OCR if text else None)


def page_text(page) -> str:
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_bounded()
    finally:
        textpage.close()
    return clean(text)


def clean(text) -> str:
    # PDFium writes \r\n; NUL cannot go into PostgreSQL text.
    text = text.replace("\r\n", "\n").replace("\x00", "").strip()
    return text[:MAX_PAGE_CHARACTERS]


def usable(text) -> bool:
    return sum(character.isalnum() for character in text) >= MIN_TEXT_LAYER_CHARACTERS


def scale_for(page, dpi, max_pixels=OCR_MAX_PIXELS) -> float:
    """PDFium's scale for `dpi`, lowered so the drawing stays within max_pixels."""
    width, height = page.get_size()  # points
    scale = dpi / POINTS_PER_INCH
    pixels = max(width * height, 1) * scale * scale
    if pixels > max_pixels:
        # A little under: PDFium rounds each side to whole pixels.
        scale *= (max_pixels / pixels) ** 0.5 * 0.999
    return scale


def render(page, dpi) -> Image.Image:
    """The page in grey, as Tesseract reads best: black text on white."""
    bitmap = page.render(scale=scale_for(page, dpi), grayscale=True, fill_color=(255,) * 4)
    try:
        return bitmap.to_pil().convert("L")
    finally:
        bitmap.close()


def ocr(image, number) -> str:
    """The text Tesseract reads in `image` (page `number`, for the reasons)."""
    portable = io.BytesIO()
    image.save(portable, format="PPM")  # a PGM: no compression to spend time on
    try:
        finished = subprocess.run(  # noqa: S603 (a configured program; only pixels go in)
            [settings.DOCUMENT_OCR_COMMAND, "-", "-", "-l", "ind"],
            input=portable.getvalue(),
            capture_output=True,
            timeout=settings.DOCUMENT_OCR_PAGE_TIMEOUT_SECONDS,
            check=False,
            # One thread per page: a worker runs pages of several files at once,
            # and Tesseract's own threads only contend with them.
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "OMP_THREAD_LIMIT": "1"},
        )
    except FileNotFoundError as error:
        raise Transient(
            _("the OCR program (%(command)s) is not installed")
            % {"command": settings.DOCUMENT_OCR_COMMAND}
        ) from error
    except subprocess.TimeoutExpired as error:
        raise Transient(
            _("OCR of page %(number)d took longer than %(seconds)d seconds")
            % {"number": number, "seconds": settings.DOCUMENT_OCR_PAGE_TIMEOUT_SECONDS}
        ) from error
    if finished.returncode:
        raise Transient(
            _("OCR of page %(number)d failed: %(message)s")
            % {
                "number": number,
                "message": finished.stderr.decode(errors="replace").strip()[-200:],
            }
        )
    return clean(finished.stdout.decode(errors="replace"))


def draw_preview(page):
    """The page PREVIEW_WIDTH pixels wide (at most PREVIEW_MAX_HEIGHT tall), as
    WebP bytes and its (width, height)."""
    width, height = page.get_size()
    scale = min(PREVIEW_WIDTH / max(width, 1), PREVIEW_MAX_HEIGHT / max(height, 1))
    bitmap = page.render(scale=scale, fill_color=(255,) * 4)
    try:
        image = bitmap.to_pil().convert("RGB")
    finally:
        bitmap.close()
    webp = io.BytesIO()
    image.save(webp, format="WEBP", quality=PREVIEW_QUALITY)
    return webp.getvalue(), image.size


# --- DOCX, ODT, XLSX ------------------------------------------------------------

# Where each format keeps its text: (XML member, elements that are one line of
# text, elements holding the words of a line or None for all text within).
OFFICE_TEXT = {
    "docx": ("word/document.xml", {"p"}, "t"),
    "odt": ("content.xml", {"p", "h"}, None),
    # Cells with words are in the shared strings; numbers are left out.
    "xlsx": ("xl/sharedStrings.xml", {"si"}, "t"),
}


def read_office_file(path, kind) -> Reading:
    member, lines, words = OFFICE_TEXT[kind]
    try:
        with zipfile.ZipFile(path) as archive:
            data = read_member(archive, member) if member in archive.namelist() else b""
        text = clean(xml_text(data, lines, words)) if data else ""
    except (zipfile.BadZipFile, ElementTree.ParseError, EOFError) as error:
        raise Unreadable(_("the file is damaged")) from error
    pages = [Page(1, text, Source.TEXT_LAYER)] if text else []
    return Reading(page_count=None, pages=pages)


def read_member(archive, name) -> bytes:
    """The member's bytes, refusing more than MAX_XML_BYTES whatever its header claims."""
    with archive.open(name) as member:
        data = member.read(MAX_XML_BYTES + 1)
    if len(data) > MAX_XML_BYTES:
        raise Unreadable(_("the file's text is too large to read"))
    # Office files have no DTD; one could only be there to expand entities.
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise Unreadable(_("the file is damaged"))
    return data


def local_name(tag) -> str:
    return tag.rpartition("}")[2]


def xml_text(data, lines, words) -> str:
    # No DTD (read_member): no entity to expand, nothing fetched.
    root = ElementTree.fromstring(data)  # noqa: S314
    found = []
    for element in root.iter():
        if local_name(element.tag) in lines:
            if words:
                inner = element.iter()
                found.append("".join(e.text or "" for e in inner if local_name(e.tag) == words))
            else:
                found.append("".join(element.itertext()))
    return "\n".join(line for line in found if line.strip())
