"""Resized copies of article covers ("renditions"), made once when a cover is saved.

`make_cover_renditions(article)` asks sorl-thumbnail for WebP and JPEG copies at
400, 800 and 1200 pixels wide (never wider than the original) and a 1200×630
crop for link previews (og:image), and stores what it got in
`Article.cover_renditions`:

    {
        "source": "covers/2025/06/rapat.jpg",  # the cover they were made from
        "webp": [{"name": "cache/ab/cd/….webp", "width": 400, "height": 225}, …],
        "jpeg": [{"name": "cache/ef/01/….jpg", "width": 400, "height": 225}, …],
        "share": {"name": "cache/23/45/….jpg", "width": 1200, "height": 630},
        "ratios": [{"name": "cache/67/89/….jpg", "width": 675, "height": 675}, …],
    }

`ratios` are the 1:1, 4:3 and 16:9 crops Google asks for in an article's
structured data (news/structured_data.py), as wide as the cover allows up to
1200 pixels.

Lists are ordered by width, narrowest first. Pages read only this dict: the
helpers below build srcset strings and URLs from it with no storage access and
no query, and fall back to the original cover when the dict is missing or was
made from another file (`is_current`).

Callers: the task queue (news/tasks.py, queued by ArticleAdmin.save_model when
the cover changed), load_demo_content, and `manage.py make_cover_renditions` for
the rest. No signal, nothing in save().
"""

from django.core.files.storage import default_storage
from sorl.thumbnail import delete, get_thumbnail, source_cache
from sorl.thumbnail.images import ImageFile

WIDTHS = (400, 800, 1200)
# (key in the dict, sorl/Pillow format, quality): WebP first, JPEG for the rest.
FORMATS = (("webp", "WEBP", 80), ("jpeg", "JPEG", 82))
SHARE_GEOMETRY = "1200x630"  # 1.91:1, what Facebook, WhatsApp and X crop link previews to
SHARE_QUALITY = 85
SHARE_MEDIA_TYPE = "image/jpeg"  # the share and structured-data crops are all JPEG
# Google's documented aspect ratios for an article's images, in that order.
STRUCTURED_DATA_RATIOS = ((1, 1), (4, 3), (16, 9))
RATIO_MAX_WIDTH = 1200
# Google ignores article images under 50 000 pixels: a smaller crop is enlarged.
RATIO_MIN_PIXELS = 50_000
# The <img> fallback: browsers that use srcset pick their own; the rest get this width.
FALLBACK_WIDTH = 800


def make_cover_renditions(article, field="cover", share=True) -> dict:
    """Make the renditions of `article.cover`, store them and save that one field.

    Reads the cover once and writes 10 files (fewer for a small cover): about
    0.5 s for a 1200-pixel picture, WebP encoding most of it, and some 35 small
    queries for sorl's key-value store. Without a cover the dict is emptied.
    Another model's picture: `field` names it (its renditions are in
    `<field>_renditions`), and share=False leaves out the link-preview and
    structured-data crops (pages.Person's photo).
    """
    renditions = {}
    cover = getattr(article, field)
    if cover:
        # Start afresh: sorl would otherwise hand back the renditions it already
        # made for a file of the same name, which may since have been replaced.
        delete(cover, delete_file=False)
        with source_cache():  # the cover is read from storage once for all seven
            source = ImageFile(cover)
            source.set_size()
            widths = [width for width in WIDTHS if width <= source.width] or [WIDTHS[0]]
            for key, image_format, quality in FORMATS:
                renditions[key] = [
                    _entry(
                        # Width only: the height follows the picture's proportions.
                        get_thumbnail(
                            cover,
                            str(width),
                            format=image_format,
                            quality=quality,
                            upscale=False,
                        )
                    )
                    for width in widths
                ]
            # Always exactly 1200×630, enlarged if need be: link previews want that frame.
            if share:
                renditions["share"] = _entry(
                    get_thumbnail(
                        cover,
                        SHARE_GEOMETRY,
                        crop="center",
                        format="JPEG",
                        quality=SHARE_QUALITY,
                        upscale=True,
                    )
                )
                renditions["ratios"] = [
                    _entry(
                        get_thumbnail(
                            cover,
                            ratio_geometry(source.width, source.height, ratio),
                            crop="center",
                            format="JPEG",
                            quality=SHARE_QUALITY,
                            upscale=True,
                        )
                    )
                    for ratio in STRUCTURED_DATA_RATIOS
                ]
        renditions = {"source": cover.name, **renditions}
    setattr(article, f"{field}_renditions", renditions)
    article.save(update_fields=[f"{field}_renditions"])
    return renditions


def ratio_geometry(width, height, ratio) -> str:
    """The widest crop of a width × height picture at `ratio`, at most RATIO_MAX_WIDTH
    wide, as a sorl geometry ("675x675"); enlarged to RATIO_MAX_WIDTH when it
    would be too small for Google.
    """
    across, down = ratio
    crop_width = min(RATIO_MAX_WIDTH, width, height * across // down)
    if crop_width * crop_width * down / across < RATIO_MIN_PIXELS:
        crop_width = RATIO_MAX_WIDTH
    return f"{crop_width}x{round(crop_width * down / across)}"


def _entry(thumbnail) -> dict:
    return {"name": thumbnail.name, "width": thumbnail.width, "height": thumbnail.height}


# --- Reading the stored dict: pure, for templates and views ------------------


def is_current(article, field="cover") -> bool:
    """True when the stored renditions were made from the article's present cover."""
    renditions = getattr(article, f"{field}_renditions") or {}
    cover = getattr(article, field)
    return bool(cover) and renditions.get("source") == cover.name


def srcset(entries) -> str:
    """`url 400w, url 800w, …` for a list of stored renditions."""
    return ", ".join(f"{default_storage.url(entry['name'])} {entry['width']}w" for entry in entries)


# Phones (up to 30em wide) get at most the 2x copy, by density rather than width:
# a 3x screen would otherwise pick the 1200-pixel copy for a 390-pixel column,
# nearly doubling the page's weight for a difference no eye sees in a photo.
PHONE_MEDIA = "(max-width: 30em)"
PHONE_WIDTHS = (400, 800)


def phone_srcset(entries) -> str:
    """`url 1x, url 2x` from the 400 and 800 copies; empty if there are not both."""
    by_width = {entry["width"]: entry for entry in entries}
    if not all(width in by_width for width in PHONE_WIDTHS):
        return ""
    return ", ".join(
        f"{default_storage.url(by_width[width]['name'])} {density}x"
        for density, width in enumerate(PHONE_WIDTHS, 1)
    )


def fallback(entries) -> dict:
    """The rendition for `<img src>`: the widest up to FALLBACK_WIDTH, else the narrowest."""
    fitting = [entry for entry in entries if entry["width"] <= FALLBACK_WIDTH]
    return fitting[-1] if fitting else entries[0]


def cover_picture(article, field="cover") -> dict | None:
    """What news.cards.picture_html() prints; None without a cover.

    Keys: webp_srcset, srcset (JPEG), src, width, height. With missing or stale
    renditions: the original cover, its stored size, and no srcset. `field`:
    as for make_cover_renditions().
    """
    cover = getattr(article, field)
    if not cover:
        return None
    if not is_current(article, field):
        return {
            "webp_srcset": "",
            "srcset": "",
            "src": cover.url,
            "width": getattr(article, f"{field}_width"),
            "height": getattr(article, f"{field}_height"),
        }
    renditions = getattr(article, f"{field}_renditions")
    jpeg = renditions["jpeg"]
    src = fallback(jpeg)
    return {
        "webp_srcset": srcset(renditions["webp"]),
        "srcset": srcset(jpeg),
        "src": default_storage.url(src["name"]),
        "width": src["width"],
        "height": src["height"],
    }


def share_image(article) -> dict | None:
    """The 1200×630 JPEG for og:image, as {"url", "width", "height"}; None if not made yet.

    The URL is relative (MEDIA_URL…): make it absolute with request.build_absolute_uri.
    """
    if not is_current(article):
        return None
    share = article.cover_renditions["share"]
    return {
        "url": default_storage.url(share["name"]),
        "width": share["width"],
        "height": share["height"],
    }


def structured_data_images(article) -> list[dict]:
    """The 1:1, 4:3 and 16:9 crops as [{"url", "width", "height"}, …]; empty when
    they have not been made (renditions from before they existed included).
    """
    if not is_current(article):
        return []
    return [
        {
            "url": default_storage.url(entry["name"]),
            "width": entry["width"],
            "height": entry["height"],
        }
        for entry in article.cover_renditions.get("ratios", [])
    ]


def share_image_url(article) -> str | None:
    """The share image's URL (relative), or None when it has not been made."""
    image = share_image(article)
    return image["url"] if image else None
