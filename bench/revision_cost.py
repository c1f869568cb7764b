"""What the revision pages and the preview cost with the costliest texts a writer can save.

    .venv/bin/python -m bench.revision_cost [requests]

The texts are tests/news/revision_texts.py's: pairs of revisions made as costly
to compare as we know how, a history of 5,000 revisions and the longest body a
save can carry. tests/news/test_revision_cost.py checks what a writer sees of
them; this measures how long the pages take, against the goal that each answers
within a second. Each page is asked once to warm up, then `requests` times (5
unless told), through Django's test client as a logged-in writer (production
settings, every middleware, no HTTP server), and the table gives the median and
the slowest. The compare rows also say whether the page came out word by word or
as whole passages: on a slower machine the deadline shows more of them whole.

Its own database, kpu_bench_revisions on DATABASE_URL's server (or
BENCH_REVISIONS_DATABASE_URL), is made afresh and migrated on every run; the
cache is the process's own memory.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import site_environment  # noqa: E402
from scripts.dev_database import ensure_database  # noqa: E402

GOAL_MS = 1000
REVISIONS = 5000
DATABASE = "kpu_bench_revisions"


def database_url():
    given = os.environ.get("BENCH_REVISIONS_DATABASE_URL")
    if given:
        return given
    server = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kpu_site"))
    return urlunsplit(server._replace(path=f"/{DATABASE}"))


os.environ.update(
    site_environment(database_url(), media_root=tempfile.mkdtemp(prefix="kpu-bench-revisions-")),
    # One process: no Redis database shared with `make bench` to flush or fill.
    CACHE_URL="locmem://",
)
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from accounts import roles  # noqa: E402
from news.models import Article  # noqa: E402
from tests.factories import ArticleFactory  # noqa: E402
from tests.news.revision_texts import (  # noqa: E402
    SHAPES,
    a_long_history,
    big_prose,
    keep_revision,
)
from tests.people import make_user  # noqa: E402

ARTICLES = "/admin/news/article/"
COARSE = "terlalu panjang untuk dibandingkan kata demi kata"


def new_draft(writer):
    return ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=writer)


def compare_pages(writer):
    """(name, path) of the compare page of each shape's two revisions."""
    pages = []
    for shape, make in SHAPES.items():
        draft = new_draft(writer)
        old, new = make()
        older = keep_revision(draft, writer, old)
        newer = keep_revision(draft, writer, new)
        pages.append(
            (
                f"compare, {shape}",
                f"{ARTICLES}{draft.pk}/history/compare/"
                f"?dari={older.revision_id}&ke={newer.revision_id}",
            )
        )
    return pages


def history_pages(writer):
    """The first and last page of a history of REVISIONS revisions."""
    draft = new_draft(writer)
    a_long_history(draft, writer, REVISIONS)
    history = f"{ARTICLES}{draft.pk}/history/"
    last = REVISIONS // 100
    return [
        (f"history of {REVISIONS:,} revisions, page 1", history),
        (f"history of {REVISIONS:,} revisions, page {last}", f"{history}?p={last}"),
    ]


def longest_body_pages(writer):
    draft = new_draft(writer)
    draft.body = big_prose()
    draft.save()
    version = keep_revision(draft, writer, draft.body)
    return [
        ("preview of the longest body", f"{ARTICLES}{draft.pk}/preview/"),
        ("restore form of the longest body", f"{ARTICLES}{draft.pk}/history/{version.pk}/"),
    ]


def timed(client, path, requests):
    """(milliseconds of each request, the last response), after one to warm up."""
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    times = []
    for _request in range(requests):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return times, response


def main():
    requests = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    ensure_database(os.environ["DATABASE_URL"], drop_first=True)
    call_command("migrate", verbosity=0)
    writer = make_user(get_user_model(), "bench-writer", roles.WRITER)
    pages = compare_pages(writer) + history_pages(writer) + longest_body_pages(writer)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(writer)

    load = ", ".join(f"{figure:.2f}" for figure in os.getloadavg())
    print(f"Revision pages as a writer, {requests} requests each (load average {load})\n")
    print(f"| page | median ms | slowest ms | slowest < {GOAL_MS} ms | compared |")
    print("|---|---|---|---|---|")
    met = 0
    for name, path in pages:
        times, response = timed(client, path, requests)
        under = max(times) < GOAL_MS
        met += under
        compared = ""
        if "/compare/" in path:
            coarse = COARSE in response.content.decode()
            compared = "whole passages" if coarse else "word by word"
        print(
            f"| {name} | {statistics.median(times):.0f} | {max(times):.0f} "
            f"| {'met' if under else 'missed'} | {compared} |"
        )
    print(f"\n{met} of {len(pages)} pages within {GOAL_MS} ms.")


if __name__ == "__main__":
    main()
