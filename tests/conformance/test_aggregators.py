"""What readers' apps and news aggregators extract from an article page: its
whole text, lead included, and paragraphs that link to other sites in full.
"""

import newspaper
import pytest
import trafilatura

from tests.conformance.conftest import BASE_URL, BODY, LEAD, LINKED_LAST, LINKED_MIDDLE, text_of

pytestmark = pytest.mark.django_db

# Every paragraph a reader sees in the text, in order.
PARAGRAPHS = [
    LEAD,
    text_of(BODY.split("</p>")[0].removeprefix("<p>")),
    text_of(LINKED_MIDDLE),
    "Tanggapan peserta rapat",
    text_of(LINKED_LAST),
    "[Dk]",  # the signature the page adds
]


def article_page(client, article):
    return client.get(article.get_absolute_url()).content.decode()


def assert_whole_text(text):
    positions = [text.find(paragraph) for paragraph in PARAGRAPHS]
    missing = [paragraph for paragraph, at in zip(PARAGRAPHS, positions, strict=True) if at < 0]
    assert missing == [], text
    assert positions == sorted(positions), text


def assert_no_page_furniture(text, article):
    for chrome in ("Berita terkait", "Bagikan", "WhatsApp", "#pemilu", article.division.name):
        assert chrome not in text


def test_trafilatura_extracts_the_whole_article_lead_first(client, story):
    html = article_page(client, story)
    text = trafilatura.extract(html, url=BASE_URL + story.get_absolute_url())
    assert text.startswith(LEAD)
    assert_whole_text(text)
    assert_no_page_furniture(text, story)


def test_trafilatura_reads_title_author_and_date(client, story):
    html = article_page(client, story)
    document = trafilatura.bare_extraction(
        html, url=BASE_URL + story.get_absolute_url(), with_metadata=True
    )
    assert document.title == story.title
    assert document.author == story.author.name
    assert document.date == story.published_at.date().isoformat()


def newspaper_article(client, article):
    config = newspaper.Config()
    config.fetch_images = False  # it would download the pictures: the tests stay offline
    parsed = newspaper.Article(BASE_URL + article.get_absolute_url(), config=config)
    parsed.download(input_html=article_page(client, article))
    parsed.parse()
    return parsed


def test_newspaper4k_extracts_the_whole_article_lead_first(client, story):
    parsed = newspaper_article(client, story)
    assert parsed.text.startswith(LEAD)
    assert_whole_text(parsed.text)
    assert_no_page_furniture(parsed.text, story)


def test_newspaper4k_keeps_a_last_paragraph_with_an_outside_link(client, story):
    # Its boilerplate rule drops a trailing paragraph that holds markup; the
    # signature printed after the body keeps the real last paragraph inside.
    parsed = newspaper_article(client, story)
    assert text_of(LINKED_LAST) in parsed.text


def test_newspaper4k_reads_title_author_date_and_picture(client, story):
    parsed = newspaper_article(client, story)
    assert parsed.title == story.title
    assert parsed.authors == [story.author.name]
    assert parsed.publish_date == story.published_at
    share = story.cover_renditions["share"]["name"]
    assert parsed.top_image.endswith(share)
