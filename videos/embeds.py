"""A body's YouTube embeds as facades: our stored thumbnail and a play button.

Nothing on the page comes from a third party: the thumbnail is ours
(videos/fetch.py), and static/js/video-facade.js puts YouTube's player (from
youtube-nocookie.com, the one frame source the CSP allows) in its place only
when the reader presses play. Without script the button stays hidden and the
link to the video on YouTube remains.
"""

from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.html import format_html

from . import youtube
from .models import Video


def render_videos(body: str) -> str:
    """`body` (sanitised) with each stored embed as a facade. One query when it has any;
    most bodies have none, and come back unchanged after one scan in C."""
    if "<oembed" not in body:
        return body
    ids = {video.id for video in youtube.stored_videos(body)}
    if not ids:
        return body
    known = {
        video.video_id: video
        for video in Video.objects.filter(video_id__in=ids).only("video_id", "title", "thumbnail")
    }

    def facade(match):
        video = youtube.Video(match[1], int(match[2] or 0))
        return render_to_string(
            "videos/facade.html", {"video": video, "stored": known.get(video.id)}
        ).strip()

    # One script for the page, after the facades it looks for.
    script = format_html('<script src="{}" defer></script>', static("js/video-facade.js"))
    return youtube.STORED_EMBED.sub(facade, body) + script
