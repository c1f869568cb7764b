"""Hostile files through the two ways in: the cover field of the article form and
the editor's picture upload (CKEditor). Each is refused with a clear message or
re-encoded so that none of its payload bytes survive, and a refusal leaves no
article row and no file behind.

Bodies are built by hand (`multipart`): Django's test client would strip the
folders from a file name before the server ever saw them.
"""

import os
import re
import threading
import time
import tracemalloc
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from uuid import uuid4

import pytest
import requests
from django.conf import settings
from PIL import Image, PngImagePlugin

from news.models import Article
from tests.factories import AuthorFactory, DivisionFactory
from tests.images import image_bytes, png_claiming_size
from tests.security.test_hostile_input import FormDefaults, admin_url

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/admin/news/article/upload-image/"
SCRIPT = b"<html><script>alert(1)</script></html>"
NOT_A_PICTURE = "bukan gambar yang dapat dibaca"
TOO_LARGE = "terlalu besar"
TOO_THIN = "terlalu panjang dan sempit"
MAGIC = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg", b"RIFF": "webp"}


def png(**save_options):
    buffer = BytesIO()
    Image.new("RGB", (64, 48), "#b0111b").save(buffer, format="PNG", **save_options)
    return buffer.getvalue()


def png_with_text_chunk():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SCRIPT.decode())
    info.add_itxt("Description", SCRIPT.decode())
    return png(pnginfo=info)


def png_with_payload_palette():
    # The palette (PLTE) and transparency (tRNS) chunks hold bytes of our choosing.
    image = Image.new("P", (64, 48))
    image.putpalette(SCRIPT.ljust(768, b" "))
    buffer = BytesIO()
    image.save(buffer, format="PNG", transparency=SCRIPT)
    return buffer.getvalue()


def jpeg_with_comment():
    buffer = BytesIO()
    Image.new("RGB", (64, 48), "#123456").save(buffer, format="JPEG", comment=SCRIPT)
    return buffer.getvalue()


def gif_js_polyglot(height):
    """GIF89a/*…*/=alert(1)//: a picture to Pillow, a script to a browser told it is one.

    The width 0x2A2F is written little-endian as "/*", which opens a JavaScript comment.
    """
    buffer = BytesIO()
    Image.new("P", (0x2A2F, height)).save(buffer, format="GIF", comment=b"*/=alert(1);/*")
    data = buffer.getvalue()
    assert data.startswith(b"GIF89a/*")
    return data + b"*/=alert(1)//"


def png_with_broken_exif():
    return png(exif=b"Exif\x00\x00" + SCRIPT)


HOSTILE_FILES = {
    # name: (file name, content, what happens: a message, or None for "re-encoded")
    "svg": (
        "logo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script>'
        b"</svg>",
        NOT_A_PICTURE,
    ),
    "html renamed .png": ("halaman.png", SCRIPT, NOT_A_PICTURE),
    "text renamed .jpg": ("catatan.jpg", b"Ini hanya teks, bukan foto.\n" * 20, NOT_A_PICTURE),
    "truncated jpeg": (
        "potong.jpg",
        image_bytes("JPEG", size=(1200, 800), quality=95)[:9000],
        NOT_A_PICTURE,
    ),
    "broken exif": ("exif.png", png_with_broken_exif(), NOT_A_PICTURE),
    "decompression bomb": ("bom.png", png_claiming_size(30_000, 30_000), TOO_LARGE),
    "png + html in tEXt/iTXt": ("poliglot.png", png_with_text_chunk(), None),
    "png + html appended": ("ekor.png", png() + SCRIPT, None),
    "png + html in palette": ("palet.png", png_with_payload_palette(), None),
    "jpeg + html in comment": ("komentar.jpg", jpeg_with_comment(), None),
    # 10 799 × 1: small, but the 1200×630 share crop would upscale it 630 times.
    "thin gif/js polyglot": ("poliglot.gif", gif_js_polyglot(1), TOO_THIN),
    "gif/js polyglot": ("poliglot.gif", gif_js_polyglot(1080), None),
}


def field_part(boundary, name, value):
    disposition = f'form-data; name="{name}"'
    return f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n{value}\r\n".encode()


def file_part_head(boundary, name, file_name):
    disposition = f'form-data; name="{name}"; filename="{file_name}"'
    return (
        f"--{boundary}\r\nContent-Disposition: {disposition}\r\n"
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()


def multipart(fields, files):
    """A multipart/form-data body, file names sent exactly as given."""
    boundary = uuid4().hex
    parts = [field_part(boundary, name, value) for name, value in fields.items()]
    for name, (file_name, content) in files.items():
        parts.append(file_part_head(boundary, name, file_name) + content + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def files_in(root):
    """Uploaded files; the library's renditions (cache/, made by Pillow from the
    re-encoded upload's pixels, media_library/renditions.py) aside."""
    cache = Path(root) / "cache"
    return sorted(
        path for path in Path(root).rglob("*") if path.is_file() and not path.is_relative_to(cache)
    )


@pytest.fixture
def staff_client(client, editor):
    client.force_login(editor)
    return client


def post_cover(client, file_name, content):
    url = admin_url(Article, "add")
    form = FormDefaults("article_form")
    form.feed(client.get(url).content.decode())
    fields = {
        **form.values,
        "title": "Sosialisasi pemilih pemula",
        "slug": "sosialisasi-pemilih-pemula",
        "lead": "KPU menyapa pemilih pemula.",
        "body": "<p>Isi.</p>",
        "cover_alt": "Foto kegiatan",
        "division": DivisionFactory().pk,
        "author": AuthorFactory().pk,
    }
    body, content_type = multipart(fields, {"cover": (file_name, content)})
    return client.post(url, body, content_type=content_type)


def post_to_editor(client, file_name, content):
    body, content_type = multipart({}, {"upload": (file_name, content)})
    return client.post(UPLOAD_URL, body, content_type=content_type)


def assert_clean_picture(path):
    data = path.read_bytes()
    assert b"alert(1)" not in data and b"<script" not in data and b"<html" not in data, path
    assert any(data.startswith(magic) for magic in MAGIC), path


@pytest.mark.parametrize("case", list(HOSTILE_FILES))
def test_hostile_cover_is_refused_or_reencoded_clean(staff_client, media_root, case):
    file_name, content, message = HOSTILE_FILES[case]
    response = post_cover(staff_client, file_name, content)
    if message:
        assert response.status_code == HTTPStatus.OK
        errors = response.context["adminform"].form.errors
        assert message in " ".join(errors["cover"]), errors
        assert not Article.objects.exists()
        assert files_in(media_root) == []
    else:
        assert response.status_code == HTTPStatus.FOUND
        article = Article.objects.get()
        assert article.cover.name.startswith("covers/")
        stored = files_in(media_root)
        assert Path(article.cover.path) in stored
        for path in stored:  # the cover and every rendition made from it
            assert_clean_picture(path)


@pytest.mark.parametrize("case", list(HOSTILE_FILES))
def test_hostile_editor_upload_is_refused_or_reencoded_clean(staff_client, media_root, case):
    file_name, content, message = HOSTILE_FILES[case]
    response = post_to_editor(staff_client, file_name, content)
    if message:
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert message in response.json()["error"]["message"]
        assert files_in(media_root) == []
    else:
        assert response.status_code == HTTPStatus.OK
        (stored,) = files_in(media_root)
        assert response.json()["url"].endswith(stored.name.replace(" ", "%20"))
        assert_clean_picture(stored)


# --- File names --------------------------------------------------------------------

HOSTILE_NAMES = [
    "../../../../etc/passwd.png",
    "/etc/cron.d/tugas.png",
    "..\\..\\windows\\win.ini.png",
    "....//....//naik.png",
    "%2e%2e%2f%2e%2e%2fnaik.png",
    "foto\x00.php.png",
    "<script>alert(1)<\\script>.png",
    "%22><img src=x onerror=alert(1)>.png",  # a quote, as browsers send it
    ".htaccess",
    "rapat\u202egnp.php",
]
SAFE_NAME = r"[\w -]+\.(png|jpg|webp)"


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_upload_names_end_up_inside_media_root_with_safe_names(staff_client, media_root, name):
    response = post_to_editor(staff_client, name, image_bytes("PNG"))
    assert response.status_code == HTTPStatus.OK
    (stored,) = files_in(media_root)
    assert stored.resolve().is_relative_to(Path(media_root).resolve())
    assert stored.parent == Path(media_root) / "uploads" / stored.parent.parent.name / (
        stored.parent.name
    )
    assert re.fullmatch(SAFE_NAME, stored.name), stored.name

    response = post_cover(staff_client, name, image_bytes("PNG"))
    assert response.status_code == HTTPStatus.FOUND
    cover = Path(Article.objects.get().cover.path)
    assert cover.resolve().is_relative_to((Path(media_root) / "covers").resolve())
    assert re.fullmatch(SAFE_NAME, cover.name), cover.name


def test_a_300_character_file_name(staff_client, media_root):
    name = "foto rapat pleno " * 18 + ".png"
    response = post_to_editor(staff_client, name, image_bytes("PNG"))
    assert response.status_code == HTTPStatus.OK
    (stored,) = files_in(media_root)
    assert len(stored.name) < 100 and stored.name.endswith("foto rapat p.png")

    response = post_cover(staff_client, name, image_bytes("PNG"))
    assert "paling banyak 100 karakter" in response.context["adminform"].form.errors["cover"][0]
    assert not Article.objects.exists()
    assert files_in(media_root) == [stored]


# --- A 50 MB upload ------------------------------------------------------------------

FIFTY_MB = 50 * 1024 * 1024
CHUNK = b"\x89PNG\r\n\x1a\n" + bytes(64 * 1024 - 8)


class StreamedUpload:
    """A multipart body with one file of `size` bytes, made while it is sent.

    It has a length (so requests sends Content-Length, as browsers do) and is
    iterated chunk by chunk: the test itself never holds more than 64 KB of it.
    """

    def __init__(self, fields, field, file_name, size):
        boundary = uuid4().hex
        self.head = b"".join(field_part(boundary, name, value) for name, value in fields.items())
        self.head += file_part_head(boundary, field, file_name)
        self.tail = f"\r\n--{boundary}--\r\n".encode()
        self.size = size
        self.content_type = f"multipart/form-data; boundary={boundary}"

    def __len__(self):
        return len(self.head) + self.size + len(self.tail)

    def __iter__(self):
        yield self.head
        for start in range(0, self.size, len(CHUNK)):
            yield CHUNK[: self.size - start]
        yield self.tail


class FolderWatch(threading.Thread):
    """The most bytes seen at once in files under `folders`, polled every few ms."""

    def __init__(self, *folders):
        super().__init__(daemon=True)
        self.folders, self.peak, self.done = folders, 0, threading.Event()

    def run(self):
        while not self.done.is_set():
            total = 0
            for folder in self.folders:
                for path in Path(folder).rglob("*"):
                    try:
                        total += path.stat().st_size if path.is_file() else 0
                    except FileNotFoundError:  # deleted between listing and stat
                        pass
            self.peak = max(self.peak, total)
            time.sleep(0.005)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.done.set()
        self.join()


@pytest.fixture
def upload_temp_dir(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "upload-tmp"
    settings.FILE_UPLOAD_TEMP_DIR.mkdir()
    return settings.FILE_UPLOAD_TEMP_DIR


def staff_session(client, editor):
    """Cookies and headers for `requests` as the logged-in editor (CSRF by header)."""
    client.force_login(editor)
    token = "k" * 32
    cookies = {
        settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value,
        settings.CSRF_COOKIE_NAME: token,
    }
    return cookies, {"X-CSRFToken": token}


def send_fifty_megabytes(url, body, cookies, headers):
    """POST `body` to the live server; return the response and the process's peak memory."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        response = requests.post(
            url,
            data=body,
            cookies=cookies,
            headers={**headers, "Content-Type": body.content_type},
            timeout=120,
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return response, peak


@pytest.mark.django_db(transaction=True)
def test_a_50_mb_cover_is_refused_without_being_kept(
    live_server, client, editor, media_root, upload_temp_dir
):
    cookies, headers = staff_session(client, editor)
    url = admin_url(Article, "add")
    form = FormDefaults("article_form")
    form.feed(client.get(url).content.decode())
    form.values.pop("csrfmiddlewaretoken")  # the test client's; ours goes in a header
    fields = {
        **form.values,
        "title": "Foto besar",
        "slug": "foto-besar",
        "lead": "Ringkas.",
        "body": "<p>Isi.</p>",
        "cover_alt": "Foto",
        "division": DivisionFactory().pk,
        "author": AuthorFactory().pk,
    }
    body = StreamedUpload(fields, "cover", "besar.png", FIFTY_MB)
    with FolderWatch(media_root, upload_temp_dir) as written:
        response, peak = send_fifty_megabytes(live_server.url + url, body, cookies, headers)
    assert response.status_code == HTTPStatus.OK
    assert "Berkas terlalu besar (50,0\xa0MB). Batasnya 10,0\xa0MB." in response.text
    assert 'value="Foto besar"' in response.text  # the rest of the form is kept
    assert not Article.objects.exists()
    assert written.peak == 0 and files_in(media_root) == [] == os.listdir(upload_temp_dir)
    assert peak < 8 * 1024 * 1024, f"{peak / 2**20:.1f} MB"


@pytest.mark.django_db(transaction=True)
def test_a_50_mb_editor_upload_is_refused_without_being_kept(
    live_server, client, editor, media_root, upload_temp_dir
):
    cookies, headers = staff_session(client, editor)
    body = StreamedUpload({}, "upload", "besar.png", FIFTY_MB)
    with FolderWatch(media_root, upload_temp_dir) as written:
        response, peak = send_fifty_megabytes(live_server.url + UPLOAD_URL, body, cookies, headers)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["error"]["message"] == (
        "Berkas terlalu besar (50,0\xa0MB). Batasnya 10,0\xa0MB."
    )
    assert written.peak == 0 and files_in(media_root) == [] == os.listdir(upload_temp_dir)
    assert peak < 8 * 1024 * 1024, f"{peak / 2**20:.1f} MB"


def test_only_a_request_too_large_for_a_picture_and_the_form_is_refused_unread(
    staff_client, media_root, settings
):
    noise = Image.frombytes("RGB", (160, 160), os.urandom(160 * 160 * 3))
    buffer = BytesIO()
    noise.save(buffer, format="PNG")
    picture = buffer.getvalue()  # about 77 KB: noise does not compress
    body, content_type = multipart({"catatan": "x" * 40_000}, {"upload": ("foto.png", picture)})
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50_000

    # The picture is under its limit; with the form's text the body is over it: kept.
    settings.IMAGE_UPLOAD_MAX_BYTES = len(picture) + 1_000
    assert len(body) > settings.IMAGE_UPLOAD_MAX_BYTES
    response = staff_client.post(UPLOAD_URL, body, content_type=content_type)
    assert response.status_code == HTTPStatus.OK
    assert len(files_in(media_root)) == 1

    # Over picture limit + form limit: the file is dropped as it arrives.
    settings.IMAGE_UPLOAD_MAX_BYTES = len(body) - 50_000 - 1
    response = staff_client.post(UPLOAD_URL, body, content_type=content_type)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "terlalu besar" in response.json()["error"]["message"]
    assert len(files_in(media_root)) == 1
