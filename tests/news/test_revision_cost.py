"""No text a writer saves breaks the revision pages or the preview.

The texts are made as costly as we know how (tests/news/revision_texts.py).
What a writer sees of them is checked here, none of it depending on the
machine's speed: the page answers, a long article's compare page is word by
word when the comparison has the time, and the pathological texts are shown as
whole passages, saying so. How long the pages take is a benchmark's business
(bench/revision_cost.py).
"""

import math
import time
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains, assertNotContains

from news.models import Article
from publishing import revisions
from publishing.sanitize import clean_html
from tests.clients import login
from tests.factories import ArticleFactory
from tests.news.revision_texts import SHAPES, a_long_history, big_prose, keep_revision

pytestmark = pytest.mark.django_db

ARTICLES = "/admin/news/article/"
COARSE = "terlalu panjang untuk dibandingkan kata demi kata"
# Texts too long or too fragmented to compare word by word: the size caps of
# publishing/revisions.py show them whole, and the deadline, when it comes first,
# only shows them whole sooner. So the page says so whatever the machine's speed.
PATHOLOGICAL = [shape for shape in SHAPES if shape != "edited_article"]


@pytest.fixture
def draft(writer):
    return ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=writer)


def compare_url(article, older, newer):
    return (
        f"{ARTICLES}{article.pk}/history/compare/?dari={older.revision_id}&ke={newer.revision_id}"
    )


def test_compare_of_a_long_edited_article_is_word_by_word(draft, writer, monkeypatch):
    # Given the time, the reported case, an ordinary long article, reads as a
    # diff. Whether it fits in DIFF_SECONDS is the machine's speed: the bench
    # says, so the deadline is lifted here.
    monkeypatch.setattr(revisions, "DIFF_SECONDS", math.inf)
    old, new = SHAPES["edited_article"]()
    older = keep_revision(draft, writer, old)
    newer = keep_revision(draft, writer, new)

    response = login(writer).get(compare_url(draft, older, newer))

    assert response.status_code == HTTPStatus.OK
    assertNotContains(response, COARSE)
    assert response.content.count(b"<del>") >= 500
    assert response.content.count(b"<ins>") >= 500


@pytest.mark.parametrize("shape", PATHOLOGICAL)
def test_compare_shows_pathological_texts_as_whole_passages(draft, writer, shape):
    old, new = SHAPES[shape]()
    older = keep_revision(draft, writer, old)
    newer = keep_revision(draft, writer, new)

    response = login(writer).get(compare_url(draft, older, newer))

    assert response.status_code == HTTPStatus.OK
    assertContains(response, COARSE, count=1)


@pytest.mark.parametrize("shape", SHAPES)
def test_a_diff_within_its_deadline_is_still_exact(shape):
    old, new = (revisions.body_text(clean_html(body)) for body in SHAPES[shape]())
    pieces, _coarse = revisions.word_diff(old, new, time.time() + revisions.DIFF_SECONDS)
    assert "".join(text for kind, text in pieces if kind != "added") == old
    assert "".join(text for kind, text in pieces if kind != "removed") == new


@pytest.mark.parametrize("shape", ["same_word", "tiny_paragraphs", "one_paragraph", "many_lines"])
def test_texts_past_the_size_caps_are_whole_without_a_deadline(shape):
    # These never reach the diff: on any machine they are shown whole before
    # the deadline matters. (unrelated and rare_words reach it, and without a
    # deadline take seconds before a cap shows them whole too.)
    old, new = (revisions.body_text(clean_html(body)) for body in SHAPES[shape]())
    pieces, coarse = revisions.word_diff(old, new, math.inf)
    assert coarse
    assert pieces == [("removed", old), ("added", new)]


def test_compare_says_when_it_shows_passages_whole(draft, writer, monkeypatch):
    monkeypatch.setattr(revisions, "DIFF_SECONDS", 0)
    older = keep_revision(draft, writer, "<p>Rapat membahas distribusi kotak suara.</p>")
    newer = keep_revision(draft, writer, "<p>Rapat membahas distribusi surat suara.</p>")
    response = login(writer).get(compare_url(draft, older, newer))
    assertContains(response, COARSE, count=1)
    assertContains(response, "<del>Rapat membahas distribusi kotak suara.</del>", html=True)
    assertContains(response, "<ins>Rapat membahas distribusi surat suara.</ins>", html=True)


def test_history_of_thousands_of_revisions_shows_a_page_of_them(draft, writer):
    a_long_history(draft, writer, 5000)
    client = login(writer)
    history = f"{ARTICLES}{draft.pk}/history/"

    with CaptureQueriesContext(connection) as queries:
        response = client.get(history)
    assert response.status_code == HTTPStatus.OK
    assert len(queries) <= 15
    assert not any("serialized_data" in query["sql"] for query in queries)
    assertContains(response, 'name="ke"', count=100)
    assertContains(response, "Lihat perubahan", count=100)  # the last row's too
    assertContains(response, "Versi sekarang", count=1)
    assertContains(response, "5000 revisi")

    with CaptureQueriesContext(connection) as queries:
        last = client.get(f"{history}?p=50")
    assert last.status_code == HTTPStatus.OK
    assert len(queries) <= 15
    assert not any("serialized_data" in query["sql"] for query in queries)
    assertContains(last, 'name="ke"', count=100)
    assertContains(last, "Lihat perubahan", count=99)  # nothing before the first revision
    assertNotContains(last, "Versi sekarang")


def test_preview_shows_the_longest_body_to_its_end(draft, writer):
    draft.body = big_prose()
    draft.save()
    last_paragraph = draft.body[draft.body.rindex("<p>") :]

    response = login(writer).get(f"{ARTICLES}{draft.pk}/preview/")

    assert response.status_code == HTTPStatus.OK
    assertContains(response, last_paragraph, count=1)


def test_restore_form_of_the_longest_body_offers_to_restore_it(draft, writer):
    version = keep_revision(draft, writer, big_prose())

    response = login(writer).get(f"{ARTICLES}{draft.pk}/history/{version.pk}/")

    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Isi revisi ini sama dengan revisi terakhir.", count=1)
    assertContains(response, 'value="Pulihkan revisi ini"', count=1)
