"""Fills a benchmark database with a site at scale: N articles (10,000 by default) and their views,
2,000 public documents of 10 pages each and 200 announcements.

    DJANGO_SETTINGS_MODULE=kpu_site.settings.production DATABASE_URL=…/kpu_site_bench \
        python -m bench.loader TARGETS_JSON PATHS_FILE [--articles N]

bench/run.py calls it (with a migrated, empty or already loaded database). A
comment on the database marks a finished load and names its article count, so
a second run only writes the target files, and a database loaded at another
scale is refused; `make bench BENCH_REBUILD=1` drops the database first.

The shape grows with N as a busier office, or several, would: tags and authors
in proportion (200 and 10 per 10,000 articles, so a tag or author page lists as
many articles at every scale), the years of history and the articles per year
each by √(N / 10,000): 3 years at 10,000 articles, 10 at 100,000. The five
divisions stay five. Every article has a daily bucket for each of the last 90
days, the most-read box's worst case. Ids follow publication time, as on a site
that grew article by article.

Beside the articles, at every scale, the site search's other types: DOCUMENTS
public documents, each one file of PAGES_PER_DOCUMENT pages of text (about
WORDS_PER_PAGE words a page, from the articles' words, so a common word is on
nearly every page) with one word found in that document alone, on one of its
pages (its `marker`), and ANNOUNCEMENTS announcements. Their number does not
grow with the articles: an office's archive of letters grows with its years,
not with its news.

The rows go in as PostgreSQL's manual advises for bulk loads ("Populating a
Database"): COPY and INSERT … SELECT, with the tables' secondary indexes and
constraints dropped first and made again in one pass at the end. Most of the
time is PostgreSQL computing each article's search vector, so the articles go
in over WORKERS connections at once; the rest in two transactions around them. A
load that stops half-way leaves articles without the marker: main() refuses
such a database rather than add to it. The most-read box's weekly totals are
rebuilt from the buckets (news/most_read.py). The output's last lines give the
load's time, phase by phase.
"""

import argparse
import io
import json
import math
import queue
import random
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import django

MARKER = "kpu_site bench data v4, {articles} articles, {documents} documents"
DEFAULT_ARTICLES = 10_000
# Enough for the warm article (the 100th newest with a cover) and its lists.
MIN_ARTICLES = 500
# Per 10,000 articles: a tag or an author page lists as many articles at every scale.
TAGS_PER_10K = 200
AUTHORS_PER_10K = 10
YEARS_AT_10K = 3
DAYS_OF_VIEWS = 90
# A few real covers (drawn and resized once), shared by most articles.
COVER_COUNT = 6
COVERED_SHARE = 0.7
FEATURED_SHARE = 0.01
TAGS_PER_ARTICLE = (3, 5)
# Bodies are drawn from this many sentences: drawing every word of every body
# took four times as long (12 s for 100,000 bodies).
SENTENCE_POOL = 20_000
COPY_BATCH = 2_000
# Connections inserting articles at once, one per core of the bench machine: each
# backend computes the search vectors of its rows.
WORKERS = 2
# Tables filled in bulk: their secondary indexes and constraints are made after the rows.
BULK_TABLES = (
    "news_article",
    "news_dailyviews",
    "news_recentviews",
    "taggit_taggeditem",
    "documents_documentpage",
)
DOCUMENTS = 2_000
PAGES_PER_DOCUMENT = 10
WORDS_PER_PAGE = 300
ANNOUNCEMENTS = 200
PUBLIC_CLASSES = ("berkala", "serta_merta", "setiap_saat")

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


class BodyWriter:
    """About 3 to 6 KB of HTML, as CKEditor writes it: paragraphs and a subheading.

    Paragraphs are drawn from a pool of sentences made once: the words are the
    same few hundred either way, so search finds as much in them.
    """

    def __init__(self, rng):
        self.rng = rng
        self.sentences = [sentence(rng) for _ in range(SENTENCE_POOL)]

    def paragraph(self):
        return " ".join(self.rng.choices(self.sentences, k=self.rng.randint(4, 7)))

    def body(self):
        parts = [f"<p>{self.paragraph()}</p>" for _ in range(self.rng.randint(5, 9))]
        parts.insert(2, f"<h2>{sentence(self.rng, 3, 6)[:-1]}</h2>")
        return "".join(parts)


class Scale:
    """How much of everything N articles come with (the module's docstring says why)."""

    def __init__(self, articles):
        self.articles = articles
        growth = articles / 10_000
        self.tags = max(1, round(TAGS_PER_10K * growth))
        self.authors = max(1, round(AUTHORS_PER_10K * growth))
        self.years = max(1, math.ceil(YEARS_AT_10K * math.sqrt(growth)))

    @property
    def marker(self):
        return MARKER.format(articles=self.articles, documents=DOCUMENTS)

    def __str__(self):
        return (
            f"{self.articles} articles over {self.years} years, {self.tags} tags, "
            f"{self.authors} authors, {DAYS_OF_VIEWS} days of daily views, "
            f"{DOCUMENTS} documents of {PAGES_PER_DOCUMENT} pages, {ANNOUNCEMENTS} announcements"
        )


class Timer:
    """Seconds spent in each phase of the load, for its last line."""

    def __init__(self):
        self.phases = {}

    @contextmanager
    def phase(self, name):
        started = time.perf_counter()
        yield
        self.phases[name] = time.perf_counter() - started

    def __str__(self):
        total = sum(self.phases.values())
        parts = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in self.phases.items())
        return f"{total:.0f} s ({parts})"


def copy_value(value):
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, str):
        return (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def copy_batches(rows):
    """`rows` (tuples) as text for COPY, COPY_BATCH rows at a time."""
    batch = []
    for row in rows:
        batch.append("\t".join(copy_value(value) for value in row))
        if len(batch) == COPY_BATCH:
            yield "\n".join(batch) + "\n"
            batch = []
    if batch:
        yield "\n".join(batch) + "\n"


def copy_statement(table, columns):
    return f"COPY {table} ({', '.join(columns)}) FROM STDIN"


def copy_rows(cursor, table, columns, rows):
    """COPY `rows` (tuples in `columns` order) into `table`, in the cursor's transaction."""
    for batch in copy_batches(rows):
        cursor.copy_expert(copy_statement(table, columns), io.StringIO(batch))


def copy_in_parallel(table, columns, rows, workers=WORKERS):
    """COPY `rows` into `table` over `workers` connections of their own, each committing
    its share at the end.

    Each backend computes the search vectors of the rows it inserts, the load's
    longest part: one connection per core divides it. `rows` are drawn here, in
    order, so the data does not depend on which connection is faster.
    """
    from django.db import connection

    statement = copy_statement(table, columns)
    batches = queue.Queue(maxsize=workers * 2)

    def work():
        done = False
        try:
            raw = connection.get_new_connection(connection.get_connection_params())
            try:
                with raw.cursor() as cursor:
                    while (batch := batches.get()) is not None:
                        cursor.copy_expert(statement, io.StringIO(batch))
                    done = True
                raw.commit()
            finally:
                raw.close()
        except BaseException:
            # Take the rest, so that the loop below never waits for a dead worker.
            while not done and batches.get() is not None:
                pass
            raise

    with ThreadPoolExecutor(workers) as pool:
        futures = [pool.submit(work) for _ in range(workers)]
        try:
            for batch in copy_batches(rows):
                batches.put(batch)
        finally:
            # One end for each, failed or not: no worker waits for ever.
            for _ in futures:
                batches.put(None)
        for future in futures:
            future.result()


def drop_indexes(cursor, tables):
    """Drop the secondary indexes, unique and foreign-key constraints of `tables`, and
    return what make_indexes() needs to make them again, each in one pass over the rows.

    Kept up row by row, they cost more than the rows themselves: 9 million daily
    views go in about twice as fast without, and each of their foreign-key
    checks would lock an article row. Primary keys stay. The definitions are read
    from the catalogue, so they are the migrations' own, whatever they become.
    """
    cursor.execute(
        "SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid) "
        "FROM pg_constraint WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('u', 'f') "
        # Foreign keys first: nothing then depends on the unique constraints.
        "ORDER BY contype = 'u'",
        [list(tables)],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index i "
        "WHERE indrelid = ANY(%s::regclass[]) AND NOT EXISTS ("
        "  SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid "
        "  AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x'))",
        [list(tables)],
    )
    indexes = cursor.fetchall()
    for table, name, _definition in constraints:
        cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {name}")
    return constraints, indexes


def make_indexes(cursor, dropped):
    """Make again what drop_indexes() dropped."""
    constraints, indexes = dropped
    for _name, definition in indexes:
        cursor.execute(definition)
    # Unique constraints before the foreign keys that may rest on them.
    for table, name, definition in reversed(constraints):
        cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")


def create_cover_sources(rng, writer, now, author, division):
    """COVER_COUNT articles with real covers (files, renditions, sorl's records), saved
    one by one; the other covered articles reuse their fields, so pages print a
    full <picture> without thousands of files. Returns the saved articles.
    """
    from django.utils.text import slugify

    from news.demo.covers import draw_cover
    from news.models import Article
    from news.renditions import make_cover_renditions

    sources = []
    for index in range(COVER_COUNT):
        title = sentence(rng, 5, 10)[:-1]
        article = Article(
            title=title[:200],
            slug=f"{slugify(title)[:180]}-sampul-{index + 1}",
            lead=sentence(rng, 14, 24)[:300],
            body=writer.body(),
            author=author,
            division=division,
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(days=rng.uniform(1, 365)),
            cover=draw_cover(f"bench-{index}", "KPU Kabupaten Trenggalek", index),
            cover_alt="Petugas menyiapkan kotak suara di gudang logistik",
            cover_caption="Persiapan logistik pemilihan. (Foto: Humas)",
        )
        article.save()
        make_cover_renditions(article)
        sources.append(article)
    return sources


ARTICLE_COLUMNS = (
    "id",
    "title",
    "slug",
    "lead",
    "body",
    "cover",
    "cover_width",
    "cover_height",
    "cover_alt",
    "cover_caption",
    "cover_renditions",
    "status",
    "published_at",
    "featured",
    "view_count",
    "version",
    "created_at",
    "updated_at",
    "author_id",
    "division_id",
)


def article_rows(rng, writer, scale, first_id, now, authors, divisions, sources, view_totals):
    """The articles after the cover sources, as COPY rows, oldest first from `first_id`."""
    from django.utils.text import slugify

    from news.models import Article

    count = scale.articles - len(sources)
    span = timedelta(days=365 * scale.years).total_seconds()
    # Never later than now: scheduled articles would end the page cache's
    # generation as they go live, mid-run.
    ages = sorted((rng.uniform(60, span) for _ in range(count)), reverse=True)
    no_cover = ("", None, None, "", "", "{}")
    covers = [
        (
            source.cover.name,
            source.cover_width,
            source.cover_height,
            source.cover_alt,
            source.cover_caption,
            json.dumps(source.cover_renditions),
        )
        for source in sources
    ]
    for index, age in enumerate(ages):
        pk = first_id + index
        title = sentence(rng, 5, 10)[:-1][:200]
        published_at = now - timedelta(seconds=age)
        cover = rng.choice(covers) if rng.random() < COVERED_SHARE else no_cover
        yield (
            pk,
            title,
            f"{slugify(title)[:180]}-{pk}",
            sentence(rng, 14, 24)[:300],
            writer.body(),
            *cover,
            Article.Status.PUBLISHED.value,
            published_at,
            rng.random() < FEATURED_SHARE,
            view_totals.get(pk, 0),
            1,
            # Written when published, last changed then: what the admin sorts on.
            published_at,
            published_at,
            rng.choice(authors).pk,
            rng.choice(divisions).pk,
        )


# A document's marker: "arsip" and three of these consonants, so that no stemmer's
# suffix ("-kan", "-i", "-nya", "-lah") can make two documents' markers one word.
MARKER_LETTERS = "bcdfgjmprstvwxyz"


def document_marker(index):
    letters = len(MARKER_LETTERS)
    code = "".join(MARKER_LETTERS[index // letters**power % letters] for power in (2, 1, 0))
    return f"arsip{code}"


DOCUMENT_KINDS = ("Keputusan", "Pengumuman", "Berita Acara", "Surat Edaran", "Laporan")


def create_documents(rng, scale, now, divisions):
    """DOCUMENTS public documents and their files (pages come from document_page_rows()),
    DOCUMENTS // 40 excepted ones beside them, and ANNOUNCEMENTS announcements.
    Returns the public documents' (id, file id, marker page) in order."""
    from django.utils.text import slugify

    from announcements.models import Announcement
    from documents.models import Document, DocumentFile

    span = timedelta(days=365 * scale.years).total_seconds()
    documents = []
    for index in range(DOCUMENTS + DOCUMENTS // 40):
        published_at = now - timedelta(seconds=rng.uniform(60, span))
        kind = rng.choice(DOCUMENT_KINDS)
        title = f"{kind} KPU Kabupaten {sentence(rng, 4, 9)[:-1]}"[:300]
        documents.append(
            Document(
                title=title,
                slug=f"{slugify(title)[:180]}-{index + 1}",
                number=f"{index + 1}/PL.01-Kpt/3503/{published_at.year}",
                document_date=published_at.date(),
                information_class=(
                    rng.choice(PUBLIC_CLASSES) if index < DOCUMENTS else "dikecualikan"
                ),
                division=rng.choice(divisions),
                description=sentence(rng, 14, 24),
                status=Document.Status.PUBLISHED,
                published_at=published_at,
            )
        )
    documents = Document.objects.bulk_create(documents, batch_size=1000)
    files = DocumentFile.objects.bulk_create(
        (
            DocumentFile(
                document=document,
                file=f"bench/{document.slug}.pdf",
                original_name=f"{document.slug}.pdf",
                kind="pdf",
                size=PAGES_PER_DOCUMENT * 40_000,
                page_count=PAGES_PER_DOCUMENT,
                text_source="text",
                processing_status="done",
            )
            for document in documents
        ),
        batch_size=1000,
    )
    announcements = []
    for index in range(ANNOUNCEMENTS):
        title = f"Pengumuman {sentence(rng, 4, 9)[:-1]}"[:200]
        published_at = now - timedelta(seconds=rng.uniform(60, span))
        announcements.append(
            Announcement(
                title=title,
                slug=f"{slugify(title)[:180]}-{index + 1}",
                summary=sentence(rng, 14, 24)[:300],
                body="".join(f"<p>{sentence(rng)} {sentence(rng)}</p>" for _ in range(4)),
                division=rng.choice(divisions),
                valid_from=published_at,
                valid_until=published_at + timedelta(days=rng.randint(7, 60)),
                status=Announcement.Status.PUBLISHED,
                published_at=published_at,
            )
        )
    Announcement.objects.bulk_create(announcements, batch_size=1000)
    return [
        (document.pk, file.pk, rng.randint(1, PAGES_PER_DOCUMENT))
        for document, file in zip(documents[:DOCUMENTS], files, strict=False)
    ]


def document_page_rows(rng, writer, documents):
    """Every public document's pages as COPY rows (file, document, number, text): about
    WORDS_PER_PAGE words each, its marker on one page."""
    sentences_per_page = WORDS_PER_PAGE // 13
    for index, (document_id, file_id, marker_page) in enumerate(documents):
        for number in range(1, PAGES_PER_DOCUMENT + 1):
            text = " ".join(rng.choices(writer.sentences, k=sentences_per_page))
            if number == marker_page:
                cut = text.index(" ", len(text) // 2)
                text = f"{text[:cut]} {document_marker(index)}{text[cut:]}"
            yield (file_id, document_id, number, text)


PAGE_COLUMNS = ("file_id", "document_id", "number", "text")


def load(rng, scale, timer):
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone

    from documents.models import DocumentPage
    from news import most_read
    from news.models import Article, DailyViews

    now = timezone.now()
    writer = BodyWriter(rng)
    with transaction.atomic(), connection.cursor() as cursor:
        # First: a table with pending foreign-key checks cannot be altered.
        dropped = drop_indexes(cursor, BULK_TABLES)
        # The pages' triggers would write each document's text_vector batch by
        # batch, reading the pages without their index: written once at the end.
        # (A load stopped half-way leaves them off; main() refuses that database.)
        cursor.execute(f"ALTER TABLE {DocumentPage._meta.db_table} DISABLE TRIGGER USER")
        with timer.phase("covers"):
            divisions, authors, tags = create_vocabulary(rng, scale)
            sources = create_cover_sources(rng, writer, now, authors[0], divisions[0])
        with timer.phase("documents"):
            documents = create_documents(rng, scale, now, divisions)
        cursor.execute(f"SELECT max(id) FROM {Article._meta.db_table}")  # noqa: S608
        first_id = cursor.fetchone()[0] + 1
        ids = [source.pk for source in sources] + list(
            range(first_id, first_id + scale.articles - len(sources))
        )
        with timer.phase("daily views"):
            # Before the articles (the foreign key is made at the end), so that each
            # article goes in with its total: no second write of every article.
            # Every article, every day: skewed so that "most read" has a top.
            today = timezone.localdate()
            cursor.execute(
                f"INSERT INTO {DailyViews._meta.db_table} (article_id, date, views) "  # noqa: S608
                "SELECT a.id, d::date, (random() * random() * 400)::int "
                "FROM unnest(%s::bigint[]) a(id), "
                "generate_series(%s::date - %s, %s::date, interval '1 day') d",
                [ids, today, DAYS_OF_VIEWS - 1, today],
            )
            cursor.execute(
                f"SELECT article_id, sum(views) FROM {DailyViews._meta.db_table} "  # noqa: S608
                "GROUP BY article_id"
            )
            view_totals = dict(cursor.fetchall())

    # Committed: the articles go in over connections of their own. Should the load
    # stop from here on, the database has articles and no marker, and main() refuses it.
    with timer.phase("articles"):
        copy_in_parallel(
            Article._meta.db_table,
            ARTICLE_COLUMNS,
            article_rows(
                rng, writer, scale, first_id, now, authors, divisions, sources, view_totals
            ),
        )
    with timer.phase("document pages"):
        copy_in_parallel(
            DocumentPage._meta.db_table, PAGE_COLUMNS, document_page_rows(rng, writer, documents)
        )

    with transaction.atomic(), connection.cursor() as cursor:
        # Index builds sort in memory rather than on disk (the default is 64 MB).
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for source in sources:
            source.view_count = view_totals[source.pk]
        Article.objects.bulk_update(sources, ["view_count"])
        # Ids were given, not drawn: the next article saved in the admin gets one
        # after them.
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
            [Article._meta.db_table, ids[-1]],
        )
        with timer.phase("tags"):
            article_type = ContentType.objects.get_for_model(Article).pk
            copy_rows(
                cursor,
                Article.tags.through._meta.db_table,
                ("content_type_id", "object_id", "tag_id"),
                (
                    (article_type, pk, tag.pk)
                    for pk in ids
                    for tag in rng.sample(tags, min(len(tags), rng.randint(*TAGS_PER_ARTICLE)))
                ),
            )
        with timer.phase("rollups"):
            # The most-read box's weekly totals, from the buckets just written.
            most_read.rebuild(today)
        with timer.phase("indexes"):
            make_indexes(cursor, dropped)
        with timer.phase("document text"):
            # What the triggers write (documents/migrations/0002_document_text_vector.py).
            cursor.execute(f"ALTER TABLE {DocumentPage._meta.db_table} ENABLE TRIGGER USER")
            cursor.execute(
                "SELECT documents_write_text_vector(ARRAY("
                f"SELECT DISTINCT document_id FROM {DocumentPage._meta.db_table} ORDER BY 1))"  # noqa: S608
            )
        name = connection.ops.quote_name(connection.settings_dict["NAME"])
        cursor.execute(f"COMMENT ON DATABASE {name} IS %s", [scale.marker])


def create_vocabulary(rng, scale):
    """The divisions, authors and tags articles are drawn from."""
    from django.utils.text import slugify
    from taggit.models import Tag

    from news.management.commands.load_demo_content import DIVISIONS
    from news.models import Author, Division

    divisions = Division.objects.bulk_create(
        Division(slug=slug, name=name, description=description, order=order)
        for order, (slug, name, description) in enumerate(DIVISIONS, start=1)
    )
    authors = Author.objects.bulk_create(
        Author(
            slug=f"penulis-{index + 1}",
            name=(
                f"{FIRST_NAMES[index % len(FIRST_NAMES)]} "
                f"{LAST_NAMES[(index + index // len(FIRST_NAMES)) % len(LAST_NAMES)]}"
            ),
            signature=f"{FIRST_NAMES[index % len(FIRST_NAMES)][:3]}{index // 10 or ''}",
            bio=sentence(rng),
        )
        for index in range(scale.authors)
    )
    # Every pair of a tag word and a word, in a random order; numbered past the
    # last pair, so there are as many distinct tags as asked.
    pairs = [f"{tag} {word}" for tag in TAG_WORDS for word in sorted(set(WORDS))]
    rng.shuffle(pairs)
    names = [
        pairs[index % len(pairs)] + (f" {index // len(pairs)}" if index >= len(pairs) else "")
        for index in range(scale.tags)
    ]
    tags = Tag.objects.bulk_create(
        (Tag(name=name, slug=slugify(name)) for name in names), batch_size=1000
    )
    return divisions, authors, tags


def database_state(cursor):
    """The marker of the last finished load, and whether any article is there."""
    cursor.execute(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
        "WHERE datname = current_database()"
    )
    marker = cursor.fetchone()[0]
    cursor.execute("SELECT EXISTS (SELECT 1 FROM news_article)")
    return marker, cursor.fetchone()[0]


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
    from django.db.models.functions import TruncMonth
    from django.urls import reverse
    from django.utils.http import urlencode
    from taggit.models import Tag

    from news.models import Article, Author, Division

    published = Article.objects.published()
    # The warm article: a typical one, with cover and tags, not on the home page.
    article = published.exclude(cover="").order_by("-published_at")[100]
    division = Division.objects.order_by("order").first()
    # The tag, author and month with the most articles: each list's worst case.
    tag = Tag.objects.annotate(uses=Count("taggit_taggeditem_items")).order_by("-uses").first()
    author = Author.objects.get(
        pk=published.values("author")
        .annotate(count=Count("pk"))
        .order_by("-count", "author")
        .values_list("author", flat=True)
        .first()
    )
    month = (
        published.annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("-count", "-month")
        .values_list("month", flat=True)
        .first()
    )
    targets = {
        # One word in one document's page: the search's rare case (SEARCH in
        # bench/run.py is its common one).
        "search_document": reverse("search:search")
        + "?"
        + urlencode({"q": document_marker(DOCUMENTS // 2)}),
        "article": article.get_absolute_url(),
        "counter": reverse("news:count-view", kwargs={"slug": article.slug}),
        "counter_article_id": article.pk,
        "division": division.get_absolute_url(),
        "division_feed": reverse("news:division-feed", kwargs={"slug": division.slug}),
        "tag": reverse("news:tag", kwargs={"slug": tag.slug}),
        "author": author.get_absolute_url(),
        "month": reverse("news:archive-month", kwargs={"year": month.year, "month": month.month}),
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


def article_count(text):
    count = int(text)
    if count < MIN_ARTICLES:
        raise argparse.ArgumentTypeError(f"at least {MIN_ARTICLES}")
    return count


def parse_arguments(arguments):
    parser = argparse.ArgumentParser(
        prog="python -m bench.loader", description=__doc__.split("\n")[0]
    )
    parser.add_argument("targets", help="where to write the pages run.py loads (JSON)")
    parser.add_argument("paths", help="where to write every article's path, shuffled")
    parser.add_argument(
        "--articles", type=article_count, default=DEFAULT_ARTICLES, help="default %(default)s"
    )
    return parser.parse_args(arguments)


def main(arguments):
    options = parse_arguments(arguments)
    scale = Scale(options.articles)
    django.setup()
    from django.db import connection

    with connection.cursor() as cursor:
        marker, has_articles = database_state(cursor)
    name = connection.settings_dict["NAME"]
    if marker == scale.marker:
        print(f"Bench data: {name} already loaded (make bench BENCH_REBUILD=1 reloads it).")
        check_covers()
    elif marker or has_articles:
        sys.exit(
            f"Bench data: {name} holds other data ({marker or 'an unfinished load'}), "
            f"not “{scale.marker}”. Run make bench BENCH_REBUILD=1 to drop and reload it."
        )
    else:
        print(f"Bench data: loading {scale} into {name}…")
        timer = Timer()
        load(random.Random(20240214), scale, timer)
        with connection.cursor() as cursor, timer.phase("vacuum"):
            # Statistics for the planner, and the visibility map that lets the
            # most-read box read the daily views from their index alone.
            cursor.execute("VACUUM ANALYZE")
        print(f"Bench data: loaded in {timer}.")
    targets = write_targets(options.targets, options.paths)
    print(f"Bench data: {targets['article_count']} published articles.")


if __name__ == "__main__":
    main(sys.argv[1:])
