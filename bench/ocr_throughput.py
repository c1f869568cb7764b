"""OCR throughput on this machine: pages per minute of a scanned letter.

    .venv/bin/python -m bench.ocr_throughput [pages]     (make bench-ocr)

Draws a scan of `pages` pages (10 unless told) with Pillow, as
tests/documents/sample_files.py does (A4 at 150 dpi, 40-pixel Indonesian text,
no text layer), and reads it with documents/reading.read_pdf(): each page drawn
at 300 dpi by PDFium and read by Tesseract (`-l ind`), one page after another,
as one worker process does. Prints pages per minute and seconds per page; a
worker with --concurrency N reads about N times as many on N free cores.
Needs no database.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LINES = [
    "KOMISI PEMILIHAN UMUM KABUPATEN",
    "PENGUMUMAN Nomor {page}/PL.01-Pu/3201/2024",
    "Tentang rekrutmen anggota Panitia Pemilihan Kecamatan",
    "dan Panitia Pemungutan Suara untuk Pemilihan Umum",
    "Tahun 2024. Pendaftaran dibuka di kantor KPU",
    "Kabupaten setiap hari kerja pukul 08.00 sampai",
    "16.00 WIB dengan membawa salinan KTP elektronik,",
    "ijazah terakhir dan surat keterangan sehat.",
    "Daftar Pemilih Tetap dapat dilihat di kantor desa.",
    "Demikian pengumuman ini untuk diketahui.",
]


def main(pages=10):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kpu_site.settings.development")
    django.setup()
    from documents.reading import read_pdf
    from tests.documents.sample_files import scanned_pdf

    scan = scanned_pdf([[line.format(page=page) for line in LINES] for page in range(1, pages + 1)])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pindaian.pdf"
        path.write_bytes(scan)
        started = time.perf_counter()
        result = read_pdf(path)
        seconds = time.perf_counter() - started
    read = sum("rekrutmen" in page.text.lower() for page in result.pages)
    size = len(scan) / 1e6
    print(f"{pages}-page scan ({size:.1f} MB), {os.cpu_count()} CPUs, one worker process")
    print(f"  {pages / seconds * 60:.1f} pages/min   {seconds / pages:.2f} s/page")
    print(f"  text source: {result.text_source()}, pages read back correctly: {read}/{pages}")


if __name__ == "__main__":
    main(*(int(argument) for argument in sys.argv[1:2]))
