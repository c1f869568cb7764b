"""Fills the benchmark database with a site at scale: 10,000 articles and their views.

    DJANGO_SETTINGS_MODULE=kpu_site.settings.production DATABASE_URL=…/kpu_site_bench \
        python -m bench.loader TARGETS_JSON PATHS_FILE

bench/run.py calls it (with a migrated, empty or already loaded database). A
comment on the database marks a finished load, so a second run only writes the
target files; `make bench BENCH_REBUILD=1` drops the database first.

Bulk inserts and generate_series keep the load to a minute or so: saving
10,000 articles one by one (and drawing 10,000 covers) would take most of an hour.
"""

import json
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

import django

MARKER = "kpu_site bench data v1"
ARTICLE_COUNT = 10_000
TAG_COUNT = 200
AUTHOR_COUNT = 10
DAYS_OF_VIEWS = 90
YEARS_OF_ARTICLES = 3
# A few real covers (drawn and resized once), shared by most articles.
COVER_COUNT = 6
COVERED_SHARE = 0.7
FEATURED_SHARE = 0.01
BATCH = 500

WORDS = """
pemilu pemilihan umum komisi kabupaten kecamatan desa kelurahan panitia pemungutan
suara penghitungan rekapitulasi tahapan jadwal daftar pemilih tetap sementara
pemutakhiran data pencocokan penelitian coklit petugas badan adhoc ppk pps kpps
logistik surat kotak bilik tinta distribusi gudang sosialisasi pendidikan
partisipasi masyarakat pemuda perempuan disabilitas relawan demokrasi kampanye
peserta partai politik calon anggota dewan perwakilan rakyat daerah bupati wakil
gubernur presiden pelantikan sumpah janji rapat pleno terbuka hasil berita acara
keputusan peraturan pedoman teknis bimbingan pelatihan pengawasan pengawas bawaslu
sengketa gugatan mahkamah konstitusi putusan laporan anggaran pertanggungjawaban
keuangan pengadaan barang jasa kantor sekretariat ketua sekretaris divisi kepala
subbagian staf pegawai aparatur koordinasi kerja sama pemerintah kepolisian
keamanan ketertiban lancar aman tertib jujur adil langsung bebas rahasia integritas
transparan akuntabel profesional netral independen pelayanan informasi publik
dokumentasi hukum jaringan sistem aplikasi sirekap sidalih silon sipol teknologi
verifikasi administrasi faktual dukungan syarat pencalonan penetapan nomor urut
dapil kursi alokasi ambang batas perolehan wilayah tps lokasi warga hak pilih
menggunakan menyampaikan menyelenggarakan melaksanakan menetapkan mengumumkan
mengikuti menghadiri membuka menutup menyerahkan menerima memeriksa memastikan
mengajak mendorong meningkatkan menjelaskan mengingatkan menyiapkan menyusun
tahun bulan minggu hari pagi siang sore malam pukul waktu tempat acara kegiatan
ruang aula gedung balai kota jalan nomor serta dengan untuk dalam pada oleh dari
kepada bagi agar sehingga karena namun tetapi juga akan telah sudah masih sedang
dapat harus perlu seluruh semua setiap para beberapa banyak sejumlah sekitar
""".split()

TAG_WORDS = """
pemilu pilkada pileg pilpres coklit dpt logistik sosialisasi rekapitulasi
pencalonan kampanye pleno bimtek relawan pemilih-pemula disabilitas perempuan
sirekap sidalih silon jdih anggaran pengadaan ppk pps kpps tps verifikasi
sengketa integritas humas pendidikan-pemilih partisipasi data informasi
""".split()

FIRST_NAMES = "Rina Bagus Dewi Andi Sri Eko Fitri Hendra Lestari Yusuf".split()
LAST_NAMES = "Kartikasari Prasetyo Anggraini Saputra Wahyuni Santoso Rahmawati".split()


def sentence(rng, low=8, high=18):
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(4, 7)))


def body(rng):
    """About 3 to 6 KB of HTML, as CKEditor writes it: paragraphs and a subheading."""
    parts = [f"<p>{paragraph(rng)}</p>" for _ in range(rng.randint(5, 9))]
    parts.insert(2, f"<h2>{sentence(rng, 3, 6)[:-1]}</h2>")
    return "".join(parts)


def is_loaded(cursor):
    cursor.execute(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
        "WHERE datname = current_database()"
    )
    return cursor.fetchone()[0] == MARKER


def load(rng):
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.text import slugify
    from taggit.models import Tag, TaggedItem

    from news.demo.covers import draw_cover
    from news.management.commands.load_demo_content import DIVISIONS
    from news.models import Article, Author, DailyViews, Division
    from news.renditions import make_cover_renditions

    now = timezone.now()
    with transaction.atomic():
        divisions = Division.objects.bulk_create(
            Division(slug=slug, name=name, description=description, order=order)
            for order, (slug, name, description) in enumerate(DIVISIONS, start=1)
        )
        authors = Author.objects.bulk_create(
            Author(
                slug=f"penulis-{index + 1}",
                name=f"{FIRST_NAMES[index]} {LAST_NAMES[index % len(LAST_NAMES)]}",
                signature=FIRST_NAMES[index][:3],
                bio=sentence(rng),
            )
            for index in range(AUTHOR_COUNT)
        )
        tag_names = sorted(
            {f"{rng.choice(TAG_WORDS)} {rng.choice(WORDS)}" for _ in range(TAG_COUNT * 3)}
        )[:TAG_COUNT]
        tags = Tag.objects.bulk_create(Tag(name=name, slug=slugify(name)) for name in tag_names)

        span = timedelta(days=365 * YEARS_OF_ARTICLES).total_seconds()
        articles = []
        for index in range(ARTICLE_COUNT):
            title = sentence(rng, 5, 10)[:-1]
            articles.append(
                Article(
                    title=title[:200],
                    slug=f"{slugify(title)[:180]}-{index + 1}",
                    lead=sentence(rng, 14, 24)[:300],
                    body=body(rng),
                    author=rng.choice(authors),
                    division=rng.choice(divisions),
                    status=Article.Status.PUBLISHED,
                    # Never later than now: scheduled articles would end the page
                    # cache's generation as they go live, mid-run.
                    published_at=now - timedelta(seconds=rng.uniform(60, span)),
                    featured=rng.random() < FEATURED_SHARE,
                )
            )
        for start in range(0, ARTICLE_COUNT, BATCH):
            Article.objects.bulk_create(articles[start : start + BATCH])

        article_type = ContentType.objects.get_for_model(Article)
        TaggedItem.objects.bulk_create(
            (
                TaggedItem(content_type=article_type, object_id=article.pk, tag=tag)
                for article in articles
                for tag in rng.sample(tags, rng.randint(3, 5))
            ),
            batch_size=5000,
        )

        today = timezone.localdate()
        with connection.cursor() as cursor:
            # Every article, every day of the last 90: skewed so "most read" has a top.
            cursor.execute(
                f"INSERT INTO {DailyViews._meta.db_table} (article_id, date, views) "  # noqa: S608
                "SELECT a.id, d::date, (random() * random() * 400)::int "
                f"FROM {Article._meta.db_table} a, "
                "generate_series(%s::date - %s, %s::date, interval '1 day') d",
                [today, DAYS_OF_VIEWS - 1, today],
            )
            cursor.execute(
                f"UPDATE {Article._meta.db_table} a SET view_count = v.total "  # noqa: S608
                f"FROM (SELECT article_id, sum(views) AS total FROM {DailyViews._meta.db_table} "
                "GROUP BY article_id) v WHERE v.article_id = a.id"
            )

    # Real covers for a few articles (files, renditions, sorl's records), then
    # the same fields copied to most others: pages print a full <picture>.
    covered = rng.sample(articles, int(ARTICLE_COUNT * COVERED_SHARE))
    sources = covered[:COVER_COUNT]
    for index, article in enumerate(sources):
        article.cover = draw_cover(f"bench-{index}", "KPU Kabupaten Trenggalek", index)
        article.cover_alt = "Petugas menyiapkan kotak suara di gudang logistik"
        article.cover_caption = "Persiapan logistik pemilihan. (Foto: Humas)"
        article.save(update_fields=["cover", "cover_width", "cover_height", "cover_alt"])
        make_cover_renditions(article)
    fields = ["cover", "cover_width", "cover_height", "cover_alt", "cover_caption"]
    for index, article in enumerate(covered[COVER_COUNT:]):
        source = sources[index % COVER_COUNT]
        for field in [*fields, "cover_renditions"]:
            setattr(article, field, getattr(source, field))
    Article.objects.bulk_update(
        covered[COVER_COUNT:], [*fields, "cover_renditions"], batch_size=BATCH
    )


def check_covers():
    """The database outlives var/: warn when its cover files are gone."""
    from django.core.files.storage import default_storage

    from news.models import Article

    cover = Article.objects.exclude(cover="").values_list("cover", flat=True).first()
    if cover and not default_storage.exists(cover):
        print(f"Bench data: {cover} is missing; make bench BENCH_REBUILD=1 draws the covers again.")


def write_targets(targets_path, paths_path):
    """The pages run.py loads, and every article's path (shuffled) for the uncached run."""
    from django.db.models import Count
    from django.urls import reverse
    from taggit.models import Tag

    from news.models import Article, Division

    published = Article.objects.published()
    # The warm article: a typical one, with cover and tags, not on the home page.
    article = published.exclude(cover="").order_by("-published_at")[100]
    division = Division.objects.order_by("order").first()
    tag = Tag.objects.annotate(uses=Count("taggit_taggeditem_items")).order_by("-uses").first()
    targets = {
        "article": article.get_absolute_url(),
        "counter": reverse("news:count-view", kwargs={"slug": article.slug}),
        "counter_article_id": article.pk,
        "division": division.get_absolute_url(),
        "tag": reverse("news:tag", kwargs={"slug": tag.slug}),
        "article_count": published.count(),
    }
    Path(targets_path).write_text(json.dumps(targets, indent=2), encoding="utf-8")
    paths = [
        reverse("news:detail", kwargs={"slug": slug})
        for slug in published.values_list("slug", flat=True)
    ]
    random.Random(1).shuffle(paths)
    Path(paths_path).write_text("\n".join(paths) + "\n", encoding="utf-8")
    return targets


def main(targets_path, paths_path):
    django.setup()
    from django.db import connection

    with connection.cursor() as cursor:
        loaded = is_loaded(cursor)
    if loaded:
        print("Bench data: already loaded (make bench BENCH_REBUILD=1 reloads it).")
        check_covers()
    else:
        started = datetime.now().astimezone()
        load(random.Random(20240214))
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            name = connection.ops.quote_name(connection.settings_dict["NAME"])
            cursor.execute(f"COMMENT ON DATABASE {name} IS %s", [MARKER])
        elapsed = (datetime.now().astimezone() - started).total_seconds()
        print(f"Bench data: loaded in {elapsed:.0f} s.")
    targets = write_targets(targets_path, paths_path)
    print(f"Bench data: {targets['article_count']} published articles.")


if __name__ == "__main__":
    main(*sys.argv[1:3])
