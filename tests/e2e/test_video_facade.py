"""A video in an article, in a real browser: until the reader presses play the page
asks no one but our server for anything; then YouTube's privacy-enhanced player
loads, allowed by the CSP, in the same 16:9 box."""

from urllib.parse import urlsplit

import pytest
from django.urls import re_path
from playwright.sync_api import expect

from kpu_site.urls import serve_media
from kpu_site.urls import urlpatterns as site_urlpatterns
from tests.e2e.conftest import READER_USER_AGENT, log_in
from tests.e2e.test_csp import WATCH_VIOLATIONS
from tests.factories import ArticleFactory
from tests.videos.youtube_server import TITLE, FakeYouTube, closed_port_url
from videos.models import Video

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    # The live server serves the stored thumbnail as the development server does.
    pytest.mark.urls(__name__),
]
urlpatterns = [re_path(r"^media/(?P<path>.*)$", serve_media), *site_urlpatterns]

VIDEO = "dQw4w9WgXcQ"
PLAYER = f"https://www.youtube-nocookie.com/embed/{VIDEO}?autoplay=1&start=95"


@pytest.fixture
def article_with_video(settings):
    """Saved as the admin saves it: the thumbnail is fetched (from a local stand-in
    for YouTube, the one network boundary replaced) and stored by our server."""
    youtube = FakeYouTube()
    youtube.thread.start()
    youtube.point_settings(settings)
    try:
        article = ArticleFactory(
            body="<p>Rapat pleno terbuka rekapitulasi dapat disimak kembali.</p>"
            f'<figure class="media"><oembed url="https://youtu.be/{VIDEO}?t=95"></oembed></figure>'
            "<p>Hasil rekapitulasi ditetapkan dalam berita acara.</p>"
        )
    finally:
        youtube.shutdown()
        youtube.server_close()
    assert Video.objects.get(video_id=VIDEO).thumbnail
    return article


@pytest.mark.parametrize(("width", "height", "keyboard"), [(390, 844, False), (1366, 900, True)])
def test_nothing_leaves_for_youtube_until_play(
    live_server, browser, artifacts, article_with_video, width, height, keyboard
):
    context = browser.new_context(
        viewport={"width": width, "height": height},
        is_mobile=width < 800,
        user_agent=READER_USER_AGENT,
    )
    violations, requests = [], []
    context.expose_function("reportViolation", lambda text: violations.append(text))
    context.add_init_script(WATCH_VIOLATIONS)
    # The player's own answer, so the test neither needs nor uses the network. The
    # route is reached only if the CSP let the frame's request go out.
    context.route(
        "https://www.youtube-nocookie.com/**",
        lambda route: route.fulfill(
            content_type="text/html", body="<title>player</title><p>YouTube player</p>"
        ),
    )
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and violations.append(message.text)
        ),
    )

    page.goto(f"{live_server.url}{article_with_video.get_absolute_url()}")
    button = page.get_by_role("button", name=f"Putar video: {TITLE}")
    expect(button).to_be_visible()
    button.scroll_into_view_if_needed()
    page.wait_for_load_state("networkidle")
    frame = page.locator(".video-facade__frame")
    before = frame.bounding_box()
    assert abs(before["width"] / before["height"] - 16 / 9) < 0.02
    thumbnail = page.locator(".video-facade__thumbnail")
    # Our stored thumbnail, decoded (so the screenshot shows it).
    assert thumbnail.evaluate("image => image.decode().then(() => image.naturalWidth)") == 480
    page.screenshot(path=artifacts / f"video-facade-{width}-before.png")

    ours = urlsplit(live_server.url).netloc
    assert [url for url in requests if urlsplit(url).netloc != ours] == []

    if keyboard:
        button.focus()
        page.keyboard.press("Enter")
    else:
        button.click()

    player = page.locator(".video-facade__frame iframe")
    expect(player).to_have_attribute("src", PLAYER)
    expect(player).to_have_attribute("title", TITLE)
    expect(player).to_have_attribute(
        "allow", "autoplay; encrypted-media; picture-in-picture; fullscreen"
    )
    expect(player).to_have_attribute("referrerpolicy", "strict-origin-when-cross-origin")
    expect(
        page.frame_locator(".video-facade__frame iframe").get_by_text("YouTube player")
    ).to_be_visible()
    assert page.evaluate("document.activeElement.tagName") == "IFRAME"
    assert PLAYER in requests
    assert frame.bounding_box() == before  # the player takes the facade's box: no shift
    page.screenshot(path=artifacts / f"video-facade-{width}-playing.png")
    assert violations == []


def paste_text(editor, text):
    editor.evaluate(
        """(editable, text) => {
            const data = new DataTransfer();
            data.setData("text/plain", text);
            editable.dispatchEvent(
                new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true})
            );
        }""",
        text,
    )


def test_a_writer_pastes_a_youtube_link_and_only_that_becomes_a_video(
    live_server, browser, django_user_model, settings
):
    """In the editor, a pasted YouTube link becomes an embed (shown as its link: the
    admin loads nothing from YouTube); a link to another video site stays a link.
    The save goes through with YouTube out of reach."""
    unreachable = closed_port_url()
    settings.VIDEO_THUMBNAIL_URL = f"{unreachable}/vi/{{id}}/hqdefault.jpg"
    settings.VIDEO_OEMBED_URL = f"{unreachable}/oembed?url={{url}}"
    django_user_model.objects.create_superuser("redaksi", "r@example.invalid", "sandi-uji-123")
    article = ArticleFactory(body="<p>Rapat pleno.</p>")
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    log_in(page, live_server.url, "redaksi", "sandi-uji-123")
    page.goto(f"{live_server.url}/admin/news/article/{article.pk}/change/")
    editor = page.locator(".ck-editor__editable")
    expect(editor).to_be_visible()
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    paste_text(editor, f"https://www.youtube.com/watch?v={VIDEO}")
    expect(editor.locator("figure.media")).to_have_count(1)
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    paste_text(editor, "https://vimeo.com/76979871")
    expect(editor).to_contain_text("https://vimeo.com/76979871")
    expect(editor.locator("figure.media")).to_have_count(1)

    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("Perubahan disimpan")
    article.refresh_from_db()
    assert (
        '<figure class="media"><oembed url="https://www.youtube.com/watch?v='
        f'{VIDEO}"></oembed></figure>' in article.body
    )
    assert "vimeo.com/76979871" in article.body and article.body.count("<oembed") == 1
    ours = urlsplit(live_server.url).netloc
    assert [url for url in requests if urlsplit(url).netloc != ours] == []
    assert Video.objects.get(video_id=VIDEO).failure  # recorded; the page shows a placeholder
