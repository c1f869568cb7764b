"""A stand-in for YouTube's thumbnail and oEmbed hosts: a local HTTP server.

Only the network boundary is replaced: the code under test makes real HTTP
requests with the settings pointed here.
"""

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from urllib.parse import parse_qs, urlsplit

from PIL import Image

TITLE = "Rapat Pleno Terbuka Rekapitulasi Hasil Pemilu"
# The 16:9 picture inside hqdefault's 4:3, between black bars, as YouTube sends it.
PICTURE_COLOUR = (176, 17, 27)


def letterboxed_jpeg() -> bytes:
    image = Image.new("RGB", (480, 360), (0, 0, 0))
    image.paste(Image.new("RGB", (480, 270), PICTURE_COLOUR), (0, 45))
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=95)
    return buffer.getvalue()


class FakeYouTube(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests = []  # paths asked for, in order
        self.thumbnail = letterboxed_jpeg()
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def base(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def point_settings(self, settings):
        settings.VIDEO_THUMBNAIL_URL = f"{self.base}/vi/{{id}}/hqdefault.jpg"
        settings.VIDEO_OEMBED_URL = f"{self.base}/oembed?format=json&url={{url}}"


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        self.server.requests.append(self.path)
        url = urlsplit(self.path)
        if url.path.startswith("/vi/") and url.path.endswith("/hqdefault.jpg"):
            self.answer(self.server.thumbnail, "image/jpeg")
        elif url.path == "/oembed" and "url" in parse_qs(url.query):
            self.answer(json.dumps({"title": TITLE, "type": "video"}).encode(), "application/json")
        else:
            self.send_error(404)

    def answer(self, body, content_type):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def closed_port_url() -> str:
    """An address where nothing listens: the connection is refused, as with no network."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
