"""`make bench`: the site under load, page by page, against a trivial view in the same run.

    make bench                  gunicorn: cached pages, then uncached ones
    make bench MODE=nginx       through nginx (deploy/nginx.conf), with a static file
    make bench MODE=all         both
    make bench MODE=conditional only the conditional-GET runs (gunicorn, then nginx)
    BENCH_DURATION=5 make bench     shorter runs for a try (default 15 s)
    BENCH_REBUILD=1 make bench      reload the data

The site runs with production settings (debug off) under gunicorn
(deploy/gunicorn.conf.py: 2 sync workers) against its own PostgreSQL database
(kpu_site_bench by default), filled by bench/loader.py: 10,000 articles, 200
tags, 5 divisions, 10 authors, 90 days of daily views. wrk loads each page from
127.0.0.1 (2 threads, 32 connections); every figure is measured twice, and each
is divided by the hello view's figure from the same pass. Each mode ends with a
conditional-GET run: warm pages asked with their ETag (If-None-Match), as a
phone reloading them does, with the share of 304 answers.

Everything printed is also written to var/bench/: latest.md (paste it into
bench/RESULTS.md) and a dated copy with wrk's own output appended.
"""

import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import django
import gunicorn
import psycopg2

from bench import nginx
from scripts.dev_database import ensure_database

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
LUA = ROOT / "bench" / "lua"
BIN = Path(sys.executable).parent

DURATION = int(os.environ.get("BENCH_DURATION", "15"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
RUNS = 2
GUNICORN_PORT = int(os.environ.get("BENCH_PORT", "8710"))
NGINX_PORT = int(os.environ.get("BENCH_NGINX_PORT", "8780"))
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/14")
# The cached section keeps pages longer than the run, so every request after the
# warm-up is a hit; 0 in the uncached section turns the page cache off.
PAGE_CACHE_SECONDS = os.environ.get("BENCH_PAGE_CACHE_SECONDS", "600")
SEARCH = "/cari/?q=rekapitulasi+suara"
# gunicorn listens on it too, for nginx (as deploy/README.md has it).
SOCKET = OUT / "gunicorn.sock"
# Under STATIC_ROOT (var/static), where nginx serves /static/ from.
STATIC_PROBE = "/static/bench/article-copy.html"
RSS_LIMIT_MB = 150
# Seconds at the end of a counter run when the beacons come from a crawler
# (bench/lua/counter.lua): longer than the slowest answer, so none that can
# count is left in flight when wrk stops.
CRAWLER_TAIL = 2 if DURATION >= 10 else 1
# Pages the issue wants at ≥ 0.7× hello with p99 < 100 ms when cached.
FAST_PAGES = ("article", "home", "list1", "division", "tag")


@dataclass
class Page:
    key: str
    label: str
    path: str = ""
    # A wrk Lua script in bench/lua/ and its arguments (after the URL).
    script: str = ""
    script_args: list = field(default_factory=list)


@dataclass
class Figures:
    rps: float
    p50: float
    p99: float
    non2xx: int
    errors: int
    beacons: dict = field(default_factory=dict)
    # bench/lua/conditional.lua's counts: not_modified, ok, other.
    answers: dict = field(default_factory=dict)


class Report:
    """What the bench prints, kept for var/bench/latest.md; wrk's raw output beside it."""

    def __init__(self):
        self.lines = []
        self.raw = []

    def say(self, line=""):
        print(line, flush=True)
        self.lines.append(line)

    def save(self, stamp):
        OUT.mkdir(parents=True, exist_ok=True)
        text = "\n".join(self.lines) + "\n"
        (OUT / "latest.md").write_text(text, encoding="utf-8")
        raw = text + "\n## wrk output\n\n" + "\n".join(self.raw)
        (OUT / f"bench-{stamp}.md").write_text(raw, encoding="utf-8")


report = Report()
say = report.say


# --- Machine and versions --------------------------------------------------------


def command_output(*command):
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        return "not installed"
    return (result.stdout + result.stderr).strip().splitlines()[0]


def describe_machine(database_url):
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    meminfo = Path("/proc/meminfo").read_text()
    memory_kb = int(re.search(r"^MemTotal:\s+(\d+)", meminfo, re.M).group(1))
    postgres = query_one(database_url, "SHOW server_version")
    say(
        f"- machine: {os.cpu_count()} CPUs ({model.group(1) if model else 'unknown'}), "
        f"{memory_kb / 1024 / 1024:.1f} GiB memory, Linux {platform.release()}"
    )
    say(
        f"- versions: Python {platform.python_version()}, Django {django.__version__}, "
        f"PostgreSQL {postgres}, gunicorn {gunicorn.__version__}, "
        f"{command_output('wrk', '-v').split(' [')[0]}, "
        f"{command_output('nginx', '-v').replace('nginx version: ', '')}, "
        f"{command_output('redis-server', '--version').split(' sha')[0]}"
    )
    say(
        f"- load: wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION}s --latency, each page "
        f"{RUNS} times; gunicorn {os.environ.get('GUNICORN_WORKERS', '2')} sync workers"
    )
    say(f"- load average at start: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")


# --- Database, data, static files ------------------------------------------------


def bench_database_url():
    """BENCH_DATABASE_URL, or DATABASE_URL's server with the database kpu_site_bench."""
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    base = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kpu_site"))
    return urlunsplit(base._replace(path="/kpu_site_bench"))


def site_environment(database_url):
    """Production settings, as deploy/README.md has them, with the bench's own places."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PAGE_CACHE", "CACHE_URL", "GUNICORN_BIND"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="kpu_site.settings.production",
        DATABASE_URL=database_url,
        DATABASE_CONN_MAX_AGE="60",
        SECRET_KEY=secrets.token_urlsafe(50),
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        # Plain HTTP on 127.0.0.1: no redirect to https.
        SECURE_SSL_REDIRECT="false",
        CACHE_URL=CACHE_URL,
        MEDIA_ROOT=str(OUT / "media"),
        BENCH_ENDPOINTS="true",
        # The counter's readers come from X-Forwarded-For (bench/lua/counter.lua).
        TRUST_X_FORWARDED_FOR="true",
        # wrk is one client sending thousands of fresh renders a minute: the limit
        # is still checked on every render (its cost is in the figures), never met.
        PUBLIC_RENDER_RATE_LIMIT="100000000/m",
        LOG_LEVEL="WARNING",
    )
    return environment


def manage(environment, *arguments):
    subprocess.run([BIN / "python", "manage.py", *arguments], cwd=ROOT, env=environment, check=True)


def prepare_site(environment, rebuild):
    ensure_database(environment["DATABASE_URL"], drop_first=rebuild)
    if rebuild:
        # The covers of the dropped database; new ones would get new names beside them.
        shutil.rmtree(environment["MEDIA_ROOT"], ignore_errors=True)
    manage(environment, "migrate", "--no-input", "--verbosity", "0")
    subprocess.run(
        [BIN / "python", "-m", "bench.loader", OUT / "targets.json", OUT / "article-paths.txt"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    manage(environment, "collectstatic", "--no-input", "--verbosity", "0")
    return json.loads((OUT / "targets.json").read_text())


def flush_cache():
    database = CACHE_URL.rsplit("/", 1)[-1]
    subprocess.run(["redis-cli", "-n", database, "FLUSHDB"], check=True, capture_output=True)


def query_one(database_url, sql, parameters=()):
    with closing(psycopg2.connect(database_url)) as connection, connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        return cursor.fetchone()[0]


def views_of(database_url, article_id):
    return query_one(
        database_url, "SELECT view_count FROM news_article WHERE id = %s", [article_id]
    )


# --- Processes -------------------------------------------------------------------


def wait_until_up(port, path, process, name):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{name} stopped at start-up (see {OUT / 'logs'})")
        try:
            if fetch(port, path)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    sys.exit(f"{name} did not answer {path} within 60 s")


def start_gunicorn(environment, page_cache_seconds, label):
    (OUT / "logs").mkdir(parents=True, exist_ok=True)
    log = (OUT / "logs" / f"gunicorn-{label}.log").open("w")
    process = subprocess.Popen(
        [BIN / "gunicorn", "-c", ROOT / "deploy" / "gunicorn.conf.py"],
        cwd=ROOT,
        env={
            **environment,
            "GUNICORN_BIND": f"127.0.0.1:{GUNICORN_PORT},unix:{SOCKET}",
            "PAGE_CACHE_SECONDS": page_cache_seconds,
        },
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    wait_until_up(GUNICORN_PORT, "/healthz", process, "gunicorn")
    return process


def stop(process):
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def worker_rss_mb(process):
    """Resident memory of each of gunicorn's workers (its master's children)."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1)) / 1024)
    return sizes


# --- HTTP and wrk ----------------------------------------------------------------


def fetch(port, path, headers=None):
    """One GET, no redirect followed: (status, headers, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def warm_up(port, pages):
    """Every page once or twice (fills the caches), and each must answer 200 itself.

    wrk reports only 4xx and 5xx: a redirect (to https, to a login) would pass
    unnoticed as a fast page.
    """
    for page in pages:
        if page.script:
            continue
        for _ in range(2):
            status = fetch(port, page.path)[0]
        if status != 200:
            sys.exit(f"{page.label}: {page.path} answered {status}, not 200")


BEACON_FIELDS = ("sent", "counted", "uncounted", "failed")
ANSWER_FIELDS = ("not_modified", "ok", "other")
LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse_wrk(output):
    latencies = {share: float(n) * UNITS[unit] for share, n, unit in LATENCY.findall(output)}
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    beacons = re.search(r"beacons sent (\d+) counted (\d+) uncounted (\d+) failed (\d+)", output)
    answers = re.search(r"conditional not_modified (\d+) ok (\d+) other (\d+)", output)
    return Figures(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50=latencies["50"],
        p99=latencies["99"],
        non2xx=int(non2xx.group(1)) if non2xx else 0,
        errors=sum(int(count) for count in errors.groups()) if errors else 0,
        beacons=(
            dict(zip(BEACON_FIELDS, map(int, beacons.groups()), strict=True)) if beacons else {}
        ),
        answers=(
            dict(zip(ANSWER_FIELDS, map(int, answers.groups()), strict=True)) if answers else {}
        ),
    )


def run_wrk(port, page, run):
    command = [
        "wrk",
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{DURATION}s",
        "--latency",
        # Slow answers are measured, not dropped as timeouts (wrk's default is 2 s).
        "--timeout",
        "10s",
    ]
    if page.script:
        command += ["-s", str(LUA / page.script)]
    command.append(f"http://127.0.0.1:{port}{page.path or '/'}")
    started = time.time()
    # Whole seconds (Lua's clock): the crawler's tail lasts CRAWLER_TAIL to one more.
    readers_until = int(started + DURATION - CRAWLER_TAIL)
    if page.script:
        command += ["--"] + [
            str(argument).replace("{run}", str(run)).replace("{readers_until}", str(readers_until))
            for argument in page.script_args
        ]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    report.raw.append(f"### {page.label}, run {run}\n\n    $ {' '.join(command)}\n")
    report.raw.append("\n".join(f"    {line}" for line in result.stdout.splitlines()) + "\n")
    figures = parse_wrk(result.stdout)
    if figures.beacons:
        # The counter's figure is the counting beacons' rate: the crawler's
        # beacons in the tail cost less (no write) and would flatter it.
        figures.beacons["wrk_rps"] = figures.rps
        figures.rps = figures.beacons["counted"] / (readers_until - started)
    return figures


# --- Sections --------------------------------------------------------------------


@dataclass
class Target:
    """A goal from the issue: a page's ratio to another page (hello unless said) and its p99."""

    page: str
    ratio: float
    against: str = "hello"
    p99_ms: float | None = None

    def describe(self):
        limit = f", p99 < {self.p99_ms:.0f} ms" if self.p99_ms else ""
        return f"≥ {self.ratio}× {self.against}{limit}"

    def met(self, results, run):
        figures, reference = results[self.page][run], results[self.against][run]
        ratio = figures.rps / reference.rps if reference.rps else 0.0
        fast = self.p99_ms is None or figures.p99 < self.p99_ms
        return ratio >= self.ratio and fast and figures.non2xx + figures.errors == 0, ratio


def drain(port):
    """Waits for the requests wrk left queued: a new one is answered after them.

    Otherwise a slow page's backlog would be served during the next page's run.
    """
    fetch(port, "/healthz")


def measure(port, pages, counter=None):
    """Both passes over every page; in each, hello first. Returns {key: [run 1, run 2]}."""
    results = {page.key: [] for page in pages}
    for run in range(1, RUNS + 1):
        for page in pages:
            before = views_of(*counter) if page.key == "counter" else None
            figures = run_wrk(port, page, run)
            drain(port)
            if before is not None:
                figures.beacons["db_difference"] = views_of(*counter) - before
            results[page.key].append(figures)
            print(f"  run {run}  {page.label:<34} {figures.rps:9.1f} req/s", flush=True)
    return results


def print_table(pages, results, reference="hello", reference_label="×hello"):
    say(f"| page | run | req/s | p50 ms | p99 ms | non-2xx | errors | {reference_label} |")
    say("|---|---|---:|---:|---:|---:|---:|---:|")
    for page in pages:
        for run, figures in enumerate(results[page.key]):
            base = results[reference][run].rps
            ratio = f"{figures.rps / base:.3g}" if base else "n/a"
            say(
                f"| {page.label} | {run + 1} | {figures.rps:.1f} | {figures.p50:.1f} | "
                f"{figures.p99:.1f} | {figures.non2xx} | {figures.errors} | "
                f"{ratio} |"
            )


def print_targets(targets, results, labels, outcome):
    for target in targets:
        checks = [target.met(results, run) for run in range(RUNS)]
        met = all(ok for ok, _ratio in checks)
        ratios = " / ".join(f"{ratio:.3g}×" for _ok, ratio in checks)
        p99 = " / ".join(f"{figures.p99:.0f}" for figures in results[target.page])
        say(
            f"- {labels[target.page]} {target.describe()}: {ratios} (p99 {p99} ms) "
            f"→ **{'met' if met else 'missed'}**"
        )
        outcome.append(met)


def print_counter(results, outcome):
    """Every beacon is a new reader: each one answered "counted" must add one view.

    The last seconds' beacons come from a crawler (bench/lua/counter.lua), so
    those wrk leaves unanswered when it stops cannot have counted either.
    """
    say(
        "- ¹ the counter's req/s: beacons answered counted per second before the "
        "crawler's tail; p50 and p99 are wrk's, over the whole run"
    )
    for run, figures in enumerate(results["counter"], start=1):
        beacons = figures.beacons
        answered = beacons["counted"] + beacons["uncounted"] + beacons["failed"]
        equal = beacons["db_difference"] == beacons["counted"]
        say(
            f"- counter run {run}: the article's total rose by {beacons['db_difference']}; "
            f"beacons answered counted: {beacons['counted']} → "
            f"**{'equal' if equal else 'NOT equal'}** (sent {beacons['sent']}, answered "
            f"not counted {beacons['uncounted']} (the crawler's), failed {beacons['failed']}, "
            f"unanswered at the stop {beacons['sent'] - answered}; wrk's req/s with the "
            f"crawler's {beacons['wrk_rps']:.1f})"
        )
        outcome.append(equal)


def print_rss(process, outcome):
    sizes = worker_rss_mb(process)
    within = all(size <= RSS_LIMIT_MB for size in sizes)
    listed = ", ".join(f"{size:.0f} MB" for size in sizes)
    say(f"- worker RSS after the run: {listed} (≤ {RSS_LIMIT_MB} MB each: "
        f"**{'met' if within else 'missed'}**)")  # fmt: skip
    outcome.append(within)


def common_pages(targets):
    return {
        "hello": Page("hello", "hello (baseline)", "/bench/hello/"),
        "home": Page("home", "home", "/"),
        "list1": Page("list1", "list page 1", "/berita/"),
        "list500": Page("list500", "list page 500", "/berita/?page=500"),
        "article": Page("article", "article (warm)", targets["article"]),
        "division": Page("division", "division page", targets["division"]),
        "tag": Page("tag", "tag page", targets["tag"]),
        "search": Page("search", "search", SEARCH),
        "feed": Page("feed", "main feed (RSS)", "/feed/"),
        "counter": Page(
            "counter",
            "counter beacon (POST) ¹",
            targets["counter"],
            script="counter.lua",
            script_args=[targets["counter"], "{run}", "{readers_until}"],
        ),
    }


def cached_section(environment, targets, outcome):
    say("\n## Cached: the page cache on (Redis), as in production\n")
    flush_cache()
    pages = common_pages(targets)
    order = ["hello", "home", "list1", "list500", "article", "division", "tag", "search", "feed"]
    selected = [pages[key] for key in [*order, "counter"]]
    process = start_gunicorn(environment, PAGE_CACHE_SECONDS, "cached")
    try:
        warm_up(GUNICORN_PORT, selected)
        counter = (environment["DATABASE_URL"], targets["counter_article_id"])
        results = measure(GUNICORN_PORT, selected, counter)
        print_table(selected, results)
        say()
        labels = {page.key: page.label for page in selected}
        print_targets(
            [Target(key, 0.7, p99_ms=100) for key in FAST_PAGES] + [Target("counter", 0.25)],
            results,
            labels,
            outcome,
        )
        print_counter(results, outcome)
        print_rss(process, outcome)
    finally:
        stop(process)


def uncached_section(environment, targets, outcome):
    say("\n## Uncached: PAGE_CACHE_SECONDS=0, every page rendered\n")
    flush_cache()
    pages = common_pages(targets)
    pages["article"] = Page(
        "article",
        "article (first render)",
        "/",
        script="paths.lua",
        script_args=[OUT / "article-paths.txt", "{run}", THREADS],
    )
    selected = [
        pages[key] for key in ("hello", "home", "list1", "list500", "article", "division", "search")
    ]
    process = start_gunicorn(environment, "0", "uncached")
    try:
        warm_up(GUNICORN_PORT, selected)
        results = measure(GUNICORN_PORT, selected)
        print_table(selected, results)
        say()
        labels = {page.key: page.label for page in selected}
        print_targets(
            [
                Target("article", 0.08),
                Target("search", 0.04),
                Target("list500", 0.8, against="list1"),
            ],
            results,
            labels,
            outcome,
        )
        print_rss(process, outcome)
    finally:
        stop(process)


# --- nginx -----------------------------------------------------------------------


# Each beacon is a new reader from its own address (bench/lua/counter.lua):
# take it from X-Forwarded-For, as nginx behind a CDN or load balancer would.
# The hello view is never_cache: like /healthz, it passes by the cache
# (see proxy_cache_lock in deploy/nginx.conf).
NGINX_EXTRA = """    set_real_ip_from 127.0.0.1;
    real_ip_header X-Forwarded-For;
    location = /bench/hello/ {
        proxy_pass http://kpu_site;
    }"""


def start_nginx(up_path):
    """deploy/nginx.conf in front of the running gunicorn (its Unix socket), once
    it answers up_path."""
    prefix = OUT / "nginx"
    config = nginx.write_config(
        prefix,
        port=NGINX_PORT,
        socket=SOCKET,
        static_parent=ROOT / "var",
        media_parent=OUT,
        extra=NGINX_EXTRA,
    )
    server = nginx.start(prefix, config)
    wait_until_up(NGINX_PORT, up_path, server, "nginx")
    return server


def stop_nginx(server):
    server.send_signal(signal.SIGQUIT)
    server.wait(timeout=30)


def nginx_section(environment, targets, outcome):
    say("\n## Through nginx: deploy/nginx.conf (microcache) in front of the cached gunicorn\n")
    flush_cache()
    process = start_gunicorn(environment, PAGE_CACHE_SECONDS, "nginx")
    server = None
    try:
        # The static file: a copy of the article page itself, so both move the same bytes.
        article = fetch(GUNICORN_PORT, targets["article"])[2]
        probe = ROOT / "var" / STATIC_PROBE.strip("/")
        probe.parent.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(article)
        server = start_nginx(STATIC_PROBE)
        pages = common_pages(targets)
        selected = [
            Page("static", f"static file ({len(article)} bytes)", STATIC_PROBE),
            pages["hello"],
            pages["article"],
            pages["home"],
            pages["list1"],
            pages["counter"],
        ]
        warm_up(NGINX_PORT, selected)
        status = fetch(NGINX_PORT, targets["article"])[1].get("X-Cache-Status", "none")
        counter = (environment["DATABASE_URL"], targets["counter_article_id"])
        results = measure(NGINX_PORT, selected, counter)
        print_table(selected, results, reference="static", reference_label="×static")
        say()
        say(f"- the article's X-Cache-Status after the warm-up: {status}")
        labels = {page.key: page.label for page in selected}
        print_targets([Target("article", 0.5, against="static")], results, labels, outcome)
        print_counter(results, outcome)
        print_rss(process, outcome)
    finally:
        if server is not None:
            stop_nginx(server)
        stop(process)


# Warm pages a phone reloads: asked with the ETag it holds.
CONDITIONAL_PAGES = ("article", "home", "list1")


def conditional_section(environment, targets, outcome, through):
    """Warm pages asked with their own ETag (bench/lua/conditional.lua): req/s, and
    the share answered 304, which must be all of them (nothing changes meanwhile)."""
    where = "through nginx (its microcache answers)" if through == "nginx" else "to gunicorn"
    say(f"\n## Conditional GET {where}: warm pages asked with If-None-Match\n")
    flush_cache()
    process = start_gunicorn(environment, PAGE_CACHE_SECONDS, f"conditional-{through}")
    server = None
    try:
        port = GUNICORN_PORT
        if through == "nginx":
            server = start_nginx("/bench/hello/")
            port = NGINX_PORT
        pages = common_pages(targets)
        warm_up(port, [pages[key] for key in ("hello", *CONDITIONAL_PAGES)])
        selected = [pages["hello"]]
        for key in CONDITIONAL_PAGES:
            page = pages[key]
            # As a phone holds it: gzipped through nginx, whose ETag is then W/"…".
            etag = fetch(port, page.path, {"Accept-Encoding": "gzip"})[1].get("ETag")
            if etag is None:
                sys.exit(f"{page.label}: {page.path} sent no ETag")
            selected.append(
                Page(
                    key,
                    f"{page.label}, If-None-Match",
                    page.path,
                    script="conditional.lua",
                    script_args=[page.path, etag],
                )
            )
        results = measure(port, selected)
        print_table(selected, results)
        say()
        print_not_modified(selected[1:], results, outcome)
        print_rss(process, outcome)
    finally:
        if server is not None:
            stop_nginx(server)
        stop(process)


def print_not_modified(pages, results, outcome):
    for page in pages:
        for run, figures in enumerate(results[page.key], start=1):
            answers = figures.answers
            total = sum(answers.values())
            share = answers["not_modified"] / total if total else 0.0
            met = total > 0 and answers["not_modified"] == total and figures.errors == 0
            say(
                f"- {page.label}, run {run}: {answers['not_modified']} of {total} answers "
                f"were 304 ({share:.1%}; 200: {answers['ok']}, other: {answers['other']}) "
                f"→ **{'met' if met else 'missed'}**"
            )
            outcome.append(met)


MODES = ("app", "nginx", "all", "conditional")


def main():
    mode = os.environ.get("MODE") or "app"
    if mode not in MODES:
        sys.exit(f"MODE={mode}: use app (the default), nginx, all or conditional")
    rebuild = os.environ.get("BENCH_REBUILD", "").lower() in ("1", "true", "yes")
    started = datetime.now(UTC)
    database_url = bench_database_url()
    environment = site_environment(database_url)
    targets = prepare_site(environment, rebuild)

    say(f"# kpu_site benchmark, {started:%Y-%m-%d %H:%M} UTC\n")
    command = f"BENCH_DURATION={DURATION} " if DURATION != 15 else ""
    say(f"- command: `{command}make bench{' MODE=' + mode if mode != 'app' else ''}`")
    describe_machine(database_url)
    say(
        f"- data: {targets['article_count']} published articles, 200 tags, 5 divisions, "
        "10 authors, 90 days of daily views (bench/loader.py)"
    )

    outcome = []
    if mode in ("app", "all"):
        cached_section(environment, targets, outcome)
        uncached_section(environment, targets, outcome)
    if mode in ("app", "all", "conditional"):
        conditional_section(environment, targets, outcome, "gunicorn")
    if mode in ("nginx", "all"):
        nginx_section(environment, targets, outcome)
    if mode in ("nginx", "all", "conditional"):
        conditional_section(environment, targets, outcome, "nginx")
    say(f"\n{sum(outcome)} of {len(outcome)} checks met.")
    report.save(f"{started:%Y%m%d-%H%M%S}")
    print(f"\nWritten to {OUT / 'latest.md'}")


if __name__ == "__main__":
    main()
