"""Real files for the document tests, made on the spot: a PDF with a text layer
(fpdf2), a scan (pages of Indonesian text drawn by Pillow, saved as a PDF of
images, with no text layer), a damaged PDF, and the document files holding them."""

import io
import subprocess
from datetime import date

from django.core.files.base import ContentFile
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

from documents.models import Document, DocumentFile

FONT_PATH = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
# An A4 page at 150 dpi: what an office scanner sends for letters.
SCAN_SIZE = (1240, 1754)


def text_pdf(pages) -> bytes:
    """One PDF page per string in `pages`, in Helvetica (a real text layer)."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def font(size):
    try:
        return ImageFont.truetype(FONT_PATH, size)
    except OSError:
        # Any TrueType font the machine has (fontconfig), else the tests cannot draw.
        found = subprocess.run(
            ["fc-match", "--format=%{file}", "sans:style=Regular"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        )
        return ImageFont.truetype(found.stdout, size)


def scanned_page(lines) -> Image.Image:
    """A white page with `lines` of black 40-pixel text, as a scanner sees a letter."""
    image = Image.new("L", SCAN_SIZE, 255)
    draw = ImageDraw.Draw(image)
    face = font(40)
    for row, line in enumerate(lines):
        draw.text((120, 150 + row * 70), line, fill=0, font=face)
    return image


def scanned_pdf(pages) -> bytes:
    """A PDF of page pictures only (no text layer): one per list of lines in `pages`."""
    images = [scanned_page(lines) for lines in pages]
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=150, save_all=True, append_images=images[1:])
    return out.getvalue()


def broken_pdf() -> bytes:
    """Starts like a PDF, then stops: an upload cut short."""
    return text_pdf(["Pengumuman rusak"])[:300]


def make_document(title="Keputusan KPU Kabupaten Nomor 12 Tahun 2024", **fields):
    slug = fields.pop("slug", None) or f"dok-{Document.objects.count() + 1}"
    return Document.objects.create(
        title=title,
        slug=slug,
        document_date=date(2024, 3, 1),
        information_class=Document.InformationClass.ANY_TIME,
        **fields,
    )


def make_document_file(content, name="surat.pdf", kind="pdf", document=None):
    """A saved DocumentFile holding `content`; nothing queued."""
    document = document or make_document()
    document_file = DocumentFile(
        document=document, original_name=name, kind=kind, size=len(content)
    )
    document_file.file.save(name, ContentFile(content), save=False)
    document_file.save()
    return document_file
