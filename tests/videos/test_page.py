"""The public page shows a video as our thumbnail and a play button: nothing on it
comes from a third party, and the CSP allows YouTube's privacy-enhanced player only."""

from html.parser import HTMLParser
from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import ArticleFactory
from tests.images import image_bytes
from tests.security.test_headers import policy
from videos.models import Video

pytestmark = pytest.mark.django_db

VIDEO = "dQw4w9WgXcQ"
BODY = (
    "<p>Rapat pleno dapat disimak kembali.</p>"
    f'<figure class="media"><oembed url="https://youtu.be/{VIDEO}?t=95"></oembed></figure>'
)
# Attributes whose URL the browser loads by itself, without the reader acting.
LOADED = {"src", "srcset", "poster", "data", "background"}


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html):
    parser = Elements()
    parser.feed(html)
    return parser.elements


def urls(value):
    return [part.split()[0] for part in value.split(",") if part.strip()]


def third_party(url):
    return urlsplit(url).hostname not in (None, "testserver")


def stored_video(title="Rapat Pleno Terbuka"):
    video = Video(video_id=VIDEO, title=title)
    video.thumbnail.save(f"{VIDEO}.jpg", ContentFile(image_bytes(size=(480, 270))), save=False)
    video.save()
    return video


def facade(html):
    start = html.index('<figure class="video-facade"')
    return html[start : html.index("</figure>", start)]


def test_the_page_loads_nothing_from_a_third_party():
    stored_video()
    response = Client().get(ArticleFactory(body=BODY).get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()

    loaded = [
        url
        for tag, attrs in elements(html)
        for name, value in attrs.items()
        if name in LOADED or (tag == "link" and name == "href")
        for url in urls(value or "")
    ]
    assert [url for url in loaded if third_party(url)] == []
    assert "<iframe" not in html
    # In the facade, the one outside address is the link to the video on YouTube.
    links = [
        (tag, attrs)
        for tag, attrs in elements(facade(html))
        if any(third_party(url) for value in attrs.values() for url in urls(value or ""))
    ]
    assert links == [("a", {"href": f"https://www.youtube.com/watch?v={VIDEO}&t=95"})]


def test_the_facade_has_our_thumbnail_a_named_button_and_the_script(settings):
    stored_video()
    html = Client().get(ArticleFactory(body=BODY).get_absolute_url()).content.decode()
    figure = facade(html)
    assert f'<img class="video-facade__thumbnail" src="/media/videos/{VIDEO}.jpg"' in figure
    assert 'width="480" height="270" alt=""' in figure
    assert '<button class="video-facade__play" type="button" hidden>' in figure
    assert "Putar video: Rapat Pleno Terbuka" in figure
    assert "Tonton di YouTube: Rapat Pleno Terbuka" in figure
    assert f'data-video-id="{VIDEO}" data-video-start="95"' in figure
    assert html.count('<script src="/static/js/video-facade.js" defer></script>') == 1


def test_without_a_thumbnail_the_facade_is_a_placeholder():
    html = Client().get(ArticleFactory(body=BODY).get_absolute_url()).content.decode()
    figure = facade(html)
    assert "<img" not in figure
    assert "Putar video: video YouTube" in figure


def test_the_title_is_escaped():
    stored_video(title='<script>alert("x")</script>')
    html = Client().get(ArticleFactory(body=BODY).get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in facade(html)


def test_videos_cost_one_query_and_bodies_without_cost_none():
    warm_up, plain = ArticleFactory(), ArticleFactory()
    with_video = ArticleFactory(body=BODY + BODY.replace(VIDEO, "M7lc1UVf-VE"))
    Client().get(warm_up.get_absolute_url())  # the menu and header, kept per process
    counts = []
    for article in (plain, with_video):
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(article.get_absolute_url()).status_code == HTTPStatus.OK
        counts.append(len(queries))
    assert counts[1] == counts[0] + 1


def test_the_csp_allows_youtube_nocookie_frames_and_nothing_more(client):
    response = client.get(ArticleFactory(body=BODY).get_absolute_url())
    directives = policy(response)
    assert directives["frame-src"] == ["https://www.youtube-nocookie.com"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["default-src"] == ["'self'"]
    features = dict(item.split("=", 1) for item in response["Permissions-Policy"].split(", "))
    for feature in ("autoplay", "encrypted-media"):
        assert features[feature] == '(self "https://www.youtube-nocookie.com")', feature
    assert "fullscreen" not in features  # the default: this page, and frames it delegates to
