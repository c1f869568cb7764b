"""Demo pages and people (load_demo_content): the office's profile pages, its
five commissioners and its secretariat, with drawn placeholder portraits.

All names are made up. Idempotent: pages are looked up by slug and people by
name, so a second run adds nothing and changes nothing an editor has changed.
"""

import random
from datetime import date
from io import BytesIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from news.renditions import make_cover_renditions
from publishing.processing import ProcessingStatus

from .models import Page, Person

PORTRAIT_SIZE = (600, 800)  # 3:4, as the organisation page draws them
BACKGROUNDS = ["#e8e1d9", "#dfe7ef", "#e6efe2", "#efe4ec", "#f2ead0"]
CLOTHES = ["#1f2a44", "#7f0a12", "#2f3b2f", "#3d3d3d", "#5b2a86"]


def _pages():
    office, region = settings.OFFICE_NAME, settings.OFFICE_REGION
    return [
        # slug, title, summary, body, parent slug, order, layout
        (
            "profil",
            "Profil",
            f"Mengenal {office}: visi dan misi, tugas dan wewenang, serta susunan organisasinya.",
            f"<p>{office} adalah penyelenggara pemilihan umum dan pemilihan kepala daerah "
            f"di wilayah {region}. Kami bekerja secara mandiri, terbuka, dan berpegang pada "
            "asas langsung, umum, bebas, rahasia, jujur, dan adil.</p>"
            "<p>Di halaman ini Anda dapat membaca arah kerja lembaga, tugas yang diberikan "
            "undang-undang kepada kami, serta siapa saja yang bertanggung jawab atas setiap "
            "bidang pekerjaan.</p>",
            None,
            1,
            Page.Layout.PLAIN,
        ),
        (
            "visi-dan-misi",
            "Visi dan Misi",
            "Arah kerja lembaga dalam menyelenggarakan pemilu dan pemilihan yang berintegritas.",
            "<h2>Visi</h2>"
            "<p>Terwujudnya penyelenggara pemilu yang mandiri, profesional, dan dipercaya "
            "masyarakat, sehingga setiap suara warga tercatat dan dihitung dengan benar.</p>"
            "<h2>Misi</h2>"
            "<ol>"
            "<li>Menyiapkan setiap tahapan pemilu dan pemilihan dengan perencanaan yang "
            "cermat, tepat waktu, dan tertib anggaran.</li>"
            "<li>Menjaga daftar pemilih yang akurat, mutakhir, dan terbuka untuk diperiksa "
            "oleh warga.</li>"
            "<li>Melayani peserta pemilu secara setara dan menurut aturan yang sama.</li>"
            "<li>Membuka informasi kepemiluan seluas-luasnya melalui layanan yang mudah "
            "dijangkau.</li>"
            "<li>Meningkatkan pengetahuan dan partisipasi pemilih, terutama pemilih pemula, "
            "penyandang disabilitas, dan warga di wilayah terpencil.</li>"
            "<li>Membangun sumber daya manusia penyelenggara yang berintegritas, termasuk "
            "badan ad hoc di kecamatan dan desa.</li>"
            "</ol>",
            "profil",
            1,
            Page.Layout.PLAIN,
        ),
        (
            "tugas-dan-wewenang",
            "Tugas dan Wewenang",
            "Tugas, wewenang, dan kewajiban KPU kabupaten menurut undang-undang pemilu.",
            "<p>Sebagai bagian dari Komisi Pemilihan Umum yang bersifat hierarkis, "
            f"{office} menjalankan tugas yang ditetapkan undang-undang tentang pemilihan "
            "umum dan pemilihan kepala daerah.</p>"
            "<h2>Tugas</h2>"
            "<ul>"
            "<li>Menjabarkan program dan melaksanakan anggaran serta jadwal tahapan di "
            "tingkat kabupaten.</li>"
            "<li>Memutakhirkan data pemilih berdasarkan data kependudukan dan menetapkannya "
            "sebagai daftar pemilih.</li>"
            "<li>Membentuk serta membimbing Panitia Pemilihan Kecamatan (PPK), Panitia "
            "Pemungutan Suara (PPS), dan Kelompok Penyelenggara Pemungutan Suara (KPPS).</li>"
            "<li>Melakukan rekapitulasi hasil penghitungan suara dari seluruh kecamatan dan "
            "mengumumkannya.</li>"
            "<li>Menyosialisasikan penyelenggaraan pemilu kepada masyarakat.</li>"
            "</ul>"
            "<h2>Wewenang</h2>"
            "<ul>"
            "<li>Menetapkan jadwal dan keputusan di tingkat kabupaten sesuai peraturan KPU.</li>"
            "<li>Menetapkan dan mengumumkan hasil rekapitulasi penghitungan suara.</li>"
            "<li>Menjatuhkan sanksi administratif kepada anggota badan ad hoc yang terbukti "
            "menghambat tahapan.</li>"
            "</ul>"
            "<h2>Kewajiban</h2>"
            "<ul>"
            "<li>Melaksanakan setiap tahapan secara tepat waktu.</li>"
            "<li>Memperlakukan peserta pemilu secara adil dan setara.</li>"
            "<li>Menyampaikan informasi penyelenggaraan pemilu kepada masyarakat.</li>"
            "<li>Mengelola arsip dan barang milik negara sesuai ketentuan.</li>"
            "</ul>",
            "profil",
            2,
            Page.Layout.PLAIN,
        ),
        (
            "struktur-organisasi",
            "Struktur Organisasi",
            "Anggota KPU kabupaten beserta divisinya, dan pejabat sekretariat yang mendukungnya.",
            f"<p>{office} dipimpin oleh lima anggota yang bekerja secara kolektif kolegial. "
            "Seorang di antaranya menjabat ketua, dan setiap anggota memimpin satu divisi. "
            "Pekerjaan administrasi dan teknis didukung oleh sekretariat yang dipimpin "
            "seorang sekretaris dengan beberapa subbagian.</p>",
            "profil",
            3,
            Page.Layout.PEOPLE,
        ),
        (
            "maklumat-pelayanan",
            "Maklumat Pelayanan",
            "Janji kami dalam memberikan pelayanan informasi dan kepemiluan kepada masyarakat.",
            "<p>Dengan ini kami menyatakan sanggup menyelenggarakan pelayanan sesuai standar "
            "yang telah ditetapkan, dan apabila tidak menepati janji ini, kami siap menerima "
            "sanksi sesuai peraturan perundang-undangan yang berlaku.</p>"
            "<h2>Standar pelayanan</h2>"
            "<ul>"
            "<li>Permohonan informasi publik dijawab paling lambat sepuluh hari kerja.</li>"
            "<li>Pengecekan status pemilih dilayani di kantor pada hari dan jam kerja, tanpa "
            "biaya.</li>"
            "<li>Setiap pengaduan dicatat, diberi nomor, dan ditindaklanjuti.</li>"
            "</ul>"
            "<p>Pelayanan tidak dipungut biaya apa pun. Laporkan setiap pungutan kepada "
            "sekretaris melalui kontak yang tercantum di bagian bawah halaman.</p>",
            None,
            2,
            Page.Layout.PLAIN,
        ),
    ]


TERM = (date(2023, 5, 24), date(2028, 5, 24))

# name, position, group, division slug (from news' demo divisions), order, term
PEOPLE = [
    (
        "Hendra Wicaksono",
        "Ketua",
        Person.Group.COMMISSIONER,
        "keuangan-umum-logistik",
        1,
        TERM,
    ),
    (
        "Sri Wahyuningsih",
        "Anggota Divisi Teknis Penyelenggaraan",
        Person.Group.COMMISSIONER,
        "teknis-penyelenggaraan",
        2,
        TERM,
    ),
    (
        "Ahmad Fauzan Hakim",
        "Anggota Divisi Perencanaan, Data, dan Informasi",
        Person.Group.COMMISSIONER,
        "perencanaan-data-informasi",
        3,
        TERM,
    ),
    (
        "Laila Nur Azizah",
        "Anggota Divisi Hukum dan Pengawasan",
        Person.Group.COMMISSIONER,
        "hukum-pengawasan",
        4,
        TERM,
    ),
    (
        "Yudha Pratama Putra",
        "Anggota Divisi Sosialisasi, Pendidikan Pemilih, Partisipasi Masyarakat, dan SDM",
        Person.Group.COMMISSIONER,
        "sosialisasi-parmas-sdm",
        5,
        TERM,
    ),
    ("Bambang Setiadi, S.Sos., M.Si.", "Sekretaris", Person.Group.SECRETARIAT, None, 1, None),
    (
        "Endah Puspitasari, S.E.",
        "Kepala Subbagian Keuangan, Umum, dan Logistik",
        Person.Group.SECRETARIAT,
        None,
        2,
        None,
    ),
    (
        "Nurul Hidayati, S.I.P.",
        "Kepala Subbagian Teknis Penyelenggaraan Pemilu, Partisipasi, dan Hubungan Masyarakat",
        Person.Group.SECRETARIAT,
        None,
        3,
        None,
    ),
    (
        "Rizky Ramadhan, S.H.",
        "Kepala Subbagian Hukum dan Sumber Daya Manusia",
        Person.Group.SECRETARIAT,
        None,
        4,
        None,
    ),
    (
        "Agus Setyawan, S.Kom.",
        "Kepala Subbagian Perencanaan, Data, dan Informasi",
        Person.Group.SECRETARIAT,
        None,
        5,
        None,
    ),
]


def draw_portrait(seed: str, initials: str) -> ContentFile:
    """A placeholder portrait: a head-and-shoulders silhouette and the initials."""
    rng = random.Random(seed)  # noqa: S311 (decoration, not security)
    width, height = PORTRAIT_SIZE
    background = rng.choice(BACKGROUNDS)
    clothes = rng.choice(CLOTHES)
    image = Image.new("RGB", PORTRAIT_SIZE, background)
    draw = ImageDraw.Draw(image)
    centre = width // 2
    draw.ellipse([centre - 280, 520, centre + 280, 1100], fill=clothes)
    draw.polygon([(centre - 60, 520), (centre + 60, 520), (centre, 640)], fill="white")
    draw.ellipse([centre - 130, 200, centre + 130, 480], fill="#c69c7b")
    draw.chord([centre - 140, 180, centre + 140, 400], 180, 360, fill="#2b2118")
    draw.text(
        (centre, 740), initials, fill=clothes, anchor="ms", font=ImageFont.load_default(size=64)
    )
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=82, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue(), name=f"{seed}.jpg")


def _initials(name):
    words = [word for word in name.split(",")[0].split() if word[0].isalpha()]
    return "".join(word[0] for word in words[:2]).upper()


def create_pages():
    """The profile pages, published now. Returns how many were created."""
    created = 0
    pages = {}
    for slug, title, summary, body, parent, order, layout in _pages():
        pages[slug], new = Page.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "summary": summary,
                "body": body,
                "parent": pages.get(parent),
                "order": order,
                "layout": layout,
                "status": Page.Status.PUBLISHED,
                "published_at": timezone.now(),
            },
        )
        created += new
    return created


def create_people(divisions):
    """Commissioners and secretariat, each with a drawn portrait and its renditions.

    `divisions`: {slug: Division}, as load_demo_content made them.
    """
    created = 0
    for name, position, group, division, order, term in PEOPLE:
        if Person.objects.filter(name=name).exists():
            continue
        person = Person(
            name=name,
            position=position,
            group=group,
            division=divisions.get(division),
            order=order,
            term_start=term[0] if term else None,
            term_end=term[1] if term else None,
        )
        person.photo = draw_portrait(f"orang-{order}-{group}", _initials(name))
        # Made here, not queued: a demo shows its photos at once.
        person.processing_status = ProcessingStatus.DONE
        person.save()
        make_cover_renditions(person, field="photo", share=False)
        created += 1
    return created


def load(divisions):
    """Pages and people; returns (pages created, people created)."""
    return create_pages(), create_people(divisions)
