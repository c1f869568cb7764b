"""Revision texts made as costly to compare, list and show as we know how.

A writer controls their drafts' text (as long as a request can carry), how much
two revisions differ and how many revisions there are. Two long revisions once
kept both workers busy past their timeout on the compare page. The tests
(tests/news/test_revision_cost.py) check what a writer sees of these texts;
bench/revision_cost.py measures how long the pages take with them.
"""

import random
from itertools import chain

import reversion
from django.conf import settings
from reversion.models import Revision, Version

from publishing.sanitize import clean_html

# The longest body a save can carry: the whole request is at most this long.
BODY_SIZE = settings.DATA_UPLOAD_MAX_MEMORY_SIZE


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


# Pairs of bodies (older, newer), by name.
SHAPES = {
    "edited_article": edited_article,
    "same_word": same_word,
    "tiny_paragraphs": tiny_paragraphs,
    "one_paragraph": one_paragraph,
    "unrelated": unrelated,
    "rare_words": rare_words,
    "many_lines": many_lines,
}


def big_prose():
    """A body as long as a save can carry, of ordinary words: the search index takes it."""
    words = vocabulary(500, seed=5)
    return filled(lambda count: paragraphs(list(chain.from_iterable([words] * (count // 500)))))


def keep_revision(article, user, body):
    """A revision holding `body` as a save would store it, without a slow admin POST."""
    article.body = clean_html(body)
    with reversion.create_revision():
        reversion.add_to_revision(article)
        reversion.set_user(user)
    return Version.objects.get_for_object(article).first()


def a_long_history(article, user, count):
    """`count` revisions of `article`, all alike: the history's pages to walk."""
    first = keep_revision(article, user, article.body)
    saves = Revision.objects.bulk_create(
        Revision(date_created=first.revision.date_created, user=user, comment="Isi berubah.")
        for _ in range(count - 1)
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
