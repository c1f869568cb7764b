"""No text a writer saves makes the revision pages slow.

A writer controls their drafts' text (as long as a request can carry), how much
two revisions differ and how many revisions there are. Two long revisions once
kept both workers busy past their timeout on the compare page. Each view a
writer reaches must answer within a second, whatever the text: here the texts
are made as costly as we know how.
"""

import random
import time
from http import HTTPStatus
from itertools import chain

import pytest
import reversion
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains, assertNotContains
from reversion.models import Revision, Version

from news.models import Article
from publishing import revisions
from publishing.sanitize import clean_html
from tests.clients import login
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

ARTICLES = "/admin/news/article/"
# What the issue asks of every view a writer reaches, in seconds.
LIMIT = 1.0
# The longest body a save can carry: the whole request is at most this long.
BODY_SIZE = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
COARSE = "terlalu panjang untuk dibandingkan kata demi kata"


def vocabulary(size, seed):
    """`size` made-up Indonesian-looking words."""
    rng = random.Random(seed)
    syllables = ["ka", "pe", "mi", "lu", "su", "ra", "da", "ta", "ba", "nga", "si", "an", "tor"]
    words = set()
    while len(words) < size:
        words.add("".join(rng.choices(syllables, k=rng.randint(1, 4))))
    return sorted(words)


def paragraphs(words, length=80):
    return "".join(
        f"<p>{' '.join(words[start : start + length])}.</p>"
        for start in range(0, len(words), length)
    )


def filled(make, size=BODY_SIZE):
    """make(count) with the largest count whose text is at most `size` long."""
    count = size // len(make(1000)) * 1000
    while len(make(count)) > size:
        count -= count // 20
    return make(count)


def edited_article():
    """The attack as reported: 12,000 words, one word in twenty replaced.

    Words drawn as in prose (a few very common, most rare), which is what made
    the old word-by-word matching slow.
    """
    rng = random.Random(1)
    words = vocabulary(3000, seed=1)
    weights = [1 / rank for rank in range(1, len(words) + 1)]
    old = rng.choices(words, weights, k=12_000)
    new = [rng.choice(words) if index % 20 == 0 else word for index, word in enumerate(old)]
    return paragraphs(old), paragraphs(new)


def same_word():
    """One paragraph of a single word, and the same with a word inserted all along."""
    return (
        filled(lambda count: "<p>" + "suara " * count + "</p>"),
        filled(lambda count: "<p>" + "suara suara pemilu " * (count // 3) + "</p>"),
    )


def tiny_paragraphs():
    """Paragraphs of one word, every other one changed."""

    def body(prefix):
        return lambda count: "".join(
            f"<p>{prefix}{index}</p>" if index % 2 else "<p>x</p>" for index in range(count)
        )

    return filled(body("a")), filled(body("b"))


def one_paragraph():
    """A single paragraph as long as a body can be, one word in ten replaced."""
    rng = random.Random(2)
    words = vocabulary(3000, seed=2)
    old = rng.choices(words, k=BODY_SIZE // 6)
    new = [rng.choice(words) if index % 10 == 0 else word for index, word in enumerate(old)]
    return (
        filled(lambda count: "<p>" + " ".join(old[:count]) + "</p>"),
        filled(lambda count: "<p>" + " ".join(new[:count]) + "</p>"),
    )


def unrelated():
    """Two texts with no word in common."""
    rng = random.Random(3)
    words = vocabulary(6000, seed=3)
    old, new = (
        rng.choices(words[:3000], k=BODY_SIZE // 6),
        rng.choices(words[3000:], k=BODY_SIZE // 6),
    )
    return filled(lambda count: paragraphs(old[:count])), filled(
        lambda count: paragraphs(new[:count])
    )


def rare_words():
    """Every word different from every other, the same words reordered."""
    words = [f"kata{index}" for index in range(BODY_SIZE // 8)]
    old = filled(lambda count: paragraphs(words[:count]))
    count = old.count(" ") + old.count("<p>")
    return old, paragraphs(random.Random(4).sample(words[:count], count))


def many_lines():
    """As many distinct lines as breaks can make, in reverse order."""
    lines = [f"{index}" for index in range(BODY_SIZE // 8)]
    return (
        filled(lambda count: "<p>" + "<br>".join(lines[:count]) + "</p>"),
        filled(lambda count: "<p>" + "<br>".join(reversed(lines[:count])) + "</p>"),
    )


SHAPES = {
    "edited_article": edited_article,
    "same_word": same_word,
    "tiny_paragraphs": tiny_paragraphs,
    "one_paragraph": one_paragraph,
    "unrelated": unrelated,
    "rare_words": rare_words,
    "many_lines": many_lines,
}


@pytest.fixture
def draft(writer):
    return ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=writer)


def keep_revision(article, user, body):
    """A revision holding `body` as a save would store it, without a slow admin POST."""
    article.body = clean_html(body)
    with reversion.create_revision():
        reversion.add_to_revision(article)
        reversion.set_user(user)
    return Version.objects.get_for_object(article).first()


def timed_get(client, url):
    started = time.perf_counter()
    response = client.get(url)
    return response, time.perf_counter() - started


def compare_url(article, older, newer):
    return (
        f"{ARTICLES}{article.pk}/history/compare/?dari={older.revision_id}&ke={newer.revision_id}"
    )


@pytest.mark.parametrize("shape", SHAPES)
def test_compare_answers_within_a_second(draft, writer, shape):
    old, new = SHAPES[shape]()
    older = keep_revision(draft, writer, old)
    newer = keep_revision(draft, writer, new)

    response, elapsed = timed_get(login(writer), compare_url(draft, older, newer))

    assert response.status_code == HTTPStatus.OK
    assert elapsed < LIMIT, f"the compare page took {elapsed:.2f} s for {shape}"
    if shape == "edited_article":
        # Still word by word: the reported case is an ordinary long article.
        assertNotContains(response, COARSE)
        assert response.content.count(b"<del>") >= 500
    else:
        assertContains(response, COARSE)


@pytest.mark.parametrize("shape", SHAPES)
def test_a_diff_within_its_deadline_is_still_exact(shape):
    old, new = (revisions.body_text(clean_html(body)) for body in SHAPES[shape]())
    pieces, _coarse = revisions.word_diff(old, new, time.time() + revisions.DIFF_SECONDS)
    assert "".join(text for kind, text in pieces if kind != "added") == old
    assert "".join(text for kind, text in pieces if kind != "removed") == new


def test_compare_says_when_it_shows_passages_whole(draft, writer, monkeypatch):
    monkeypatch.setattr(revisions, "DIFF_SECONDS", 0)
    older = keep_revision(draft, writer, "<p>Rapat membahas distribusi kotak suara.</p>")
    newer = keep_revision(draft, writer, "<p>Rapat membahas distribusi surat suara.</p>")
    response = login(writer).get(compare_url(draft, older, newer))
    assertContains(response, COARSE, count=1)
    assertContains(response, "<del>Rapat membahas distribusi kotak suara.</del>", html=True)
    assertContains(response, "<ins>Rapat membahas distribusi surat suara.</ins>", html=True)


def test_history_of_thousands_of_revisions_shows_a_page_of_them(draft, writer):
    keep_revision(draft, writer, draft.body)
    first = Version.objects.get_for_object(draft).get()
    saves = Revision.objects.bulk_create(
        Revision(date_created=first.revision.date_created, user=writer, comment="Isi berubah.")
        for _ in range(4999)
    )
    Version.objects.bulk_create(
        Version(
            revision=revision,
            object_id=first.object_id,
            content_type_id=first.content_type_id,
            db=first.db,
            format=first.format,
            serialized_data=first.serialized_data,
            object_repr=first.object_repr,
        )
        for revision in saves
    )
    client = login(writer)
    history = f"{ARTICLES}{draft.pk}/history/"

    with CaptureQueriesContext(connection) as queries:
        response, elapsed = timed_get(client, history)
    assert response.status_code == HTTPStatus.OK
    assert elapsed < LIMIT, f"the history page took {elapsed:.2f} s"
    assert len(queries) <= 15
    assert not any("serialized_data" in query["sql"] for query in queries)
    assertContains(response, 'name="ke"', count=100)
    assertContains(response, "Lihat perubahan", count=100)  # the last row's too
    assertContains(response, "Versi sekarang", count=1)
    assertContains(response, "5000 revisi")

    last, _elapsed = timed_get(client, f"{history}?p=50")
    assertContains(last, 'name="ke"', count=100)
    assertContains(last, "Lihat perubahan", count=99)  # nothing before the first revision
    assertNotContains(last, "Versi sekarang")


def big_prose():
    """A body as long as a save can carry, of ordinary words: the search index takes it."""
    words = vocabulary(500, seed=5)
    return filled(lambda count: paragraphs(list(chain.from_iterable([words] * (count // 500)))))


def test_preview_of_the_longest_body_answers_within_a_second(draft, writer):
    draft.body = big_prose()
    draft.save()
    response, elapsed = timed_get(login(writer), f"{ARTICLES}{draft.pk}/preview/")
    assert response.status_code == HTTPStatus.OK
    assert elapsed < LIMIT, f"the preview took {elapsed:.2f} s"


def test_restore_form_of_the_longest_body_answers_within_a_second(draft, writer):
    version = keep_revision(draft, writer, big_prose())
    response, elapsed = timed_get(login(writer), f"{ARTICLES}{draft.pk}/history/{version.pk}/")
    assert response.status_code == HTTPStatus.OK
    assert elapsed < LIMIT, f"the restore form took {elapsed:.2f} s"
