"""Resized copies of library pictures, made once when a picture is uploaded.

The same sizes, formats and stored shape as cover renditions (news/renditions.py,
whose readers `srcset` and `fallback` serve both), minus the share crop:

    {"source": "uploads/2026/11/….jpg", "webp": [{"name", "width", "height"}, …], "jpeg": [...]}
"""

from django.core.files.storage import default_storage
from sorl.thumbnail import delete, get_thumbnail, source_cache

from news.renditions import FORMATS, PHONE_MEDIA, WIDTHS, fallback, phone_srcset, srcset


def make_renditions(image) -> dict:
    """WebP and JPEG copies of `image.file` at 400, 800 and 1200 wide (never wider
    than the picture); returns the dict for `image.renditions` without saving it.
    """
    widths = [width for width in WIDTHS if width <= image.width] or [WIDTHS[0]]
    renditions = {"source": image.file.name}
    with source_cache():  # the upload is read from storage once for all six
        for key, image_format, quality in FORMATS:
            renditions[key] = [
                _entry(
                    get_thumbnail(
                        image.file,
                        str(width),
                        format=image_format,
                        quality=quality,
                        upscale=False,
                    )
                )
                for width in widths
            ]
    return renditions


def delete_files(image) -> None:
    """The picture's file, its renditions and sorl's records of them."""
    delete(image.file, delete_file=True)


def _entry(thumbnail) -> dict:
    return {"name": thumbnail.name, "width": thumbnail.width, "height": thumbnail.height}


def is_current(image) -> bool:
    return bool(image.renditions) and image.renditions.get("source") == image.file.name


def picture(image) -> dict | None:
    """What news.cards.picture_html() prints; None without renditions
    (the page then leaves the `<img>` as it was written). No query, no file access.
    """
    if not is_current(image):
        return None
    jpeg = image.renditions["jpeg"]
    src = fallback(jpeg)
    return {
        "webp_srcset": srcset(image.renditions["webp"]),
        "srcset": srcset(jpeg),
        "phone_media": PHONE_MEDIA,
        "phone_webp_srcset": phone_srcset(image.renditions["webp"]),
        "phone_srcset": phone_srcset(jpeg),
        "src": default_storage.url(src["name"]),
        "width": src["width"],
        "height": src["height"],
    }


def thumbnail_url(image) -> str | None:
    """The narrowest WebP copy, for the library's lists and the picker."""
    if not is_current(image):
        return None
    return default_storage.url(image.renditions["webp"][0]["name"])
