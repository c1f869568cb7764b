"""What a page costs the machine per request: CPU time of gunicorn, PostgreSQL and Redis.

    make bench BENCH_DURATION=1    # once, to load the bench database
    .venv/bin/python -m bench.cpu_per_request "/cari/?q=rekapitulasi+suara" [path …]

Serves the site as `make bench` does (production settings, deploy/gunicorn.conf.py,
the page cache off unless PAGE_CACHE_SECONDS is set), loads each path with wrk
(32 connections, BENCH_DURATION seconds, RUNS times), and divides the CPU time
each kind of process used meanwhile (from /proc: user and system time of every
gunicorn, postgres and redis process) by the requests answered. SCALE=100000
measures the 100,000 articles' database.

On this machine wall-clock figures move by a third within a minute while the
CPU a request takes moves far less, so this is the figure to weigh a change
with; `make bench` gives the ratios the goals are set in.
"""

import os
import re
import subprocess
import sys

from bench.run import BASE_SCALE, GUNICORN_PORT, fetch, scale_environment, start_gunicorn, stop

PROCESSES = ("gunicorn", "postgres", "redis")
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds():
    """{(kind, pid): CPU seconds so far} for every process of PROCESSES' kinds."""
    seconds = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/comm") as comm, open(f"/proc/{pid}/stat") as stat:
                name = comm.read().strip()
                # Fields after the command's closing parenthesis: utime and stime are
                # the 12th and 13th of them (proc(5)).
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        kind = next((kind for kind in PROCESSES if name.startswith(kind)), None)
        if kind:
            seconds[kind, pid] = (int(fields[11]) + int(fields[12])) / TICKS
    return seconds


def measure(path, duration):
    """(req/s, {kind: CPU ms per request}) of one wrk run of `path`."""
    for _ in range(20):  # the worker's caches and its database connection
        fetch(GUNICORN_PORT, path)
    before = cpu_seconds()
    output = subprocess.run(
        ["wrk", "-t2", "-c32", f"-d{duration}s", f"http://127.0.0.1:{GUNICORN_PORT}{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    after = cpu_seconds()
    if "Non-2xx" in output:
        sys.exit(f"{path} answered other than 2xx:\n{output}")
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    used = dict.fromkeys(PROCESSES, 0.0)
    for (kind, pid), seconds in after.items():
        used[kind] += seconds - before.get((kind, pid), 0.0)
    return requests / duration, {kind: 1000 * used[kind] / requests for kind in PROCESSES}


def main():
    scale = int(os.environ.get("SCALE", BASE_SCALE))
    duration = int(os.environ.get("BENCH_DURATION", "10"))
    runs = int(os.environ.get("RUNS", "3"))
    server = start_gunicorn(
        scale_environment(scale), os.environ.get("PAGE_CACHE_SECONDS", "0"), "cpu"
    )
    try:
        for path in sys.argv[1:]:
            for _ in range(runs):
                rate, per_request = measure(path, duration)
                shares = ", ".join(f"{kind} {ms:.2f}" for kind, ms in per_request.items())
                total = sum(per_request.values())
                print(f"{path}: {rate:.0f} req/s; CPU ms per request: {shares}; total {total:.2f}")
    finally:
        stop(server)


if __name__ == "__main__":
    main()
