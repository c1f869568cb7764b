"""Pictures in article bodies: uploaded into the library, served to readers as
responsive <picture>s (never the full-size upload), and checked for alt text
before publication."""

from html.parser import HTMLParser
from http import HTTPStatus
from urllib.parse import unquote

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from media_library.models import MediaImage
from media_library.tasks import make_library_renditions
from news.body_images import body_images, render_body
from news.models import Article
from tests.admin_forms import change_url, open_article_form
from tests.factories import ArticleFactory
from tests.images import image_bytes, upload

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/admin/news/article/upload-image/"


@pytest.fixture
def reader():
    """A visitor: `client` is the editor's own once editor_client is asked for."""
    return Client()


def put_in_library(client, name="foto-tps.jpg", size=(1600, 1200)):
    response = client.post(UPLOAD_URL, {"upload": upload(name, image_bytes(size=size))})
    assert response.status_code == HTTPStatus.OK, response.content
    url = response.json()["url"]
    # Queued for the worker (test_queue.py runs one); made here.
    make_library_renditions(MediaImage.objects.get(file=unquote(url.removeprefix("/media/"))).pk)
    return url


def figure(url, alt="Petugas menghitung surat suara"):
    alt_attribute = f' alt="{alt}"' if alt is not None else ""
    return f'<figure class="image"><img src="{url}"{alt_attribute}></figure>'


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html, name):
    parser = Tags()
    parser.feed(html)
    return [attrs for tag, attrs in parser.tags if tag == name]


def img_srcset(html):
    return tags(html, "img")[0]["srcset"]


def test_upload_goes_into_the_library_with_renditions(editor_client, editor):
    url = put_in_library(editor_client, "foto rapat.jpg", size=(2000, 1500))
    image = MediaImage.objects.get()
    assert url == image.file.url and image.file.name.startswith("uploads/")
    assert (image.width, image.height, image.original_name) == (2000, 1500, "foto rapat.jpg")
    assert image.uploaded_by == editor and image.size == image.file.size
    for key in ("webp", "jpeg"):
        assert [entry["width"] for entry in image.renditions[key]] == [400, 800, 1200]
        for entry in image.renditions[key]:
            assert default_storage.exists(entry["name"])


def test_article_page_serves_library_pictures_as_lazy_responsive_pictures(reader, editor_client):
    url = put_in_library(editor_client)
    article = ArticleFactory(body="<p>Rapat.</p>" + figure(url, alt="Kotak suara & segel"))
    html = reader.get(article.get_absolute_url()).content.decode()
    body = html[html.index('class="article__body') :]
    assert url not in html, "the full-size upload must not be on the page"
    phone_webp, phone_jpeg, source = tags(body, "source")
    assert source["type"] == "image/webp" and "400w" in source["srcset"]
    assert source["sizes"]
    # A phone gets at most the 800-pixel copy, whatever its screen's density.
    for phone, wide in ((phone_webp, source["srcset"]), (phone_jpeg, img_srcset(body))):
        by_width = dict(reversed(candidate.split()) for candidate in wide.split(", "))
        assert phone["media"] == "(max-width: 30em)"
        assert phone["srcset"] == f"{by_width['400w']} 1x, {by_width['800w']} 2x"
    assert phone_webp["type"] == "image/webp" and "type" not in phone_jpeg
    img = tags(body, "img")[0]
    assert img["alt"] == "Kotak suara & segel"
    assert img["loading"] == "lazy" and img["decoding"] == "async"
    assert (img["width"], img["height"]) == ("800", "600")
    assert "1200w" in img["srcset"] and img["sizes"]
    assert "<picture>" in body


def test_pictures_from_elsewhere_are_left_as_written(reader):
    article = ArticleFactory(body=figure("https://www.kpu.go.id/foto.jpg", alt="Logo KPU"))
    html = reader.get(article.get_absolute_url()).content.decode()
    assert '<img src="https://www.kpu.go.id/foto.jpg" alt="Logo KPU">' in html
    assert "<picture>" not in html[html.index('class="article__body') :]


def test_staff_preview_shows_the_responsive_picture(editor_client):
    url = put_in_library(editor_client)
    draft = ArticleFactory(body=figure(url), status=Article.Status.DRAFT, published_at=None)
    response = editor_client.get(f"/admin/news/article/{draft.pk}/preview/")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "<picture>" in html and url not in html


def test_article_page_looks_pictures_up_in_one_query(
    reader, editor_client, django_assert_max_num_queries
):
    urls = [put_in_library(editor_client, f"foto-{n}.jpg") for n in range(3)]
    article = ArticleFactory(body="".join(figure(url) for url in urls))
    reader.get(article.get_absolute_url())  # per-process caches (content types) filled
    # The article page's own three queries (tests/news/test_views.py), and one lookup.
    with django_assert_max_num_queries(4):
        html = reader.get(article.get_absolute_url()).content.decode()
    assert html.count("<picture>") == 3


def test_render_body_keeps_the_text_around_pictures(editor_client):
    url = put_in_library(editor_client)
    body = f"<p>Sebelum</p>{figure(url)}<p>Sesudah &amp; lagi</p>"
    rendered = render_body(body)
    assert rendered.startswith('<p>Sebelum</p><figure class="image"><picture>')
    assert rendered.endswith("</picture></figure><p>Sesudah &amp; lagi</p>")


def test_picture_markup_written_inside_an_attribute_stays_text(editor_client):
    """nh3 escapes "<" in attribute values today; the reading must not rely on it."""
    name = put_in_library(editor_client).removeprefix("/media/")
    body = f'<p><a href="https://kpu.go.id/" title="<img src=/media/{name}>">KPU</a></p>'
    assert body_images(body) == [] and render_body(body) == body
    assert ArticleFactory.build(body=body).publication_errors() == []


def test_body_images_reads_quoted_attributes():
    (image,) = body_images('<p><img alt="a &gt; b &quot;c&quot;" src="/media/x%20y.jpg"></p>')
    assert (image.alt, image.library_name) == ('a > b "c"', "x y.jpg")


# --- Alt text before publication ---------------------------------------------


def test_a_picture_without_alt_text_stops_publication_and_is_named(editor_client):
    first = put_in_library(editor_client, "foto-rapat.jpg")
    second = put_in_library(editor_client, "foto-tps.jpg")
    article = ArticleFactory.build(
        body=figure(first)
        + "<p>Teks</p>"
        + figure(second, alt=None)
        + figure("https://contoh.id/peta%20dapil.png", alt="  ")
    )
    assert article.publication_errors() == [
        "Gambar ke-2 di isi berita (foto-tps.jpg) belum punya teks alternatif. "
        "Klik gambar, lalu ikon teks alternatif.",
        "Gambar ke-3 di isi berita (peta dapil.png) belum punya teks alternatif. "
        "Klik gambar, lalu ikon teks alternatif.",
    ]


def test_pictures_with_alt_text_do_not_stop_publication(editor_client, django_assert_num_queries):
    article = ArticleFactory.build(body=figure(put_in_library(editor_client)))
    with django_assert_num_queries(0):
        assert article.publication_errors() == []


# --- Where each picture is used ------------------------------------------------


def test_uses_follow_every_save_of_the_body(editor_client):
    first, second = (put_in_library(editor_client, f"foto-{n}.jpg") for n in (1, 2))
    one, two = MediaImage.objects.order_by("pk")
    article = ArticleFactory(body=figure(first) + figure(second))
    assert set(article.media_images.all()) == {one, two}
    article.body = figure(second) + "<p>Foto pertama dihapus.</p>"
    article.save()
    assert list(article.media_images.all()) == [two]
    assert list(MediaImage.objects.unused()) == [one]
    article.delete()
    assert set(MediaImage.objects.unused()) == {one, two}


def test_a_save_that_leaves_the_body_alone_leaves_the_uses_alone(editor_client):
    article = ArticleFactory(body=figure(put_in_library(editor_client)))
    article.title = "Judul baru"
    with CaptureQueriesContext(connection) as queries:
        article.save(update_fields=["title"])
    assert not [query for query in queries if "media_library" in query["sql"]]
    assert article.media_images.count() == 1


def test_the_article_form_refuses_to_publish_a_picture_without_alt_text(editor_client):
    url = put_in_library(editor_client, "foto-tps.jpg")
    draft = ArticleFactory(
        body=figure(url, alt=None), status=Article.Status.DRAFT, published_at=None
    )
    data = open_article_form(editor_client, draft)
    response = editor_client.post(change_url(draft), {**data, "status": "published"})
    assert response.status_code == HTTPStatus.OK  # the form again, with the reason
    assert (
        "Gambar ke-1 di isi berita (foto-tps.jpg) belum punya teks alternatif."
        in response.content.decode()
    )
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT

    data["body"] = figure(url, alt="Petugas TPS menghitung suara")
    response = editor_client.post(change_url(draft), {**data, "status": "published"})
    assert response.status_code == HTTPStatus.FOUND
    draft.refresh_from_db()
    assert draft.is_published()
