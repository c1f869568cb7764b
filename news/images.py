"""Checking and re-encoding uploaded pictures (article covers, images in article bodies).

Every upload is decoded by Pillow and written anew (`reencode_image`): that
refuses what is not a picture or is truncated, strips EXIF (staff phones record
GPS positions) and drops whatever a polyglot file carried besides the image.
"""

import re
import warnings
from io import BytesIO
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow format name → (extension, Pillow format to write, save options).
FORMATS = {
    "JPEG": ("jpg", "JPEG", {"quality": 85, "optimize": True, "progressive": True}),
    "PNG": ("png", "PNG", {"optimize": True}),
    "WEBP": ("webp", "WEBP", {"quality": 85}),
    # An animated GIF keeps only its first frame: news pictures are photos.
    "GIF": ("png", "PNG", {"optimize": True}),
}

# Covers are cropped to 1200×630 for link previews, upscaling small pictures
# (news/renditions.py): a 10 000 × 1 picture of 100 bytes would become billions
# of pixels. Panoramas stay within 10:1.
MAX_ASPECT_RATIO = 10


def _invalid():
    return ValidationError(
        _("This file is not a readable picture. Upload a JPEG, PNG, WebP or GIF."),
        code="invalid_image",
    )


def validate_image(upload) -> None:
    """Refuse a file that is too large, not a JPEG/PNG/WebP/GIF, or claims too many pixels.

    Reads only the header, so it is cheap enough to be a model field validator;
    `reencode_image` decodes the whole picture. A file already in storage was
    checked when it was uploaded: re-saving an article must not reopen it.
    """
    if getattr(upload, "_committed", False):
        return
    limit = settings.IMAGE_UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s). The limit is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    _open(upload)  # the caller owns the file: Pillow's close() would close it too
    upload.seek(0)


def reencode_image(upload) -> ContentFile:
    """Validate and decode `upload`; return it re-encoded, named after the original."""
    validate_image(upload)
    image = _open(upload)
    try:
        image.load()
    except (OSError, SyntaxError, ValueError):
        raise _invalid() from None
    finally:
        upload.seek(0)
    extension, pillow_format, options = FORMATS[image.format]
    try:
        # In place: a transposed copy would hold the picture in memory twice.
        ImageOps.exif_transpose(image, in_place=True)
    except (OSError, SyntaxError, ValueError):  # an EXIF block that is not one
        raise _invalid() from None
    # Only pixels go into the new file. A palette (PLTE) and its transparency
    # (tRNS) are up to 1 KB of bytes of the uploader's choosing, and Pillow
    # copies some metadata from `info` (a JPEG comment, for one) unless told not to.
    if pillow_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA") or "transparency" in image.info:
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    image.info = {}
    buffer = BytesIO()
    image.save(buffer, format=pillow_format, **options)
    return ContentFile(buffer.getvalue(), name=f"{_safe_stem(upload.name)}.{extension}")


def _safe_stem(name: str | None) -> str:
    """The uploaded name without folders, extension, dots or symbols ("foto rapat")."""
    stem = re.sub(r"[^\w\s-]", "", PurePath(name or "").stem)
    return " ".join(stem.split())[:80] or "gambar"


def _open(upload) -> Image.Image:
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that; refuse both.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("The picture is too large to process."), code="too_many_pixels"
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise _invalid() from None
    width, height = image.size
    if image.format not in FORMATS:
        raise _invalid()
    if max(width, height) > MAX_ASPECT_RATIO * min(width, height):
        raise ValidationError(
            _(
                "The picture is too long and thin (%(width)s × %(height)s pixels): "
                "its long side may be at most %(ratio)s times its short side."
            ),
            code="too_narrow",
            params={"width": width, "height": height, "ratio": MAX_ASPECT_RATIO},
        )
    # From the header, before a pixel is decoded: decoding takes about four bytes
    # a pixel, whatever the file's size (a 150 KB PNG can claim 40 million).
    if width * height > settings.IMAGE_UPLOAD_MAX_PIXELS:
        raise ValidationError(
            _(
                "The picture is too large (%(width)s × %(height)s pixels). The limit is "
                "%(megapixels)s megapixels: make it smaller, for example 6000 × 4000."
            ),
            code="too_many_pixels",
            params={
                "width": width,
                "height": height,
                "megapixels": settings.IMAGE_UPLOAD_MAX_PIXELS // 1_000_000,
            },
        )
    return image
