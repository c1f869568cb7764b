import pytest

from tests.videos.youtube_server import FakeYouTube, closed_port_url


@pytest.fixture
def youtube(settings):
    """The thumbnail and oEmbed hosts, served locally; `youtube.requests` lists what was asked."""
    server = FakeYouTube()
    server.thread.start()
    server.point_settings(settings)
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def no_network(settings):
    base = closed_port_url()
    settings.VIDEO_THUMBNAIL_URL = f"{base}/vi/{{id}}/hqdefault.jpg"
    settings.VIDEO_OEMBED_URL = f"{base}/oembed?url={{url}}"
