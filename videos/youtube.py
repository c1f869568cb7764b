"""YouTube links as writers paste them, and the one form a body keeps them in.

CKEditor 5's media embed (settings.CKEDITOR_5_CONFIGS, "mediaEmbed") writes
`<figure class="media"><oembed url="…"></oembed></figure>` with the link as it
was pasted. The sanitiser (publishing/sanitize.py) keeps that shape only for a
link `parse()` accepts, and stores it as `canonical_url()`, so that everything
reading bodies afterwards (videos/embeds.py) matches one exact form.

Pure functions, no models: the sanitiser imports this module.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

# A YouTube video id: 11 characters of the URL-safe base64 alphabet.
VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{11}")
# "90", "90s", "1m30s", "1h2m3s": how YouTube writes a start time in `t=`.
START_TIME = re.compile(r"(?:(\d{1,2})h)?(?:(\d{1,3})m)?(?:(\d{1,6})s?)?")

WATCH_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com"}
# Paths that carry the id as their second segment: /shorts/<id>, /live/<id> (a
# live stream's share link: plenary sessions are streamed), /embed/<id>, /v/<id>.
ID_PATHS = {"shorts", "live", "embed", "v"}
NOCOOKIE_HOSTS = {"youtube-nocookie.com", "www.youtube-nocookie.com"}
# Links as the editor's paste handler sees them; longer ones are not links.
MAX_URL_LENGTH = 2000

# How a sanitised body holds an embed (what canonical_url() writes, as nh3
# serialises it: `&` as `&amp;`). Group 1 is the id, group 2 the start second.
STORED_EMBED = re.compile(
    r'<figure class="media"><oembed url="https://www\.youtube\.com/watch\?v=([A-Za-z0-9_-]{11})'
    r'(?:&amp;t=(\d{1,6}))?"></oembed></figure>'
)


@dataclass(frozen=True)
class Video:
    id: str
    start: int = 0  # seconds into the video

    @property
    def watch_url(self) -> str:
        """The video on YouTube: the stored form, and the link for readers without script."""
        return canonical_url(self)


def parse(url: str) -> Video | None:
    """The video a YouTube link points to, or None for anything else.

    Accepts youtube.com/watch?v=, youtu.be/, youtube.com/shorts|live|embed|v/
    and youtube-nocookie.com/embed/, over http or https or with no scheme (the
    editor keeps "youtu.be/…" as typed); never a user, password or port.
    """
    url = (url or "").strip()
    if not url or len(url) > MAX_URL_LENGTH:
        return None
    if "://" not in url:
        url = f"https://{url}"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or parts.username or parts.password or port:
        return None
    host = (parts.hostname or "").lower()
    query = parse_qs(parts.query)
    segments = [segment for segment in parts.path.split("/") if segment]
    video_id = None
    if host in WATCH_HOSTS and segments == ["watch"]:
        video_id = (query.get("v") or [None])[0]
    elif host in WATCH_HOSTS and len(segments) == 2 and segments[0] in ID_PATHS:
        video_id = segments[1]
    elif host == "youtu.be" and len(segments) == 1:
        video_id = segments[0]
    elif host in NOCOOKIE_HOSTS and len(segments) == 2 and segments[0] == "embed":
        video_id = segments[1]
    if not video_id or not VIDEO_ID.fullmatch(video_id):
        return None
    start = (query.get("t") or query.get("start") or ["0"])[0]
    return Video(video_id, start_seconds(start))


def start_seconds(value: str) -> int:
    """Seconds from a `t=`/`start=` value; 0 when it is not one."""
    match = START_TIME.fullmatch(value.strip())
    if not match:
        return 0
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return min(hours * 3600 + minutes * 60 + seconds, 999_999)


def canonical_url(video: Video) -> str:
    url = f"https://www.youtube.com/watch?v={video.id}"
    return f"{url}&t={video.start}" if video.start else url


def stored_videos(body: str) -> list[Video]:
    """The videos a sanitised body embeds, in order (repeats included)."""
    if "<oembed" not in (body or ""):
        return []
    return [Video(match[1], int(match[2] or 0)) for match in STORED_EMBED.finditer(body)]
