"""Demo public-information documents: one or two of every class, one excepted,
each with a small PDF drawn here (fpdf2) and read at once as the task queue
would (text per page and the preview), so the pages show them without a worker.

Idempotent: each document is looked up by slug first; a second run adds nothing.
"""

from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from fpdf import FPDF

from news.models import Division

from .models import Document, DocumentFile, FileKind, InformationClass
from .tasks import read_into_pages

# (slug, title, number, date, class, division slug, description, pages of text)
DOCUMENTS = [
    (
        "laporan-kinerja-tahunan-2025",
        "Laporan Kinerja Tahunan KPU Kabupaten Tahun 2025",
        "01/PR.01-Lap/3201/2026",
        date(2026, 1, 30),
        InformationClass.PERIODIC,
        "perencanaan-data-informasi",
        "Ringkasan capaian program, penggunaan anggaran dan kegiatan kantor selama "
        "satu tahun, disusun setiap awal tahun.",
        [
            "Laporan ini memuat capaian sasaran strategis kantor selama tahun 2025: "
            "pemeliharaan data pemilih berkelanjutan, pendidikan pemilih di sekolah dan "
            "desa, serta penataan arsip hasil pemilihan.",
            "Realisasi anggaran mencapai 94 persen dari pagu. Sisa anggaran berasal dari "
            "efisiensi perjalanan dinas dan pengadaan yang dilakukan secara daring.",
        ],
    ),
    (
        "keputusan-penetapan-dpt-pemilihan-2024",
        "Keputusan tentang Penetapan Daftar Pemilih Tetap Pemilihan Bupati 2024",
        "45 Tahun 2024",
        date(2024, 9, 20),
        InformationClass.ANY_TIME,
        "perencanaan-data-informasi",
        "Penetapan jumlah pemilih tetap per kecamatan hasil rapat pleno terbuka.",
        [
            "Menetapkan Daftar Pemilih Tetap Pemilihan Bupati dan Wakil Bupati Tahun 2024 "
            "sebanyak 812.406 pemilih yang tersebar di 31 kecamatan dan 2.417 TPS.",
            "Rekapitulasi per kecamatan tercantum dalam lampiran yang merupakan bagian "
            "tidak terpisahkan dari keputusan ini.",
        ],
    ),
    (
        "pengumuman-pemindahan-tps-banjir",
        "Pemberitahuan Pemindahan Lokasi TPS karena Banjir",
        "112/PL.02-Pu/3201/2024",
        date(2024, 11, 25),
        InformationClass.IMMEDIATE,
        "teknis-penyelenggaraan",
        "Lokasi pemungutan suara di dua desa dipindahkan ke tempat yang aman dari genangan.",
        [
            "Karena genangan air setinggi lutut, TPS 04 dan TPS 07 Desa Sukamaju dipindahkan "
            "ke halaman Balai Desa. Waktu pemungutan suara tidak berubah.",
        ],
    ),
    (
        "rencana-kerja-anggaran-2026",
        "Rencana Kerja dan Anggaran Satuan Kerja Tahun 2026",
        "",
        date(2025, 12, 15),
        InformationClass.PERIODIC,
        "keuangan-umum-logistik",
        "Program, kegiatan dan rincian anggaran kantor untuk tahun berjalan.",
        [
            "Rencana kerja tahun 2026 menitikberatkan pemeliharaan gudang logistik, "
            "pembaruan perangkat jaringan dan pelatihan operator data.",
        ],
    ),
    (
        "daftar-informasi-publik-2025",
        "Daftar Informasi Publik KPU Kabupaten Tahun 2025",
        "08/HK.03-Kpt/3201/2025",
        date(2025, 3, 10),
        InformationClass.ANY_TIME,
        "hukum-pengawasan",
        "Daftar seluruh informasi yang wajib tersedia setiap saat beserta penanggung jawabnya.",
        [
            "Daftar ini disusun oleh Pejabat Pengelola Informasi dan Dokumentasi (PPID) "
            "dan ditinjau setiap tahun.",
        ],
    ),
    (
        "berita-acara-pengamanan-gudang-logistik",
        "Berita Acara Rapat Pengamanan Gudang Logistik",
        "17/BA/LOG/2024",
        date(2024, 10, 2),
        InformationClass.EXCEPTED,
        "keuangan-umum-logistik",
        "Denah gudang, jadwal penjagaan dan kode akses: dikecualikan demi keamanan logistik.",
        [
            "Rapat membahas jadwal penjagaan gudang dan penempatan petugas. Isi dokumen "
            "ini dikecualikan dari informasi publik.",
        ],
    ),
]


def draw_pdf(title, number, pages):
    """A small letter-like PDF: the office's heading, the title, a page of text each."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=20)
    for index, text in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 14)
        pdf.cell(0, 8, "KOMISI PEMILIHAN UMUM KABUPATEN", align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.line(20, pdf.get_y() + 2, 190, pdf.get_y() + 2)
        pdf.ln(8)
        pdf.set_font("Helvetica", "B", 12)
        pdf.multi_cell(0, 7, title.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
        if number:
            pdf.set_font("Helvetica", "", 11)
            pdf.cell(0, 7, f"Nomor: {number}", align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)
        pdf.set_font("Helvetica", "", 11)
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        pdf.set_font("Helvetica", "I", 9)
        pdf.cell(0, 6, f"Halaman {index} dari {len(pages)}", align="R")
    return bytes(pdf.output())


def load_demo_documents():
    """The demo documents, published a day ago, each with its PDF read. Returns
    the number of documents added."""
    divisions = {division.slug: division for division in Division.objects.all()}
    published_at = timezone.now() - timedelta(days=1)
    added = 0
    for slug, title, number, day, information_class, division, description, pages in DOCUMENTS:
        if Document.objects.filter(slug=slug).exists():
            continue
        with transaction.atomic():
            document = Document.objects.create(
                slug=slug,
                title=title,
                number=number,
                document_date=day,
                information_class=information_class,
                division=divisions.get(division),
                description=description,
                status=Document.Status.PUBLISHED,
                published_at=published_at,
            )
            content = draw_pdf(title, number, pages)
            file = DocumentFile(
                document=document,
                original_name=f"{slug}.pdf",
                kind=FileKind.PDF,
                size=len(content),
                page_count=len(pages),
            )
            file.file.save(f"{slug}.pdf", ContentFile(content), save=False)
            file.save()
        # Text and preview now, not by a worker: a demo must show them at once.
        read_into_pages(file.pk)
        added += 1
    return added
