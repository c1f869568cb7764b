"""What survives of video markup in a body: a YouTube embed in CKEditor's shape, nothing else."""

import pytest

from publishing.sanitize import clean_html
from videos import youtube

pytestmark = pytest.mark.django_db


def embed(url):
    return f'<figure class="media"><oembed url="{url}"></oembed></figure>'


STORED = embed("https://www.youtube.com/watch?v=dQw4w9WgXcQ")


@pytest.mark.parametrize(
    "pasted",
    [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ",
        "http://m.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ",
        "youtu.be/dQw4w9WgXcQ",  # as typed, no scheme
        "https://www.youtube.com/shorts/dQw4w9WgXcQ",
        "https://www.youtube.com/live/dQw4w9WgXcQ?si=abc",
        "https://www.youtube.com/embed/dQw4w9WgXcQ",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    ],
)
def test_youtube_links_are_kept_in_one_stored_form(pasted):
    assert clean_html(f"<p>Sidang pleno:</p>{embed(pasted)}") == f"<p>Sidang pleno:</p>{STORED}"


def test_a_start_time_is_kept_in_seconds():
    assert clean_html(embed("https://youtu.be/dQw4w9WgXcQ?t=1h2m3s")) == embed(
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=3723"
    )
    assert youtube.stored_videos(clean_html(embed("https://youtu.be/dQw4w9WgXcQ?t=90"))) == [
        youtube.Video("dQw4w9WgXcQ", 90)
    ]


@pytest.mark.parametrize(
    "url",
    [
        "https://vimeo.com/76979871",
        "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://evil.example/?u=https://youtu.be/dQw4w9WgXcQ",
        "https://user@youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtube.com:8443/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ%22onerror%3D",
        "https://www.youtube.com/playlist?list=PL0123456789",
        "javascript:alert(1)//youtu.be/dQw4w9WgXcQ",
        "data:text/html,<script>alert(1)</script>",
        "",
    ],
)
def test_other_embeds_are_removed_whole(url):
    assert clean_html(f"<p>a</p>{embed(url)}<p>b</p>") == "<p>a</p><figure></figure><p>b</p>"


@pytest.mark.parametrize(
    "html",
    [
        # Right link, wrong place or shape.
        '<p><oembed url="https://youtu.be/dQw4w9WgXcQ"></oembed></p>',
        '<figure class="media"><oembed url="https://youtu.be/dQw4w9WgXcQ">x</oembed></figure>',
        '<figure class="media"><p>x</p><oembed url="https://youtu.be/dQw4w9WgXcQ"></oembed>'
        "</figure>",
        # Frames, whatever their source.
        '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"></iframe>',
        '<figure class="media"><iframe src="https://youtu.be/dQw4w9WgXcQ"></iframe></figure>',
        '<embed src="https://youtu.be/dQw4w9WgXcQ">',
        '<object data="https://youtu.be/dQw4w9WgXcQ"></object>',
    ],
)
def test_video_markup_in_any_other_shape_keeps_no_embed(html):
    cleaned = clean_html(html)
    assert youtube.stored_videos(cleaned) == []
    assert "oembed" not in cleaned and "iframe" not in cleaned and "media" not in cleaned


def test_script_in_an_embed_link_stays_text():
    cleaned = clean_html(embed('https://youtu.be/dQw4w9WgXcQ"><script>alert(1)</script>'))
    assert "<script" not in cleaned and "oembed" not in cleaned


def test_javascript_links_beside_an_embed_are_still_removed():
    cleaned = clean_html(f'{STORED}<p><a href="javascript:alert(1)">klik</a></p>')
    assert cleaned == f'{STORED}<p><a rel="noopener noreferrer">klik</a></p>'


def test_figure_layout_classes_other_than_media_are_kept():
    html = '<figure class="image media"><img src="/media/a.jpg" alt="Foto"></figure>'
    assert clean_html(html) == '<figure class="image"><img src="/media/a.jpg" alt="Foto"></figure>'
