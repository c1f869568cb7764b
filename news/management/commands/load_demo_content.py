"""Demo content for development and review: divisions, authors, articles, views.

Idempotent: everything is looked up by slug first, so a second run adds nothing.
"""

import json
import random
from datetime import datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.roles import ADMINISTRATOR, EDITOR, WRITER
from announcements.demo import load_demo_announcements
from documents.demo import load_demo_documents
from news.demo.covers import draw_cover
from news.models import Article, Author, DailyViews, Division
from news.renditions import make_cover_renditions
from office import demo as demo_office
from pages import demo as demo_pages

ARTICLES_FILE = Path(__file__).resolve().parents[2] / "demo" / "articles.json"

# The five divisions of a KPU kabupaten/kota office.
DIVISIONS = [
    (
        "teknis-penyelenggaraan",
        "Divisi Teknis Penyelenggaraan",
        "Tahapan pemungutan, penghitungan dan rekapitulasi suara, pencalonan, kampanye, "
        "serta pembentukan dan bimbingan teknis badan ad hoc.",
    ),
    (
        "perencanaan-data-informasi",
        "Divisi Perencanaan, Data, dan Informasi",
        "Perencanaan program dan anggaran, pemutakhiran data pemilih, serta pengelolaan "
        "sistem informasi dan data hasil pemilihan.",
    ),
    (
        "hukum-pengawasan",
        "Divisi Hukum dan Pengawasan",
        "Produk hukum, advokasi dan penyelesaian sengketa, jaringan dokumentasi dan "
        "informasi hukum (JDIH), serta pengawasan internal.",
    ),
    (
        "sosialisasi-parmas-sdm",
        "Divisi Sosialisasi, Pendidikan Pemilih, Partisipasi Masyarakat, dan SDM",
        "Sosialisasi dan pendidikan pemilih, peningkatan partisipasi masyarakat, "
        "hubungan masyarakat, serta pengembangan sumber daya manusia.",
    ),
    (
        "keuangan-umum-logistik",
        "Divisi Keuangan, Umum, dan Logistik",
        "Pengelolaan keuangan, barang milik negara, rumah tangga kantor, serta "
        "pengadaan dan distribusi logistik pemilihan.",
    ),
]

AUTHORS = [
    ("rina", "Rina Kartikasari", "Rin", "Staf Subbagian Teknis dan Hubungan Partisipasi."),
    ("bagus", "Bagus Prasetyo", "Bgs", "Pranata humas; meliput rapat pleno dan logistik."),
    ("dewi", "Dewi Anggraini", "Dew", "Staf Subbagian Perencanaan, Data, dan Informasi."),
]

# One account per role, for trying the site. Created only with DEBUG on, and
# marked is_demo: accounts/backends.py refuses them whenever DEBUG is off.
DEMO_USERS = [
    # username, password, role, name, author profile
    ("admin", "kpu-admin-dev", ADMINISTRATOR, "Admin Demo", None),
    ("redaktur", "kpu-redaktur-dev", EDITOR, "Bagus Prasetyo", "bagus"),
    ("penulis", "kpu-penulis-dev", WRITER, "Rina Kartikasari", "rina"),
]


class Command(BaseCommand):
    help = (
        "Create demo divisions, authors, articles with covers and view counts, pages, "
        "documents and announcements."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            divisions = self.create_divisions()
            authors = self.create_authors()
            created = self.create_articles(divisions, authors)
            demo_pages.load(divisions)
            demo_office.load()
            documents = load_demo_documents()
            announcements = load_demo_announcements()
        self.stdout.write(
            f"Demo content: {len(divisions)} divisions, {len(authors)} authors, "
            f"{created} new articles ({Article.objects.count()} in all), "
            f"{documents} new documents, {announcements} new announcements."
        )
        if settings.DEBUG:
            self.create_demo_users(authors)
        else:
            self.stdout.write("DEBUG is off: no development login was created.")

    def create_divisions(self):
        divisions = {}
        for order, (slug, name, description) in enumerate(DIVISIONS, start=1):
            divisions[slug], _ = Division.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description, "order": order}
            )
        return divisions

    def create_authors(self):
        authors = {}
        for key, name, signature, bio in AUTHORS:
            authors[key], _ = Author.objects.get_or_create(
                slug=key, defaults={"name": name, "signature": signature, "bio": bio}
            )
        return authors

    def create_articles(self, divisions, authors):
        entries = json.loads(ARTICLES_FILE.read_text(encoding="utf-8"))
        existing = set(Article.objects.values_list("slug", flat=True))
        today = timezone.localdate()
        created = 0
        for entry in entries:
            if entry["slug"] in existing:
                continue
            division = divisions[entry["division"]]
            hour, minute = (int(part) for part in entry["time"].split(":"))
            day = today - timedelta(days=entry["days_ago"])
            article = Article(
                title=entry["title"],
                slug=entry["slug"],
                lead=entry["lead"],
                body=entry["body"],
                cover_alt=entry["cover_alt"],
                cover_caption=entry["cover_caption"],
                author=authors[entry["author"]],
                division=division,
                status=Article.Status.PUBLISHED,
                published_at=timezone.make_aware(datetime.combine(day, time(hour, minute))),
                featured=entry["featured"],
            )
            article.cover = draw_cover(entry["slug"], settings.OFFICE_NAME, division.order - 1)
            article.save()
            make_cover_renditions(article)
            article.tags.set(entry["tags"])
            self.create_views(article, day, today)
            created += 1
        return created

    def create_views(self, article, published_on, today):
        """Plausible daily views: a burst after publication that fades, for up to 90 days."""
        rng = random.Random(article.slug)  # noqa: S311 (demo numbers)
        peak = rng.randrange(40, 400)
        buckets = []
        for age in range(min((today - published_on).days, 89) + 1):
            views = int(peak / (1 + age * 0.6)) + rng.randrange(0, 4)
            day = published_on + timedelta(days=age)
            if views:
                buckets.append(DailyViews(article=article, date=day, views=views))
        DailyViews.objects.bulk_create(buckets)
        # Days older than 90 are summed into the total only, as after pruning.
        older = rng.randrange(0, 30) * max((today - published_on).days - 89, 0)
        Article.objects.filter(pk=article.pk).update(
            view_count=sum(bucket.views for bucket in buckets) + older
        )

    def create_demo_users(self, authors):
        User = get_user_model()
        self.stdout.write(
            self.style.SUCCESS(f"Development logins at {reverse('admin:index')} (DEBUG only):")
        )
        for username, password, role, name, author_key in DEMO_USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                first_name, _space, last_name = name.partition(" ")
                user = User.objects.create_user(
                    username,
                    f"{username}@example.invalid",
                    password,
                    first_name=first_name,
                    last_name=last_name,
                    is_staff=True,
                    is_demo=True,
                )
                user.groups.set(Group.objects.filter(name=role))
                if author_key:
                    Author.objects.filter(pk=authors[author_key].pk, user=None).update(user=user)
            self.stdout.write(f"  {role:<14} {username:<10} {password}")
