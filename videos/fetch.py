"""Fetching a video's thumbnail and title from YouTube when an item embedding it is saved.

After the commit (transaction.on_commit), so a rolled-back save fetches
nothing, and within a bounded time: each request has a timeout, each response
a size limit, and one save a total budget; what does not fit is fetched on a
later save or by `manage.py fetch_video_thumbnails`. A failure never fails
the save: it is recorded on the Video row (and logged), and the page shows a
plain placeholder with the play button until a later attempt succeeds.

The picture is decoded and re-encoded as uploads are (news/images.py), then
cropped to 16:9: what we serve is our own JPEG, never YouTube's bytes.
"""

import json
import logging
import time
from io import BytesIO
from urllib.parse import quote

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from PIL import Image, ImageOps

from news.images import reencode_image
from publishing.fields import SanitizedRichTextField
from publishing.models import publishable_models

from . import youtube
from .models import THUMBNAIL_SIZE, Video

logger = logging.getLogger(__name__)

# An oEmbed answer is a few hundred bytes; a title longer than the field is cut.
MAX_OEMBED_BYTES = 64 * 1024


class FetchError(Exception):
    pass


def rich_text_fields(model):
    return [
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, SanitizedRichTextField)
    ]


def watch_publishable_models():
    """Connect `fetch_after_save` to every content type with a rich-text body."""
    for model in publishable_models():
        if rich_text_fields(model):
            post_save.connect(
                fetch_after_save, sender=model, dispatch_uid=f"videos-fetch:{model._meta.label}"
            )


def fetch_after_save(sender, instance, raw, update_fields, **kwargs):
    """post_save: fetch, after the commit, what is missing for the videos the item embeds.

    No query for a body without a video; one for a body with videos all fetched.
    """
    if raw:  # loaddata
        return
    fields = rich_text_fields(sender)
    if update_fields is not None:
        fields = [name for name in fields if name in update_fields]
    ids = list(
        dict.fromkeys(
            video.id for name in fields for video in youtube.stored_videos(getattr(instance, name))
        )
    )
    if not ids:
        return
    done = set(
        Video.objects.filter(video_id__in=ids)
        .exclude(thumbnail="")
        .values_list("video_id", flat=True)
    )
    missing = [video_id for video_id in ids if video_id not in done]
    if missing:
        transaction.on_commit(lambda: fetch_missing(missing))


def fetch_missing(video_ids, *, force=False) -> list[Video]:
    """Fetch the thumbnail (and title) of each video that has none, within
    VIDEO_FETCH_BUDGET_SECONDS in all. A recent failure waits for its retry time
    unless `force`. Returns the videos attempted."""
    now = timezone.now()
    deadline = time.monotonic() + settings.VIDEO_FETCH_BUDGET_SECONDS
    attempted = []
    for video_id in video_ids:
        if time.monotonic() >= deadline:
            logger.info("Video fetch budget spent; %s left for a later save", video_id)
            break
        video, _created = Video.objects.get_or_create(video_id=video_id)
        if (force and not video.thumbnail) or video.needs_fetch(now):
            fetch(video)
            attempted.append(video)
    return attempted


def fetch(video: Video) -> Video:
    """Fetch and store `video`'s thumbnail and title; on failure record why. Saves."""
    video.fetched_at = timezone.now()
    try:
        data = download(
            settings.VIDEO_THUMBNAIL_URL.format(id=video.video_id),
            settings.VIDEO_THUMBNAIL_MAX_BYTES,
        )
        content = thumbnail(data, video.video_id)
    except (requests.RequestException, FetchError, ValidationError) as error:
        video.failure = describe(error)
        logger.warning("Video %s: no thumbnail (%s)", video.video_id, video.failure)
        video.save(update_fields=["fetched_at", "failure"])
        return video
    video.title = fetch_title(video.video_id) or video.title
    video.failure = ""
    video.thumbnail.save(content.name, content, save=False)
    video.save()
    return video


def download(url: str, max_bytes: int) -> bytes:
    """The body of a 200 answer to GET `url`, within the timeout and `max_bytes`.

    No redirects: the hosts are fixed in settings and answer directly. The
    deadline covers the whole body, so a server sending a byte at a time cannot
    hold the save longer than the timeout.
    """
    timeout = settings.VIDEO_FETCH_TIMEOUT_SECONDS
    deadline = time.monotonic() + timeout
    with requests.get(url, timeout=timeout, stream=True, allow_redirects=False) as response:
        if response.status_code != 200:
            raise FetchError(f"HTTP {response.status_code}")
        length = response.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > max_bytes:
            raise FetchError(f"{length} bytes is more than {max_bytes}")
        received = bytearray()
        for chunk in response.iter_content(16 * 1024):
            received += chunk
            if len(received) > max_bytes:
                raise FetchError(f"more than {max_bytes} bytes")
            if time.monotonic() > deadline:
                raise FetchError(f"slower than {timeout} s")
    return bytes(received)


def thumbnail(data: bytes, video_id: str) -> ContentFile:
    """`data` checked and re-encoded like an upload, cropped to the player's 16:9 as JPEG."""
    reencoded = reencode_image(ContentFile(data, name=f"{video_id}.jpg"))
    with Image.open(reencoded) as image:
        picture = ImageOps.fit(image.convert("RGB"), THUMBNAIL_SIZE, Image.Resampling.LANCZOS)
    buffer = BytesIO()
    picture.save(buffer, format="JPEG", quality=80, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue(), name=f"{video_id}.jpg")


def fetch_title(video_id: str) -> str:
    """The video's title from YouTube's oEmbed endpoint; "" if it cannot be had."""
    watch_url = youtube.canonical_url(youtube.Video(video_id))
    url = settings.VIDEO_OEMBED_URL.format(url=quote(watch_url, safe=""))
    try:
        answer = json.loads(download(url, MAX_OEMBED_BYTES))
    except (requests.RequestException, FetchError, ValueError) as error:
        logger.info("Video %s: no title (%s)", video_id, describe(error))
        return ""
    title = answer.get("title") if isinstance(answer, dict) else None
    return " ".join(title.split())[:200] if isinstance(title, str) else ""


def describe(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)[:200]
    return f"{type(error).__name__}: {error}"[:200]
