"""Body pictures in a real browser: a phone gets renditions, never the uploaded
original; a writer reuses a library picture through the article form's picker."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import re_path
from playwright.sync_api import expect

from bench.body_images_weight import phone_photo
from kpu_site.urls import serve_media
from kpu_site.urls import urlpatterns as site_urlpatterns
from media_library.models import MediaImage
from media_library.tasks import make_library_renditions
from news.models import Article, Author
from tests.e2e.conftest import READER_USER_AGENT, log_in, staff
from tests.factories import ArticleFactory, DivisionFactory
from tests.images import image_bytes, upload

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    # The live server serves uploads as the development server does (DEBUG is off in tests).
    pytest.mark.urls(__name__),
]
urlpatterns = [re_path(r"^media/(?P<path>.*)$", serve_media), *site_urlpatterns]

UPLOAD_URL = "/admin/news/article/upload-image/"


def library_picture(user, name, content):
    client = Client()
    client.force_login(user)
    response = client.post(UPLOAD_URL, {"upload": upload(name, content)})
    assert response.status_code == HTTPStatus.OK, response.content
    image = MediaImage.objects.get(file=response.json()["url"].removeprefix("/media/"))
    make_library_renditions(image.pk)  # queued for the worker; made here
    image.refresh_from_db()
    return image


def test_a_phone_never_downloads_an_original_body_picture(live_server, browser, admin):
    photos = [library_picture(admin, f"IMG_000{n}.jpg", phone_photo()) for n in (1, 2)]
    body = "".join(
        "<p>Petugas mencocokkan formulir dengan data di layar.</p>" * 12
        + f'<figure class="image"><img src="{photo.file.url}" alt="Foto rapat {n}"></figure>'
        for n, photo in enumerate(photos, 1)
    )
    article = ArticleFactory(body=body)
    renditions = {
        entry["name"]
        for photo in photos
        for key in ("webp", "jpeg")
        for entry in photo.renditions[key]
    }

    # The largest a phone asks for: a 390 px wide screen at three device pixels per pixel.
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        user_agent=READER_USER_AGENT,
    )
    page = context.new_page()
    media = []
    page.on(
        "request", lambda request: media.append(request.url) if "/media/" in request.url else None
    )
    page.goto(live_server.url + article.get_absolute_url())
    pictures = page.locator(".article__body picture img")
    expect(pictures).to_have_count(2)
    for index in range(2):
        pictures.nth(index).scroll_into_view_if_needed()
        expect(pictures.nth(index)).to_have_js_property("complete", True)
        assert pictures.nth(index).evaluate("img => img.naturalWidth") > 0
    page.wait_for_load_state("networkidle")

    requested = {url.removeprefix(live_server.url + "/media/") for url in media}
    originals = {photo.file.name for photo in photos}
    assert requested, "the phone loaded the body pictures"
    assert not requested & originals, "the phone downloaded a full-size upload"
    assert requested <= renditions, f"not a rendition: {requested - renditions}"


def test_a_writer_inserts_a_library_picture_with_its_alt_text(
    live_server, browser, django_user_model, artifacts
):
    writer = staff(django_user_model, "penulis", "Penulis")
    Author.objects.create(name="Rina Kartikasari", slug="rina", signature="Rin", user=writer)
    DivisionFactory(name="Divisi Teknis", slug="teknis")
    picture = library_picture(writer, "gedung-kantor.jpg", image_bytes(size=(1600, 1200)))

    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, live_server.url, "penulis", "sandi-penulis-123")
    page.goto(f"{live_server.url}/admin/news/article/add/")
    page.locator("#id_title").fill("Kantor KPU dibuka untuk umum")
    page.locator("#id_lead").fill("Warga dapat berkunjung ke kantor setiap hari kerja.")
    editor = page.locator(".ck-editor__editable")
    expect(editor).to_be_visible()
    editor.click()
    page.keyboard.type("Kantor dibuka pukul 08.00.")

    page.locator(".field-body").screenshot(path=artifacts / "media-library-button.png")
    page.get_by_role("button", name="Pustaka gambar").click()
    dialog = page.get_by_role("dialog", name="Pilih gambar dari pustaka")
    expect(dialog).to_be_visible()
    dialog.get_by_role("option", name="gedung-kantor.jpg").click()
    dialog.get_by_label("Teks alternatif").fill("Gedung kantor KPU dari depan")
    page.screenshot(path=artifacts / "media-library-picker.png")
    dialog.get_by_role("button", name="Sisipkan ke isi berita").click()
    expect(dialog).to_be_hidden()
    expect(editor.locator("img[alt='Gedung kantor KPU dari depan']")).to_have_attribute(
        "src", picture.file.url
    )

    page.locator("#id_division").select_option(label="Divisi Teknis")
    page.locator("input[name=_save]").click()
    page.wait_for_url(f"{live_server.url}/admin/news/article/")  # saved: back to the list
    article = Article.objects.get(title="Kantor KPU dibuka untuk umum")
    # As an upload is stored: plain <img> (CKEditor adds the picture's own size).
    assert f'<img src="{picture.file.url}" alt="Gedung kantor KPU dari depan"' in article.body
    assert list(article.media_images.all()) == [picture]

    # The library says where the picture is used, with a link to the article.
    page.goto(f"{live_server.url}/admin/media_library/mediaimage/")
    used_in = page.locator(".field-used_in_links a")
    expect(used_in).to_have_text("Kantor KPU dibuka untuk umum")
    expect(used_in).to_have_attribute("href", f"/admin/news/article/{article.pk}/change/")
    page.screenshot(path=artifacts / "media-library-list.png", full_page=True)
