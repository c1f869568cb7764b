"""Responsive covers: renditions made once on save, printed from stored data."""

from html.parser import HTMLParser
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib import admin as django_admin
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from news import renditions
from news.models import Article, CoverProcessing
from news.renditions import make_cover_renditions
from news.tasks import make_article_cover_renditions
from tests.factories import ArticleFactory, AuthorFactory, DivisionFactory
from tests.images import image_bytes, upload
from tests.task_worker import wait_for

pytestmark = pytest.mark.django_db

CARD_SIZES = "(min-width: 64rem) 22rem, (min-width: 48rem) 45vw, 100vw"
ARTICLE_SIZES = "(min-width: 48rem) 46rem, 100vw"


def cover(size=(1600, 900), name="sampul.jpg", fmt="JPEG"):
    return ContentFile(image_bytes(fmt, size), name=name)


def covered_article(size=(1600, 900), **kwargs):
    article = ArticleFactory(cover=cover(size), cover_alt="Kotak suara di aula", **kwargs)
    make_cover_renditions(article)
    return article


def opened(entry):
    with default_storage.open(entry["name"]) as file:
        image = Image.open(file)
        image.load()
    return image.format, image.size


class Tags(HTMLParser):
    """The start tags of a page, as (name, attributes, inside a <picture>), in order."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.in_picture = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.in_picture = self.in_picture or tag == "picture"
        self.found.append((tag, dict(attrs), self.in_picture))

    def handle_endtag(self, tag):
        if tag == "picture":
            self.in_picture = False

    def named(self, name):
        """Tags `name` of the cover pictures (the site's logo is an <img> too)."""
        return [attrs for tag, attrs, in_picture in self.found if tag == name and in_picture]


def tags(response):
    return Tags(response.content.decode())


# --- Making them -------------------------------------------------------------


def test_renditions_are_webp_and_jpeg_at_400_800_and_1200_wide():
    article = covered_article(size=(1600, 900))
    article.refresh_from_db()
    stored = article.cover_renditions
    assert stored["source"] == article.cover.name
    for key, image_format in [("webp", "WEBP"), ("jpeg", "JPEG")]:
        assert [(entry["width"], entry["height"]) for entry in stored[key]] == [
            (400, 225),
            (800, 450),
            (1200, 675),
        ]
        for entry in stored[key]:
            assert opened(entry) == (image_format, (entry["width"], entry["height"]))


def test_share_image_is_a_1200_by_630_jpeg_whatever_the_cover_shape():
    for size in [(1600, 900), (900, 1600), (500, 300)]:
        share = covered_article(size=size).cover_renditions["share"]
        assert (share["width"], share["height"]) == (1200, 630)
        assert opened(share) == ("JPEG", (1200, 630))


def test_a_cover_is_never_enlarged():
    widths = [
        entry["width"] for entry in covered_article(size=(1000, 600)).cover_renditions["jpeg"]
    ]
    assert widths == [400, 800]


def test_a_cover_narrower_than_400_keeps_one_rendition_at_its_own_size():
    stored = covered_article(size=(300, 200)).cover_renditions
    for key, image_format in [("webp", "WEBP"), ("jpeg", "JPEG")]:
        assert len(stored[key]) == 1
        assert opened(stored[key][0]) == (image_format, (300, 200))


def test_transparent_png_cover_gets_jpeg_renditions_too():
    article = ArticleFactory(cover=cover(name="logo.png", fmt="PNG"), cover_alt="Logo")
    stored = make_cover_renditions(article)
    assert {opened(entry)[0] for entry in stored["jpeg"]} == {"JPEG"}
    assert {opened(entry)[0] for entry in stored["webp"]} == {"WEBP"}


def test_an_article_without_cover_has_no_renditions():
    article = ArticleFactory(cover_renditions={"source": "covers/lama.jpg"})
    assert make_cover_renditions(article) == {}
    article.refresh_from_db()
    assert article.cover_renditions == {}
    assert renditions.cover_picture(article) is None
    assert renditions.share_image_url(article) is None


def test_making_renditions_saves_only_that_field():
    article = covered_article()
    Article.objects.filter(pk=article.pk).update(title="Diubah di tempat lain")
    make_cover_renditions(article)  # the instance still has the old title
    article.refresh_from_db()
    assert article.title == "Diubah di tempat lain"


def test_remaking_renditions_replaces_files_rather_than_piling_them_up():
    article = covered_article()
    first = article.cover_renditions
    make_cover_renditions(article)
    assert article.cover_renditions == first
    made = [path for path in Path(default_storage.path("cache")).rglob("*") if path.is_file()]
    assert len(made) == 10


# --- Staleness and the admin -------------------------------------------------


def admin_article_form(division, author, **overrides):
    data = {
        "title": "Sosialisasi pemilih pemula di SMA",
        "slug": "sosialisasi-pemilih-pemula",
        "lead": "KPU menyapa pemilih pemula di sekolah.",
        "body": "<p>Isi berita.</p>",
        "cover_alt": "Siswa mengantre di depan bilik suara",
        "cover_caption": "",
        "division": division.pk,
        "author": author.pk,
        "tags": "pemilih pemula",
        "status": "published",
        "published_at_0": "",
        "published_at_1": "",
    }
    data.update(overrides)
    return data


def test_renditions_are_stale_once_the_cover_changes():
    article = covered_article()
    assert renditions.is_current(article)
    article.cover = cover(name="baru.jpg")
    article.save()
    assert not renditions.is_current(article)
    assert renditions.share_image_url(article) is None


def test_admin_makes_renditions_when_a_cover_is_uploaded_and_remakes_them_when_it_changes(
    admin_client,
):
    division, author = DivisionFactory(), AuthorFactory()
    add_url = reverse("admin:news_article_add")
    data = admin_article_form(
        division, author, cover=upload("sampul.jpg", image_bytes(size=(1200, 800)))
    )
    admin_client.post(add_url, data)
    article = Article.objects.get()
    # Queued for the worker (tests/documents/test_queue.py runs a real one); made here.
    assert not renditions.is_current(article)
    make_article_cover_renditions(article.pk)
    article.refresh_from_db()
    assert renditions.is_current(article)
    assert [entry["width"] for entry in article.cover_renditions["webp"]] == [400, 800, 1200]
    first_source = article.cover.name

    change_url = reverse("admin:news_article_change", args=[article.pk])
    replaced = admin_article_form(
        division, author, cover=upload("pengganti.jpg", image_bytes(size=(640, 360)))
    )
    admin_client.post(change_url, replaced)
    make_article_cover_renditions(article.pk)
    article.refresh_from_db()
    assert article.cover.name != first_source
    assert renditions.is_current(article)
    assert [entry["width"] for entry in article.cover_renditions["webp"]] == [400]


def test_admin_save_without_a_new_cover_leaves_the_renditions_alone(rf, admin):
    # Through save_model: posting the change form of an article that keeps its
    # cover fails before saving today ("seek of closed file" in validate_image).
    article = covered_article()
    marked = {**article.cover_renditions, "marker": "untouched"}
    Article.objects.filter(pk=article.pk).update(cover_renditions=marked)
    article.refresh_from_db()
    request = rf.post("/admin/news/article/")
    request.user = admin
    article.title = "Judul baru"
    django_admin.site._registry[Article].save_model(
        request, article, SimpleNamespace(changed_data=["title"]), change=True
    )
    article.refresh_from_db()
    assert article.title == "Judul baru"
    assert article.cover_renditions == marked


def test_admin_clearing_the_cover_empties_the_renditions(admin_client):
    article = covered_article()
    change_url = reverse("admin:news_article_change", args=[article.pk])
    admin_client.post(
        change_url,
        admin_article_form(
            article.division, article.author, slug=article.slug, **{"cover-clear": "on"}
        ),
    )
    article.refresh_from_db()
    assert not article.cover
    assert article.cover_renditions == {}


# --- Printing them -----------------------------------------------------------


def test_list_prints_a_picture_with_webp_source_srcset_and_sizes(client):
    article = covered_article()
    page = tags(client.get("/berita/"))
    (source,) = page.named("source")
    assert source["type"] == "image/webp"
    assert source["sizes"] == CARD_SIZES
    assert source["srcset"] == ", ".join(
        f"{default_storage.url(entry['name'])} {entry['width']}w"
        for entry in article.cover_renditions["webp"]
    )
    assert source["srcset"].endswith(" 1200w") and source["srcset"].count("w,") == 2
    (img,) = page.named("img")
    assert img["src"].endswith(".jpg") and img["src"].startswith("/media/cache/")
    assert (img["width"], img["height"]) == ("800", "450")
    assert img["sizes"] == CARD_SIZES
    assert img["srcset"].count(".jpg ") == 3
    assert img["alt"] == "Kotak suara di aula"
    assert img["class"] == "card__image"
    assert page.named("picture")


def test_only_the_first_card_loads_eagerly(client):
    for _ in range(3):
        covered_article(size=(800, 450))
    imgs = tags(client.get("/berita/")).named("img")
    assert len(imgs) == 3
    assert (imgs[0]["loading"], imgs[0].get("fetchpriority")) == ("eager", "high")
    for img in imgs[1:]:
        assert img["loading"] == "lazy" and "fetchpriority" not in img
    for img in imgs:
        assert img["width"] and img["height"] and img["decoding"] == "async"


def test_article_cover_loads_eagerly_with_high_priority(client):
    article = covered_article()
    page = tags(client.get(article.get_absolute_url()))
    cover_img = next(img for img in page.named("img") if "card__image" not in img.get("class", ""))
    assert cover_img["loading"] == "eager" and cover_img["fetchpriority"] == "high"
    assert cover_img["sizes"] == ARTICLE_SIZES
    assert (cover_img["width"], cover_img["height"]) == ("800", "450")
    source = page.named("source")[0]
    assert source["type"] == "image/webp" and source["sizes"] == ARTICLE_SIZES


def test_missing_or_stale_renditions_fall_back_to_the_original_cover(client):
    missing = ArticleFactory(cover=cover((1000, 500)), cover_alt="Foto")
    stale = covered_article(size=(900, 600))
    Article.objects.filter(pk=stale.pk).update(
        cover_renditions={**stale.cover_renditions, "source": "covers/lama.jpg"}
    )
    imgs = {img["src"]: img for img in tags(client.get("/berita/")).named("img")}
    stale.refresh_from_db()
    assert (imgs[missing.cover.url]["width"], imgs[missing.cover.url]["height"]) == ("1000", "500")
    assert (imgs[stale.cover.url]["width"], imgs[stale.cover.url]["height"]) == ("900", "600")
    assert all("srcset" not in img for img in imgs.values())


def test_share_image_url_points_at_the_1200_by_630_rendition():
    article = covered_article()
    share = article.cover_renditions["share"]
    assert renditions.share_image_url(article) == default_storage.url(share["name"])
    assert renditions.share_image(article) == {
        "url": default_storage.url(share["name"]),
        "width": 1200,
        "height": 630,
    }


def test_printing_a_cover_opens_no_file(monkeypatch):
    article = covered_article()

    def refuse(*args, **kwargs):
        raise AssertionError("storage was read while printing a cover")

    for method in ("open", "exists", "size", "listdir"):
        monkeypatch.setattr(FileSystemStorage, method, refuse)
    assert renditions.cover_picture(article)["srcset"]
    assert renditions.share_image_url(article)


def test_covers_add_no_query_to_the_list_page(client, django_assert_max_num_queries):
    division = DivisionFactory()
    author = AuthorFactory()
    plain = [ArticleFactory(division=division, author=author) for _ in range(10)]
    with CaptureQueriesContext(connection) as without_covers:
        client.get("/berita/")
    Article.objects.filter(pk__in=[article.pk for article in plain]).delete()
    for _ in range(10):
        covered_article(size=(1200, 675), division=division, author=author)
    with django_assert_max_num_queries(len(without_covers)):
        response = client.get("/berita/")
    assert len(tags(response).named("source")) == 10


# --- The command -------------------------------------------------------------


def test_command_makes_missing_and_stale_renditions_and_leaves_current_ones():
    current = covered_article()
    missing = ArticleFactory(cover=cover(), cover_alt="Foto")
    stale = covered_article()
    Article.objects.filter(pk=stale.pk).update(cover_renditions={"source": "covers/lama.jpg"})
    ArticleFactory()  # no cover: nothing to make
    out = StringIO()
    call_command("make_cover_renditions", stdout=out)
    assert "made for 2 articles (1 up to date)" in out.getvalue()
    for article in (current, missing, stale):
        article.refresh_from_db()
        assert renditions.is_current(article)
        assert opened(article.cover_renditions["share"]) == ("JPEG", (1200, 630))


def test_command_with_all_remakes_every_cover():
    covered_article()
    covered_article()
    out = StringIO()
    call_command("make_cover_renditions", "--all", stdout=out)
    assert "made for 2 articles (0 up to date)" in out.getvalue()


# --- Where they stand: the task queue's status ----------------------------------


def cover_status(client, article):
    """The "cover renditions" line of the article's form."""
    response = client.get(reverse("admin:news_article_change", args=[article.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    field = html.index("field-cover_status")
    start = html.index('<div class="readonly">', field) + len('<div class="readonly">')
    return html[start : html.index("</div>", start)]


def test_the_article_form_shows_the_cover_renditions_waiting_then_done(admin_client):
    division, author = DivisionFactory(), AuthorFactory()
    admin_client.post(
        reverse("admin:news_article_add"),
        admin_article_form(division, author, cover=upload("sampul.jpg", image_bytes())),
    )
    article = Article.objects.get()
    assert cover_status(admin_client, article) == "menunggu"
    make_article_cover_renditions(article.pk)
    assert cover_status(admin_client, article) == "selesai"
    assert CoverProcessing.objects.get(article=article).processing_attempts == 1


def test_a_broken_cover_ends_failed_with_its_reason_and_the_page_shows_the_upload(
    admin_client, client
):
    article = ArticleFactory(
        cover=ContentFile(image_bytes(size=(1600, 900))[:400], name="rusak.jpg"),
        cover_alt="Foto",
    )
    make_article_cover_renditions(article.pk)
    assert cover_status(admin_client, article) == "gagal: berkas rusak atau bukan gambar"
    article.refresh_from_db()
    assert not renditions.is_current(article)
    (img,) = tags(client.get("/berita/")).named("img")
    assert img["src"] == article.cover.url and "srcset" not in img


def test_covers_made_outside_the_queue_read_as_their_renditions(admin_client):
    made = covered_article()  # the demo loader's way: no status row
    waiting = ArticleFactory(cover=cover(), cover_alt="Foto")
    plain = ArticleFactory()
    assert cover_status(admin_client, made) == "selesai"
    assert cover_status(admin_client, waiting) == "menunggu"
    assert cover_status(admin_client, plain) == "–"


@pytest.mark.django_db(transaction=True)
def test_the_worker_moves_the_cover_status_and_the_page_gets_the_srcset(
    task_worker, admin_client, client
):
    division, author = DivisionFactory(), AuthorFactory()
    admin_client.post(
        reverse("admin:news_article_add"),
        admin_article_form(division, author, cover=upload("sampul.jpg", image_bytes())),
    )
    article = Article.objects.get()

    def settled():
        status = CoverProcessing.objects.filter(article=article).first()
        return status and status.processing_status in ("done", "failed")

    wait_for(settled)
    assert cover_status(admin_client, article) == "selesai"
    article.refresh_from_db()
    (source,) = tags(client.get(article.get_absolute_url())).named("source")[:1]
    assert source["srcset"] == renditions.srcset(article.cover_renditions["webp"])
