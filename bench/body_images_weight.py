"""What a phone downloads for an article with three phone photos in its body.

    .venv/bin/python bench/body_images_weight.py

Makes a throw-away database (test_<name of DATABASE_URL's database>) and media
folder, uploads three 4032×3024 JPEG photos (about 3 MB each as a phone writes
them, 2.3 MB once re-encoded; noise at several scales, so that resized copies
keep detail as photos do) through the
editor's own upload endpoint (settings.CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME), puts
them in a published article's body as CKEditor 5 stores them, serves the site
from a live server thread, and opens the article in Chromium (Playwright,
/usr/bin/chromium) at a 390 px wide phone viewport, cache off, scrolling to the
bottom so that lazy pictures load. Prints the bytes transferred (Chromium's
encodedDataLength: headers and bodies as they came over the wire), by kind and
per picture, at device pixel ratios 1, 2 and 3.

Self-contained (no import from tests/): the same file runs in a checkout from
before body pictures had renditions, for the "before" figure.
"""

import os
import shutil
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 390, "height": 844}
PIXEL_RATIOS = (1, 2, 3)
PHOTO_SIZE = (4032, 3024)
PHONE_USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36"
)


def phone_photo(size=PHOTO_SIZE, quality=90) -> bytes:
    """A JPEG with a phone photo's weight: a smooth scene under noise at three scales.

    Noise at one pixel alone would vanish when the picture is resized and flatter
    the renditions; coarser noise stays, as a real scene's detail does.
    """
    from PIL import Image, ImageChops, ImageDraw

    scene = Image.new("RGB", (64, 48))
    draw = ImageDraw.Draw(scene)
    for y in range(48):
        draw.line([(0, y), (63, y)], fill=(90 + y * 2, 120 + y, 160 - y * 2))
    image = scene.resize(size, Image.Resampling.BICUBIC)
    for scale, sigma in ((1, 4), (4, 10), (16, 18)):
        small = (max(1, size[0] // scale), max(1, size[1] // scale))
        noise = Image.merge("RGB", [Image.effect_noise(small, sigma) for _ in range(3)])
        if scale > 1:
            noise = noise.resize(size, Image.Resampling.BICUBIC)
        image = ImageChops.add(image, noise, 1.0, -128)
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()


def body_with(urls):
    """Body HTML as CKEditor 5 stores it: paragraphs, and each picture in a figure."""
    paragraphs = [
        "<p>Rapat pleno terbuka rekapitulasi hasil penghitungan suara berlangsung "
        "tertib di aula kantor KPU, dihadiri saksi dan pengawas pemilu.</p>" * 3
    ]
    for number, url in enumerate(urls, 1):
        paragraphs.append(
            f'<figure class="image"><img src="{url}" alt="Foto rapat pleno ke-{number}"></figure>'
        )
        paragraphs.append("<p>Petugas mencocokkan formulir dengan data di layar. </p>" * 6)
    return "\n".join(paragraphs)


def make_article(photos):
    """Upload `photos` as a writer's editor would, and publish an article showing them."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from news.models import Article, Author, Division

    user = get_user_model().objects.create_superuser("bench", "bench@example.invalid", "x")
    client = Client()
    client.force_login(user)
    urls = []
    for number, photo in enumerate(photos, 1):
        upload = BytesIO(photo)
        upload.name = f"IMG_2024021{number}_0830{number}.jpg"
        response = client.post(
            reverse(settings.CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME), {"upload": upload}
        )
        assert response.status_code == 200, response.content
        urls.append(response.json()["url"])
    article = Article(
        title="Rapat pleno rekapitulasi dengan tiga foto",
        slug="rapat-pleno-tiga-foto",
        lead="Rapat pleno terbuka rekapitulasi hasil penghitungan suara tingkat kabupaten.",
        body=body_with(urls),
        author=Author.objects.create(name="Tim Humas", slug="tim-humas", signature="Hms"),
        division=Division.objects.create(name="Teknis", slug="teknis"),
        status="published",
        published_at=timezone.now(),
        created_by=user,
    )
    article.save()
    return article.get_absolute_url(), urls


def measure(base_url, path, pixel_ratio):
    """Bytes over the wire for one visit: {url: (resource type, bytes)}."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic"],
        )
        context = browser.new_context(
            viewport=VIEWPORT,
            device_scale_factor=pixel_ratio,
            is_mobile=True,
            has_touch=True,
            user_agent=PHONE_USER_AGENT,
        )
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        requests, sizes = {}, {}
        cdp.on(
            "Network.responseReceived",
            lambda event: requests.__setitem__(
                event["requestId"], (event["response"]["url"], event["type"])
            ),
        )
        cdp.on(
            "Network.loadingFinished",
            lambda event: sizes.__setitem__(event["requestId"], event["encodedDataLength"]),
        )
        page.goto(base_url + path, wait_until="load")
        # Step down the page as a reader does, so each lazy picture comes into view.
        height = page.evaluate("document.documentElement.scrollHeight")
        for y in range(0, height + VIEWPORT["height"], VIEWPORT["height"] // 2):
            page.evaluate(f"window.scrollTo(0, {y})")
            page.wait_for_timeout(150)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        browser.close()
    return {
        requests[key][0]: (requests[key][1], size) for key, size in sizes.items() if key in requests
    }


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kpu_site.settings.development")
    media = tempfile.mkdtemp(prefix="body-images-bench-")
    os.environ["MEDIA_ROOT"] = media
    os.environ["DEBUG"] = "true"  # the development server's media view serves the uploads
    os.environ["LOG_LEVEL"] = "WARNING"
    django.setup()

    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.db import connection
    from django.test.testcases import LiveServerThread
    from django.test.utils import setup_test_environment

    print(f"making three {PHOTO_SIZE[0]}×{PHOTO_SIZE[1]} photos …", flush=True)
    photos = [phone_photo() for _ in range(3)]
    print("  sizes: " + ", ".join(f"{len(photo) / 1e6:.2f} MB" for photo in photos))
    setup_test_environment()
    database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    server = None
    try:
        started = time.perf_counter()
        path, urls = make_article(photos)
        print(f"  uploaded and published in {time.perf_counter() - started:.1f} s")
        stored = [Path(media, url.removeprefix("/media/")).stat().st_size for url in urls]
        print("  stored originals: " + ", ".join(f"{size / 1e6:.2f} MB" for size in stored))
        connection.close()
        server = LiveServerThread("127.0.0.1", StaticFilesHandler)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        base_url = f"http://127.0.0.1:{server.port}"
        print(f"\n{path}, viewport {VIEWPORT['width']} px, cache off, scrolled to the bottom")
        for ratio in PIXEL_RATIOS:
            loaded = measure(base_url, path, ratio)
            kinds = {}
            for _url, (kind, size) in loaded.items():
                kinds[kind] = kinds.get(kind, 0) + size
            total = sum(kinds.values())
            print(f"\ndevice pixel ratio {ratio}: {total / 1024:.0f} KB transferred")
            for kind, size in sorted(kinds.items(), key=lambda item: -item[1]):
                print(f"  {kind:<12} {size / 1024:8.1f} KB")
            for url, (kind, size) in sorted(loaded.items()):
                if kind == "Image" and "/media/" in url:
                    print(f"    {size / 1024:8.1f} KB  {url.removeprefix(base_url)}")
    finally:
        if server is not None:
            server.terminate()
        connection.creation.destroy_test_db(database, verbosity=0)
        shutil.rmtree(media, ignore_errors=True)


if __name__ == "__main__":
    main()
