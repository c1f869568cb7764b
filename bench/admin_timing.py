"""The admin at scale: the article change list, its filters and search, the edit
page and the review queue, each as a logged-in editor sees it.

    .venv/bin/python -m bench.admin_timing      # kpu_site_bench, or BENCH_DATABASE_URL

`make bench` calls measure() with the site's production environment. The pages
are asked through Django's test client in a process of their own (production
settings, every middleware, no HTTP server), so the figures are the server's
time per request on a quiet machine: each page once to warm up, then ROUNDS
times, the median and the 90th percentile. The queries of each page are counted
in one more request. The editor `bench-editor` is created in the bench database
if it is not there yet; nothing else is written.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 10
TARGET_MS = 300
EDITOR = "bench-editor"
# A word of bench/loader.py's titles and leads.
SEARCH_WORD = "rekapitulasi"
CHILD_FLAG = "--child"


def measure(environment, say):
    """Times the admin's pages against the database of `environment` (bench/run.py's
    site_environment()), prints a table with `say` and returns one boolean per check."""
    result = subprocess.run(
        [sys.executable, "-m", "bench.admin_timing", CHILD_FLAG],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        say(f"admin timing failed:\n```\n{result.stderr[-3000:]}\n```")
        return [False]
    pages = json.loads(result.stdout.strip().splitlines()[-1])
    say(f"\n## The admin as an editor ({pages['articles']:,} articles)\n")
    say(f"Django's test client, production settings, median of {ROUNDS} requests per page.\n")
    say("| page | median ms | p90 ms | Python CPU ms | queries | their ms (one request) |")
    say("|---|---|---|---|---|---|")
    for page in pages["pages"]:
        say(
            f"| {page['name']} | {page['median']:.1f} | {page['p90']:.1f} | {page['cpu']:.1f} "
            f"| {page['queries']} | {page['database']:.1f} |"
        )
    say("")
    outcome = []
    for page in pages["pages"]:
        met = page["median"] < TARGET_MS and page["status"] == 200
        answer = "" if page["status"] == 200 else f" (answered {page['status']})"
        say(f"- {page['name']}: < {TARGET_MS} ms: {'met' if met else 'missed'}{answer}")
        outcome.append(met)
    return outcome


# --- In the child process, with the site's settings ------------------------------


def _editor():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from accounts import roles

    user, _created = get_user_model().objects.get_or_create(
        username=EDITOR, defaults={"is_staff": True, "email": f"{EDITOR}@example.invalid"}
    )
    user.groups.set(Group.objects.filter(name=roles.EDITOR))
    return user


def _pages():
    """(name, path[, article it must show]) of every page timed, from what the
    database holds."""
    from django.db.models import Count
    from django.urls import reverse

    from news.models import Article, Author, Division
    from publishing.admin import STATE_PARAMETERS, StateFilter
    from publishing.models import State

    changelist = reverse("admin:news_article_changelist")
    division = Division.objects.annotate(n=Count("articles")).order_by("-n").first()
    author = Author.objects.annotate(n=Count("articles")).order_by("-n").first()
    article = Article.objects.order_by("pk")[Article.objects.count() // 2]
    state = StateFilter.parameter_name
    return [
        ("change list, page 1", changelist),
        ("change list, page 100", f"{changelist}?p=100"),
        ("status: waiting for review", f"{changelist}?{state}={STATE_PARAMETERS[State.REVIEW]}"),
        ("status: published", f"{changelist}?{state}={STATE_PARAMETERS[State.PUBLISHED]}"),
        ("division", f"{changelist}?division__id__exact={division.pk}"),
        ("author", f"{changelist}?author__id__exact={author.pk}"),
        ("featured", f"{changelist}?featured__exact=1"),
        ("month (date hierarchy)", _month_path(changelist)),
        (f"search “{SEARCH_WORD}”", f"{changelist}?q={SEARCH_WORD}"),
        ("search, a title's fragment", f"{changelist}?q={_title_fragment(article)}", article),
        ("search, no match", f"{changelist}?q=zzqqxx"),
        ("edit page", reverse("admin:news_article_change", args=[article.pk])),
        ("start page (review queue)", reverse("admin:index")),
    ]


def _month_path(changelist):
    from news.models import Article

    newest = Article.objects.exclude(published_at=None).order_by("-published_at").first()
    month = newest.published_at
    return f"{changelist}?published_at__year={month.year}&published_at__month={month.month}"


def _title_fragment(article):
    """Two words from the middle of one title and the start of the next, as a staff
    member half remembers it."""
    from urllib.parse import quote_plus

    words = article.title.split()
    middle = max(len(words) // 2 - 1, 0)
    return quote_plus(" ".join([*words[middle : middle + 2], words[middle + 2][:3]]))


def _time(client, path, article=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils.html import escape

    response = client.get(path)  # warm-up
    status = response.status_code
    if article is not None and escape(article.title) not in response.content.decode():
        status = "not found"
    times, cpu = [], []
    for _round in range(ROUNDS):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    times.sort()
    return {
        "median": statistics.median(times),
        "p90": times[-(-len(times) * 9 // 10) - 1],
        # This process's own time (Python), and the database's as the client waited for it.
        "cpu": statistics.median(cpu),
        "database": sum(float(query["time"]) for query in queries) * 1000,
        "queries": len(queries),
        "status": status,
    }


def child():
    import django

    django.setup()
    from django.test import Client

    from news.models import Article

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(_editor())
    pages = []
    for name, path, *article in _pages():
        pages.append({"name": name, "path": path, **_time(client, path, *article)})
    print(json.dumps({"articles": Article.objects.count(), "pages": pages}))


def main():
    from bench.run import bench_database_url, site_environment

    environment = site_environment(bench_database_url())
    outcome = measure(environment, print)
    print(f"\n{sum(outcome)} of {len(outcome)} checks met.")


if __name__ == "__main__":
    if CHILD_FLAG in sys.argv:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kpu_site.settings.production")
        child()
    else:
        main()
