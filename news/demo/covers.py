"""Cover pictures for the demo articles, drawn with Pillow (no network, no stock photos)."""

import random
from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 675
PALETTES = [
    ("#b0111b", "#f2c14e"),
    ("#7f0a12", "#e8e1d9"),
    ("#1d4e89", "#f7f3f3"),
    ("#2f6b3b", "#f2c14e"),
    ("#5b2a86", "#e8e1d9"),
]


def draw_cover(seed: str, label: str, palette_index: int) -> ContentFile:
    """A poster-like picture: a ballot box, voters in line, and the office's name."""
    rng = random.Random(seed)  # noqa: S311 (decoration, not security)
    dark, light = PALETTES[palette_index % len(PALETTES)]
    image = Image.new("RGB", (WIDTH, HEIGHT), dark)
    draw = ImageDraw.Draw(image)
    for _ in range(14):
        x, y = rng.randrange(WIDTH), rng.randrange(HEIGHT)
        radius = rng.randrange(40, 220)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], outline=light, width=3)
    box_left = rng.randrange(120, 700)
    draw.rounded_rectangle([box_left, 300, box_left + 360, 560], radius=18, fill="white")
    draw.rounded_rectangle([box_left + 40, 330, box_left + 320, 350], radius=8, fill=dark)
    draw.rounded_rectangle(
        [box_left + 110, 170, box_left + 250, 340], radius=8, fill=light, outline=dark, width=6
    )
    draw.line([box_left + 140, 230, box_left + 170, 260, box_left + 220, 200], fill=dark, width=12)
    for index in range(rng.randrange(2, 5)):
        x = 60 + index * 90 if box_left > 500 else WIDTH - 120 - index * 90
        draw.ellipse([x, 360, x + 60, 420], fill=light)
        draw.rounded_rectangle([x - 10, 430, x + 70, 600], radius=30, fill=light)
    draw.rectangle([0, HEIGHT - 70, WIDTH, HEIGHT], fill="white")
    draw.text((40, HEIGHT - 55), label, fill=dark, font=ImageFont.load_default(size=34))
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=80, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue(), name=f"{seed}.jpg")
