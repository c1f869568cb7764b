"""Demo announcements (load_demo_content): five announcements of a district
office, one pinned, one already ended and one not valid yet, with their
validity set relative to the time of loading.

The wording is our own. Idempotent: announcements are looked up by slug, so a
second run adds nothing and changes nothing an editor has changed.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from news.models import Division

from .models import Announcement

# slug, title, division slug (news' demo divisions), summary, body, pinned,
# published (days ago), valid from (days from now), valid until (days from now)
ANNOUNCEMENTS = [
    (
        "rekrutmen-calon-anggota-pps",
        "Pendaftaran Calon Anggota Panitia Pemungutan Suara (PPS)",
        "sosialisasi-parmas-sdm",
        "Pendaftaran calon anggota PPS dibuka untuk warga setiap desa dan kelurahan. "
        "Berkas diserahkan ke sekretariat PPK kecamatan masing-masing.",
        "<p>{office} membuka kesempatan bagi warga yang memenuhi syarat untuk menjadi "
        "anggota Panitia Pemungutan Suara (PPS). Setiap desa atau kelurahan membutuhkan "
        "tiga orang anggota PPS.</p>"
        "<h2>Persyaratan utama</h2>"
        "<ul>"
        "<li>Warga negara Indonesia berusia paling rendah 17 tahun.</li>"
        "<li>Berdomisili di desa atau kelurahan tempat mendaftar.</li>"
        "<li>Tidak menjadi anggota partai politik, atau telah keluar paling singkat lima "
        "tahun sebelum mendaftar.</li>"
        "<li>Sehat jasmani dan rohani serta bebas dari penyalahgunaan narkotika.</li>"
        "<li>Berpendidikan paling rendah sekolah menengah atas atau sederajat.</li>"
        "</ul>"
        "<h2>Cara mendaftar</h2>"
        "<p>Formulir pendaftaran dan surat pernyataan tersedia di sekretariat PPK. Berkas "
        "yang lengkap diserahkan pada hari kerja pukul 08.00 sampai 16.00 waktu setempat. "
        "Pendaftaran tidak dipungut biaya apa pun.</p>",
        True,
        2,
        -2,
        12,
    ),
    (
        "tanggapan-masyarakat-daftar-pemilih-sementara",
        "Daftar Pemilih Sementara Diumumkan: Periksa Nama Anda",
        "perencanaan-data-informasi",
        "Daftar Pemilih Sementara (DPS) ditempel di kantor desa dan kelurahan. "
        "Warga dapat memeriksa namanya dan menyampaikan tanggapan.",
        "<p>Daftar Pemilih Sementara (DPS) hasil pencocokan dan penelitian kini diumumkan "
        "di setiap kantor desa dan kelurahan di wilayah {region}.</p>"
        "<p>Periksalah apakah nama, nomor induk kependudukan, dan alamat Anda tercatat "
        "dengan benar. Bila ada anggota keluarga yang belum terdaftar, sudah meninggal "
        "dunia, atau telah pindah domisili, sampaikan tanggapan kepada PPS setempat dengan "
        "membawa kartu keluarga atau KTP elektronik.</p>"
        "<p>Tanggapan masyarakat menjadi bahan perbaikan sebelum daftar pemilih ditetapkan.</p>",
        False,
        5,
        -5,
        9,
    ),
    (
        "penetapan-daftar-pemilih-tetap",
        "Penetapan Daftar Pemilih Tetap (DPT) Tingkat Kabupaten",
        "perencanaan-data-informasi",
        "Daftar Pemilih Tetap (DPT) telah ditetapkan dalam rapat pleno terbuka. "
        "Salinan DPT dapat dilihat di kantor desa, kelurahan, dan kantor kami.",
        "<p>Rapat pleno terbuka {office} telah menetapkan Daftar Pemilih Tetap (DPT) "
        "untuk seluruh kecamatan. Penetapan dihadiri oleh peserta pemilihan, Bawaslu, "
        "dan perwakilan pemerintah daerah.</p>"
        "<p>Pemilih yang belum tercatat dalam DPT masih dapat menggunakan hak pilihnya "
        "dengan menunjukkan KTP elektronik di TPS sesuai alamatnya, pada jam yang "
        "ditentukan.</p>",
        False,
        1,
        -1,
        30,
    ),
    (
        "hasil-seleksi-administrasi-calon-anggota-ppk",
        "Hasil Seleksi Administrasi Calon Anggota PPK",
        "sosialisasi-parmas-sdm",
        "Daftar calon anggota PPK yang lulus seleksi administrasi dan jadwal tes tertulis.",
        "<p>Berdasarkan hasil penelitian berkas, {office} mengumumkan nama-nama calon "
        "anggota Panitia Pemilihan Kecamatan (PPK) yang dinyatakan lulus seleksi "
        "administrasi.</p>"
        "<p>Peserta yang lulus wajib mengikuti tes tertulis berbasis komputer sesuai jadwal "
        "kecamatan masing-masing dan membawa KTP elektronik asli.</p>",
        False,
        25,
        -25,
        -3,
    ),
    (
        "undangan-uji-publik-rancangan-tps",
        "Undangan Uji Publik Rancangan Lokasi TPS",
        "teknis-penyelenggaraan",
        "Masyarakat diundang memberi masukan atas rancangan lokasi tempat pemungutan suara.",
        "<p>Sebelum lokasi tempat pemungutan suara (TPS) ditetapkan, {office} menggelar "
        "uji publik di setiap kecamatan. Warga, tokoh masyarakat, dan penyandang "
        "disabilitas diundang menilai apakah lokasi yang dirancang mudah dijangkau.</p>"
        "<p>Masukan juga dapat disampaikan secara tertulis ke sekretariat PPK.</p>",
        False,
        0,
        3,
        10,
    ),
]


def load_demo_announcements():
    """Creates the demo announcements that do not exist yet; returns how many it created.

    Each goes to the demo division of its slug, or else the first division; with
    no division at all there is nothing to file them under, and none is created.
    """
    divisions = {division.slug: division for division in Division.objects.all()}
    fallback = min(divisions.values(), key=lambda division: division.order, default=None)
    if fallback is None:
        return 0
    now = timezone.now()
    names = {"office": settings.OFFICE_NAME, "region": settings.OFFICE_REGION}
    created = 0
    for (
        slug,
        title,
        division,
        summary,
        body,
        pinned,
        published_days_ago,
        valid_from_days,
        valid_until_days,
    ) in ANNOUNCEMENTS:
        _announcement, new = Announcement.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "division": divisions.get(division, fallback),
                "summary": summary,
                "body": body.format(**names),
                "pinned": pinned,
                "status": Announcement.Status.PUBLISHED,
                "published_at": now - timedelta(days=published_days_ago, hours=1),
                "valid_from": now + timedelta(days=valid_from_days),
                "valid_until": now + timedelta(days=valid_until_days),
            },
        )
        created += new
    return created
