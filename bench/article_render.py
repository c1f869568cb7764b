"""What a first render of the article page costs in one process: wall and CPU time.

    make bench BENCH_DURATION=1    # once, to load the bench database
    .venv/bin/python bench/article_render.py [rounds]

Requests a different article each time through Django's test client (every
middleware, production settings, the page cache off) from the database that
`make bench` loads (kpu_site_bench, or BENCH_DATABASE_URL), in rounds of 300,
and prints the fastest and the median round per request. No HTTP server and no
load generator share the machine's two cores, so the figures move far less from
run to run than wrk's and show what a change to the page itself is worth.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import BASE_SCALE, bench_database_url, scale_out, site_environment  # noqa: E402

ROUND = 300

# bench/run.py's production environment (the render limit out of this one
# client's reach, but checked on every render), with the page cache off.
os.environ.update(site_environment(bench_database_url()), PAGE_CACHE_SECONDS="0")
django.setup()

from django.test import Client  # noqa: E402


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 6
    paths = (scale_out(BASE_SCALE) / "article-paths.txt").read_text().split()
    random.Random(1).shuffle(paths)
    client = Client(HTTP_HOST="127.0.0.1")
    # Warm-up: templates compiled, connections open, cards of the newest drawn.
    for path in paths[:ROUND]:
        assert client.get(path).status_code == 200, path
    wall, cpu = [], []
    for number in range(1, rounds + 1):
        sample = paths[number * ROUND : (number + 1) * ROUND]
        started, started_cpu = time.perf_counter(), time.process_time()
        for path in sample:
            client.get(path)
        wall.append((time.perf_counter() - started) / len(sample) * 1000)
        cpu.append((time.process_time() - started_cpu) / len(sample) * 1000)
    print(f"article page, first render, {rounds} rounds of {ROUND} articles, ms per request")
    print(f"  wall: fastest {min(wall):.2f}, median {statistics.median(wall):.2f}")
    print(f"  CPU:  fastest {min(cpu):.2f}, median {statistics.median(cpu):.2f}")


if __name__ == "__main__":
    main()
