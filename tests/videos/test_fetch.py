"""Saving an item that embeds a video stores the video's thumbnail and title, once,
on our server; without network the save goes through and the page keeps a placeholder."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.utils import timezone
from PIL import Image

from pages.models import Page
from tests.admin_forms import change_url, open_article_form
from tests.factories import ArticleFactory
from tests.notices.models import Notice
from tests.videos.youtube_server import PICTURE_COLOUR, TITLE
from videos.models import Video

pytestmark = pytest.mark.django_db

VIDEO = "dQw4w9WgXcQ"
OTHER = "M7lc1UVf-VE"


def embed(video_id, url=None):
    url = url or f"https://youtu.be/{video_id}"
    return f'<figure class="media"><oembed url="{url}"></oembed></figure>'


def close_to(colour, expected, tolerance=40):  # JPEG rings at the old bars
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


def test_saving_an_article_stores_the_thumbnail_and_title(
    youtube, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(body=f"<p>Simak rapatnya.</p>{embed(VIDEO)}")

    video = Video.objects.get(video_id=VIDEO)
    assert video.title == TITLE and video.failure == ""
    assert video.thumbnail.name == f"videos/{VIDEO}.jpg"
    with Image.open(video.thumbnail.path) as picture:
        assert picture.format == "JPEG" and picture.size == (480, 270)
        # Cropped to the picture: YouTube's black bars above and below are gone.
        assert close_to(picture.getpixel((240, 2)), PICTURE_COLOUR)
        assert close_to(picture.getpixel((240, 267)), PICTURE_COLOUR)
    assert [path.split("?")[0] for path in youtube.requests] == [
        f"/vi/{VIDEO}/hqdefault.jpg",
        "/oembed",
    ]


def test_a_video_is_fetched_once_whatever_embeds_it(youtube, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(body=embed(VIDEO) + embed(VIDEO, f"youtube.com/shorts/{VIDEO}"))
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Judul baru"
        article.save()
        ArticleFactory(body=embed(VIDEO))
    assert len([path for path in youtube.requests if path.startswith("/vi/")]) == 1


def test_a_save_that_rolls_back_fetches_nothing(youtube, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        ArticleFactory(body=embed(VIDEO))
    assert youtube.requests == [] and not Video.objects.exists()


@pytest.mark.parametrize(
    "make",
    [
        lambda body: Notice.objects.create(title="Pengumuman", text=body),
        lambda body: Page.objects.create(title="Profil", body=body),
    ],
    ids=["notice (a rich-text field named text)", "page"],
)
def test_every_content_type_with_rich_text_stores_its_videos(
    make, youtube, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make(embed(OTHER))
    assert Video.objects.get(video_id=OTHER).thumbnail


def test_without_network_the_admin_save_succeeds_and_the_failure_is_recorded(
    no_network, editor_client, django_capture_on_commit_callbacks
):
    article = ArticleFactory(body="<p>Sebelum.</p>")
    data = open_article_form(editor_client, article)
    data["body"] = f"<p>Sesudah.</p>{embed(VIDEO)}"
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(change_url(article), data)

    assert response.status_code == HTTPStatus.FOUND
    article.refresh_from_db()
    assert f"watch?v={VIDEO}" in article.body
    video = Video.objects.get(video_id=VIDEO)
    assert not video.thumbnail
    assert "ConnectionError" in video.failure and video.fetched_at is not None


def test_a_failed_fetch_is_tried_again_only_after_the_retry_time(
    no_network, settings, youtube, django_capture_on_commit_callbacks
):
    Video.objects.create(video_id=VIDEO, fetched_at=timezone.now(), failure="ConnectionError")
    with django_capture_on_commit_callbacks(execute=True):
        article = ArticleFactory(body=embed(VIDEO))
    assert youtube.requests == []

    Video.objects.update(
        fetched_at=timezone.now() - timedelta(seconds=settings.VIDEO_FETCH_RETRY_SECONDS)
    )
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    video = Video.objects.get(video_id=VIDEO)
    assert video.thumbnail and video.failure == ""


@pytest.mark.parametrize(
    ("served", "reason"),
    [
        (b"<html>not a picture</html>", "bukan gambar"),  # news/images.py refuses it
        (b"\xff" * 4096, "bytes"),  # over the limit set below
    ],
)
def test_what_is_not_a_small_picture_is_not_stored(
    served, reason, youtube, settings, django_capture_on_commit_callbacks
):
    settings.VIDEO_THUMBNAIL_MAX_BYTES = 2048
    youtube.thumbnail = served
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory(body=embed(VIDEO))
    video = Video.objects.get(video_id=VIDEO)
    assert not video.thumbnail and reason in video.failure


def test_the_command_fetches_what_is_missing_now(youtube):
    from django.core.management import call_command

    Video.objects.create(video_id=VIDEO, fetched_at=timezone.now(), failure="ConnectionError")
    call_command("fetch_video_thumbnails")
    assert Video.objects.get(video_id=VIDEO).thumbnail
