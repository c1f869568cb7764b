from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from news.images import reencode_image, validate_image
from tests.images import image_bytes, png_claiming_size, upload


def codes(error):
    return {e.code for e in error.value.error_list}


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_ordinary_pictures_are_accepted_and_reencoded(fmt):
    result = reencode_image(upload(f"foto.{fmt.lower()}", image_bytes(fmt)))
    with Image.open(BytesIO(result.read())) as image:
        assert image.size == (640, 360)
        assert image.format == {"GIF": "PNG"}.get(fmt, fmt)


def test_broken_file_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_image(upload("rusak.jpg", b"\xff\xd8\xff\xe0 this is not really a jpeg"))
    assert codes(error) == {"invalid_image"}


def test_truncated_picture_is_refused_when_decoded():
    whole = image_bytes("JPEG", size=(1200, 800), color="#123456", quality=95)
    with pytest.raises(ValidationError) as error:
        reencode_image(upload("potong.jpg", whole[: len(whole) // 2]))
    assert codes(error) == {"invalid_image"}


def test_svg_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9"/></svg>'
    with pytest.raises(ValidationError) as error:
        validate_image(upload("logo.svg", svg, "image/svg+xml"))
    assert codes(error) == {"invalid_image"}


def test_other_image_types_are_refused():
    with pytest.raises(ValidationError) as error:
        validate_image(upload("gambar.bmp", image_bytes("BMP"), "image/bmp"))
    assert codes(error) == {"invalid_image"}


def test_decompression_bomb_is_refused_before_decoding():
    bomb = png_claiming_size(50_000, 50_000)
    with pytest.raises(ValidationError) as error:
        validate_image(upload("bom.png", bomb, "image/png"))
    assert codes(error) == {"too_many_pixels"}


def test_picture_over_pillows_warning_threshold_is_refused():
    # Between Pillow's MAX_IMAGE_PIXELS and twice that, Pillow only warns.
    with pytest.raises(ValidationError) as error:
        validate_image(upload("besar.png", png_claiming_size(10_000, 10_000), "image/png"))
    assert codes(error) == {"too_many_pixels"}


def test_too_many_pixels_for_the_setting_is_refused(settings):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 100 * 100
    with pytest.raises(ValidationError) as error:
        validate_image(upload("besar.jpg", image_bytes(size=(101, 100))))
    assert codes(error) == {"too_many_pixels"}


def test_file_over_the_size_limit_is_refused(settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        validate_image(upload("berat.jpg", image_bytes(size=(400, 400))))
    assert codes(error) == {"file_too_large"}
    assert "1000" in error.value.messages[0] or "KB" in error.value.messages[0]


def test_reencoding_strips_exif_and_trailing_payloads():
    exif = Image.Exif()
    exif[0x010F] = "Kamera Staf"  # Make
    original = image_bytes(exif=exif.tobytes()) + b"<script>alert(1)</script>"
    result = reencode_image(upload("exif.jpg", original)).read()
    assert b"<script>" not in result
    with Image.open(BytesIO(result)) as image:
        assert not image.getexif()


def test_uploaded_name_keeps_only_a_safe_stem():
    result = reencode_image(upload("../../etc/passwd.png", image_bytes("PNG"), "image/png"))
    assert result.name == "passwd.png"


def test_a_small_file_claiming_40_megapixels_is_refused_before_decoding(monkeypatch):
    """The attack: a 155 KB, 6320 × 6320 RGBA PNG took a worker to 373 MB while it was
    checked. Now the header alone refuses it, with the limit and what to do."""
    from PIL import ImageFile

    def decode(self):
        raise AssertionError("the picture was decoded")

    bomb = BytesIO()
    Image.new("RGBA", (6320, 6320)).save(bomb, format="PNG")
    assert len(bomb.getvalue()) < 200_000
    monkeypatch.setattr(ImageFile.ImageFile, "load", decode)
    with pytest.raises(ValidationError) as error:
        reencode_image(upload("poster.png", bomb.getvalue(), "image/png"))
    assert codes(error) == {"too_many_pixels"}
    assert "6320 × 6320" in error.value.messages[0]
    assert "25" in error.value.messages[0]


def test_a_24_megapixel_camera_photo_is_accepted():
    accepted = reencode_image(upload("kamera.jpg", image_bytes(size=(6000, 4000))))
    assert Image.open(accepted).size == (6000, 4000)
