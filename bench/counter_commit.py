"""What a counted view costs the database, with and without a synchronous commit.

    DATABASE_URL=... .venv/bin/python bench/counter_commit.py [seconds]

Runs news.counter.record_view in two processes (one per core, as gunicorn's two
workers would) against one article for a fixed time, once with
VIEW_COUNT_SYNCHRONOUS_COMMIT on and once off, and prints views per second.
Uses its own article in the development database and deletes it afterwards.
"""

import multiprocessing
import os
import sys
import time

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kpu_site.settings.development")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from news import counter  # noqa: E402
from news.models import Article, Author, Division  # noqa: E402

SLUG = "bench-counter-commit"
PROCESSES = 2


def count_for(seconds, synchronous, results):
    settings.VIEW_COUNT_SYNCHRONOUS_COMMIT = synchronous
    connection.close()  # a connection of this process's own
    done, deadline = 0, time.monotonic() + seconds
    while time.monotonic() < deadline:
        counter.record_view(SLUG)
        done += 1
    results.put(done)


def measure(seconds, synchronous):
    results = multiprocessing.Queue()
    workers = [
        multiprocessing.Process(target=count_for, args=(seconds, synchronous, results))
        for _ in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    total = sum(results.get() for _ in workers)
    for worker in workers:
        worker.join()
    return total / seconds


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 10
    division, _ = Division.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    author, _ = Author.objects.get_or_create(
        slug="bench", defaults={"name": "Bench", "signature": "Bnch"}
    )
    article, _ = Article.objects.update_or_create(
        slug=SLUG,
        defaults={
            "title": "Bench",
            "division": division,
            "author": author,
            "status": Article.Status.PUBLISHED,
            "published_at": timezone.now(),
            "view_count": 0,
        },
    )
    connection.close()
    try:
        print(f"record_view, {PROCESSES} processes, {seconds:g} s each")
        for synchronous in (True, False, True, False):
            rate = measure(seconds, synchronous)
            label = "synchronous_commit on " if synchronous else "synchronous_commit off"
            print(f"  {label}: {rate:8.0f} views/s")
        article.refresh_from_db()
        print(f"  total counted: {article.view_count}")
    finally:
        article.delete()


if __name__ == "__main__":
    main()
