"""`make bench`: the site under load, page by page, against a plain Django hello in the same run.

    make bench                  gunicorn: cached pages, then uncached ones
    make bench MODE=nginx       through nginx (deploy/nginx.conf), with a static file
    make bench MODE=all         both
    make bench MODE=conditional only the conditional-GET runs (gunicorn, then nginx)
    make bench SCALES=10000,100000  the chosen mode at each scale (articles), in one session
    BENCH_DURATION=5 make bench     shorter runs for a try (default 15 s)
    BENCH_REBUILD=1 make bench      reload the data

The yardstick is bench/hello_project: a plain Django project as startproject
makes it (its middleware, debug off), whose /hello/ runs under gunicorn with the
site's own settings (deploy/gunicorn.conf.py: 2 sync workers) on a port of its
own for the whole session. It is measured again before and after every page of a
pass, and each page's ratio (×plain) is against the mean of the two runs around
it: the machine's own speed drifts by up to a third within a run (2026-12-01),
and a yardstick measured once at the start of a pass would carry that drift into
every later page's ratio. The site's own hello view (/bench/hello/,
production settings, every middleware) is a second column (×project), so what
the middleware costs stays in sight.

The site runs with production settings (debug off) under gunicorn against a
PostgreSQL database per scale (kpu_site_bench for 10,000 articles,
kpu_site_bench_100k for 100,000, and so on), filled by bench/loader.py: the
articles, with tags, authors and years of history growing with them, 5
divisions, 90 days of daily views, 2,000 documents of 10 pages of text and 200
announcements for the site search (the report's header says how many). wrk loads
each page from 127.0.0.1 (2 threads, 32 connections); every figure is measured
twice, and each is divided by the yardstick's runs around it (above). Each
mode ends with a conditional-GET run: warm pages asked with their ETag
(If-None-Match), as a phone reloading them does, with the share of 304 answers.

MODE app and all (the modes with uncached pages) go further. At each scale
bench/explain.py writes EXPLAIN (ANALYZE, BUFFERS) of every query of each public
page rendered afresh; with more than one scale, a growth table holds each
uncached page's req/s at each scale against the smallest; and they end with the
admin's timing at each scale (bench/admin_timing.py) and the publish-to-visible
latency (bench/publish_latency.py), where those modules are present.

Everything printed is also written to var/bench/: latest.md (paste it into
bench/RESULTS.md), a dated copy with wrk's own output and the query plans
appended, and explain-<scale>.md; per scale, var/bench/<scale>/ holds the
loader's targets.json and article-paths.txt.
"""

import http.client
import importlib
import importlib.util
import json
import os
import platform
import re
import secrets
import shutil
import signal
import statistics
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
GUNICORN_CONFIG = ROOT / "deploy" / "gunicorn.conf.py"

DURATION = int(os.environ.get("BENCH_DURATION", "15"))
# Each run of the plain hello around a page: shorter, as there is one per page; a
# few seconds are some 10,000 answers.
HELLO_DURATION = max(3, DURATION // 3)
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
RUNS = 2
GUNICORN_PORT = int(os.environ.get("BENCH_PORT", "8710"))
PLAIN_PORT = int(os.environ.get("BENCH_PLAIN_PORT", "8712"))
NGINX_PORT = int(os.environ.get("BENCH_NGINX_PORT", "8780"))
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/14")
# The scale kpu_site_bench holds; every other has a database named for its size.
BASE_SCALE = 10_000
# The cached section keeps pages longer than the run, so every request after the
# warm-up is a hit; 0 in the uncached section turns the page cache off.
PAGE_CACHE_SECONDS = os.environ.get("BENCH_PAGE_CACHE_SECONDS", "600")
SEARCH = "/cari/?q=rekapitulasi+suara"
# An acronym whose long form is a phrase of words found on most of the bench's
# pages: the search that SEARCH_TIME_LIMIT_MS stops (search/engine.py). Measured
# to show that its cost stays bounded at every size; no target of its own.
SEARCH_PHRASE = "/cari/?q=DPT"
# The first page of the articles' section, once sitemap.xml is an index.
SITEMAP_PAGE = "/sitemap-berita.xml?p=1"
# gunicorn listens on it too, for nginx (as deploy/README.md has it).
SOCKET = OUT / "gunicorn.sock"
# Under STATIC_ROOT (var/static), where nginx serves /static/ from.
STATIC_PROBE = "/static/bench/article-copy.html"
RSS_LIMIT_MB = 150
# Seconds at the end of a counter run when the beacons come from a crawler
# (bench/lua/counter.lua): longer than the slowest answer, so none that can
# count is left in flight when wrk stops.
CRAWLER_TAIL = 2 if DURATION >= 10 else 1
# Pages the issue wants at ≥ 0.7× the plain hello with p99 < 100 ms when cached.
FAST_PAGES = ("article", "home", "list1", "division", "tag")
# Every public page rendered afresh must reach 0.035× the plain hello (search has
# its own, higher target); the article's first render is measured beside them.
UNCACHED_PAGES = (
    "home",
    "list1",
    "list500",
    "division",
    "tag",
    "author",
    "month",
    "search",
    "search_document",
    "feed",
    "division_feed",
    "sitemap",
    "sitemap_page",
)
UNCACHED_RATIO = 0.035
# At a larger scale each uncached page keeps this share of its smallest scale's req/s.
GROWTH_RATIO = 0.8


@dataclass
class Page:
    key: str
    label: str
    path: str = ""
    # A wrk Lua script in bench/lua/ and its arguments (after the URL).
    script: str = ""
    script_args: list = field(default_factory=list)
    # Another server than the section's: the plain hello's gunicorn.
    port: int | None = None


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
    # The plain hello's req/s around this run (measure()): what ×plain divides by.
    yardstick: float = 0.0


@dataclass
class Scale:
    """One size of the data: its database, the loader's targets and what was measured."""

    articles: int
    environment: dict
    targets: dict = field(default_factory=dict)
    # The uncached section's figures, {page key: [run 1, run 2]}, for the growth table.
    uncached: dict = field(default_factory=dict)
    # bench/explain.py's summary, {page key: {...}}.
    explain: dict = field(default_factory=dict)

    @property
    def out(self):
        return scale_out(self.articles)

    @property
    def paths_file(self):
        return self.out / "article-paths.txt"

    @property
    def database_url(self):
        return self.environment["DATABASE_URL"]


class Report:
    """What the bench prints, kept for var/bench/latest.md; wrk's raw output and the
    query plans beside it."""

    def __init__(self):
        self.lines = []
        self.raw = []
        self.appendix = []

    def say(self, line=""):
        print(line, flush=True)
        self.lines.append(line)

    def save(self, stamp):
        OUT.mkdir(parents=True, exist_ok=True)
        text = "\n".join(self.lines) + "\n"
        (OUT / "latest.md").write_text(text, encoding="utf-8")
        raw = text + "\n## wrk output\n\n" + "\n".join(self.raw) + "\n" + "\n".join(self.appendix)
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
        f"{RUNS} times; gunicorn {os.environ.get('GUNICORN_WORKERS', '2')} sync workers "
        "(deploy/gunicorn.conf.py) for the site and for the plain hello alike"
    )
    say(
        "- yardstick (×plain): bench/hello_project, a plain Django project with "
        "startproject's settings and middleware (debug off), its /hello/ measured "
        f"for {HELLO_DURATION} s before and after every page, each page divided by the "
        "mean of the two runs around it (the column plain around); ×project: the "
        "site's own /bench/hello/ in the same pass (production settings, every "
        "middleware)"
    )
    say(f"- load average at start: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")


def describe_data(scale):
    years, tags, divisions, authors, days, documents, pages, announcements = query_row(
        scale.database_url,
        "SELECT (SELECT ceil(extract(epoch FROM max(published_at) - min(published_at)) "
        "/ (365.25 * 86400)) FROM news_article), "
        "(SELECT count(*) FROM taggit_tag), (SELECT count(*) FROM news_division), "
        "(SELECT count(*) FROM news_author), "
        "(SELECT max(date) - min(date) + 1 FROM news_dailyviews), "
        "(SELECT count(*) FROM documents_document), "
        "(SELECT count(*) FROM documents_documentpage), "
        "(SELECT count(*) FROM announcements_announcement)",
    )
    say(
        f"- data at {scale.articles:,}: {scale.targets['article_count']} published articles "
        f"over {years or 0:.0f} years, {tags} tags, {divisions} divisions, {authors} authors, "
        f"{days or 0} days of daily views; {documents} documents with {pages} pages of "
        f"text, {announcements} announcements (bench/loader.py; database "
        f"{database_name(scale.articles)})"
    )


# --- Database, data, static files ------------------------------------------------


def database_name(articles):
    if articles == BASE_SCALE:
        return "kpu_site_bench"
    return (
        f"kpu_site_bench_{articles // 1000}k"
        if articles % 1000 == 0
        else f"kpu_site_bench_{articles}"
    )


def scale_out(articles):
    """Where the loader's files for a scale go: targets.json, article-paths.txt."""
    return OUT / str(articles)


def bench_database_url(articles=BASE_SCALE):
    """The scale's database on DATABASE_URL's server: kpu_site_bench for 10,000 articles,
    kpu_site_bench_<n>k otherwise. BENCH_DATABASE_URL names another for 10,000 (its
    server then serves the other scales too)."""
    given = os.environ.get("BENCH_DATABASE_URL")
    if given and articles == BASE_SCALE:
        return given
    base = urlsplit(
        given or os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kpu_site")
    )
    return urlunsplit(base._replace(path=f"/{database_name(articles)}"))


def site_environment(database_url, media_root=OUT / "media"):
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
        MEDIA_ROOT=str(media_root),
        BENCH_ENDPOINTS="true",
        # The counter's readers come from X-Forwarded-For (bench/lua/counter.lua).
        TRUST_X_FORWARDED_FOR="true",
        # wrk is one client sending thousands of fresh renders a minute: the limit
        # is still checked on every render (its cost is in the figures), never met.
        PUBLIC_RENDER_RATE_LIMIT="100000000/m",
        LOG_LEVEL="WARNING",
    )
    return environment


def scale_environment(articles):
    # 10,000 articles keep var/bench/media, where kpu_site_bench's covers already are.
    media_root = OUT / "media" if articles == BASE_SCALE else scale_out(articles) / "media"
    return site_environment(bench_database_url(articles), media_root)


def manage(environment, *arguments):
    subprocess.run([BIN / "python", "manage.py", *arguments], cwd=ROOT, env=environment, check=True)


def prepare_scale(scale, rebuild):
    environment = scale.environment
    ensure_database(environment["DATABASE_URL"], drop_first=rebuild)
    if rebuild:
        # The covers of the dropped database; new ones would get new names beside them.
        shutil.rmtree(environment["MEDIA_ROOT"], ignore_errors=True)
    manage(environment, "migrate", "--no-input", "--verbosity", "0")
    scale.out.mkdir(parents=True, exist_ok=True)
    targets_path = scale.out / "targets.json"
    subprocess.run(
        [
            BIN / "python",
            "-m",
            "bench.loader",
            targets_path,
            scale.paths_file,
            "--articles",
            str(scale.articles),
        ],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    scale.targets = json.loads(targets_path.read_text())


def flush_cache():
    database = CACHE_URL.rsplit("/", 1)[-1]
    subprocess.run(["redis-cli", "-n", database, "FLUSHDB"], check=True, capture_output=True)


def query_row(database_url, sql, parameters=()):
    with closing(psycopg2.connect(database_url)) as connection, connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        return cursor.fetchone()


def query_one(database_url, sql, parameters=()):
    return query_row(database_url, sql, parameters)[0]


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


def start_gunicorn(environment, page_cache_seconds, label, port=GUNICORN_PORT, socket=SOCKET):
    (OUT / "logs").mkdir(parents=True, exist_ok=True)
    log = (OUT / "logs" / f"gunicorn-{label}.log").open("w")
    process = subprocess.Popen(
        [BIN / "gunicorn", "-c", GUNICORN_CONFIG],
        cwd=ROOT,
        env={
            **environment,
            "GUNICORN_BIND": f"127.0.0.1:{port},unix:{socket}",
            "PAGE_CACHE_SECONDS": page_cache_seconds,
        },
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    wait_until_up(port, "/healthz", process, "gunicorn")
    return process


def start_plain_hello():
    """bench/hello_project under the site's gunicorn settings: the same config file,
    the same environment for it (GUNICORN_WORKERS and the rest), only another app
    and port."""
    (OUT / "logs").mkdir(parents=True, exist_ok=True)
    log = (OUT / "logs" / "gunicorn-plain-hello.log").open("w")
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GUNICORN_BIND"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="bench.hello_project.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        GUNICORN_BIND=f"127.0.0.1:{PLAIN_PORT}",
    )
    process = subprocess.Popen(
        # The application named here takes the place of the config's wsgi_app.
        [BIN / "gunicorn", "-c", GUNICORN_CONFIG, "bench.hello_project.wsgi:application"],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    wait_until_up(PLAIN_PORT, "/hello/", process, "the plain hello's gunicorn")
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


def fetch(port, path, headers=None, timeout=30):
    """One GET, no redirect followed: (status, headers, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
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
            try:
                status = fetch(page.port or port, page.path)[0]
            except TimeoutError:
                sys.exit(f"{page.label}: {page.path} gave no answer within the timeout")
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


def run_wrk(port, page, run, duration=DURATION):
    command = [
        "wrk",
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{duration}s",
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
    readers_until = int(started + duration - CRAWLER_TAIL)
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
    """A goal from the issue: a page's ratio to another page (the plain hello unless
    said) and its p99."""

    page: str
    ratio: float
    against: str = "plain"
    p99_ms: float | None = None

    def describe(self):
        limit = f", p99 < {self.p99_ms:.0f} ms" if self.p99_ms else ""
        against = "plain hello" if self.against == "plain" else self.against
        return f"≥ {self.ratio}× {against}{limit}"

    def met(self, results, run):
        figures = results[self.page][run]
        reference = reference_rps(results, figures, self.against, run)
        ratio = figures.rps / reference if reference else 0.0
        fast = self.p99_ms is None or figures.p99 < self.p99_ms
        return ratio >= self.ratio and fast and figures.non2xx + figures.errors == 0, ratio


def drain(port):
    """Waits for the requests wrk left queued: a new one is answered after them.

    Otherwise a slow page's backlog would be served during the next page's run;
    a backlog of the slowest pages (32 renders of the sitemap) takes a while.
    """
    fetch(port, "/hello/" if port == PLAIN_PORT else "/healthz", timeout=300)


def measure(port, pages, counter=None):
    """Both passes over every page. Returns {key: [run 1, run 2]}.

    With the plain hello among `pages`, it is the yardstick: measured before the
    first page and after every page (HELLO_DURATION each), and each page's
    Figures.yardstick is the mean of the two runs around it. The hello's own
    entry is the mean of its runs in the pass.
    """
    plain = next((page for page in pages if page.key == "plain"), None)
    results = {page.key: [] for page in pages}
    for run in range(1, RUNS + 1):
        hellos = []

        def hello(run=run, hellos=hellos):
            figures = run_wrk(PLAIN_PORT, plain, run, HELLO_DURATION)
            drain(PLAIN_PORT)
            hellos.append(figures)
            return figures.rps

        before = hello() if plain else 0.0
        for page in pages:
            if page is plain:
                continue
            views_before = views_of(*counter) if page.key == "counter" else None
            figures = run_wrk(page.port or port, page, run)
            drain(page.port or port)
            if views_before is not None:
                figures.beacons["db_difference"] = views_of(*counter) - views_before
            if plain:
                after = hello()
                figures.yardstick = (before + after) / 2
                before = after
            results[page.key].append(figures)
            ratio = f"  {figures.rps / figures.yardstick:.3g}× plain" if plain else ""
            print(f"  run {run}  {page.label:<40} {figures.rps:9.1f} req/s{ratio}", flush=True)
        if plain:
            results["plain"].append(mean_figures(hellos))
    return results


def mean_figures(runs):
    """One row for the plain hello's runs in a pass: their mean req/s and p50, the
    worst p99, every error; its own yardstick."""
    rps = statistics.mean(figures.rps for figures in runs)
    return Figures(
        rps=rps,
        p50=statistics.mean(figures.p50 for figures in runs),
        p99=max(figures.p99 for figures in runs),
        non2xx=sum(figures.non2xx for figures in runs),
        errors=sum(figures.errors for figures in runs),
        yardstick=rps,
    )


def reference_rps(results, figures, key, run):
    """What a page's run is divided by: the plain hello around it, or another page's
    figure in the same pass."""
    if key == "plain":
        return figures.yardstick
    return results[key][run].rps


# The columns of ratios in the app's tables: to the yardstick, then to the site's hello.
HELLOS = (("plain", "×plain"), ("hello", "×project"))


def print_table(pages, results, references=HELLOS):
    """One row per page and pass; "plain around" is the plain hello's req/s that
    ×plain divides by (measure()): for the hello's own row, its pass's mean."""
    columns = " | ".join(label for _key, label in references)
    say(f"| page | run | req/s | p50 ms | p99 ms | non-2xx | errors | plain around | {columns} |")
    say("|---|---|---:|---:|---:|---:|---:|---:|" + "---:|" * len(references))
    for page in pages:
        for run, figures in enumerate(results[page.key]):
            ratios = []
            for key, _label in references:
                base = reference_rps(results, figures, key, run)
                ratios.append(f"{figures.rps / base:.3g}" if base else "n/a")
            say(
                f"| {page.label} | {run + 1} | {figures.rps:.1f} | {figures.p50:.1f} | "
                f"{figures.p99:.1f} | {figures.non2xx} | {figures.errors} | "
                f"{figures.yardstick:.0f} | {' | '.join(ratios)} |"
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


# Pages whose path the loader finds in the data (targets.json), beside the fixed ones.
LOADED_PAGES = {
    "article": "article (warm)",
    "division": "division page",
    "tag": "tag page",
    "author": "author page",
    "month": "month archive",
    "division_feed": "division feed (RSS)",
    "search_document": "search, a word on one document's page",
}


def common_pages(targets):
    pages = {
        "plain": Page("plain", "plain Django hello (yardstick)", "/hello/", port=PLAIN_PORT),
        "hello": Page("hello", "project hello", "/bench/hello/"),
        "home": Page("home", "home", "/"),
        "list1": Page("list1", "list page 1", "/berita/"),
        "list500": Page("list500", "list page 500", "/berita/?page=500"),
        "search": Page("search", "search", SEARCH),
        "search_phrase": Page(
            "search_phrase", "search “DPT”, a phrase on no page ²", SEARCH_PHRASE
        ),
        "feed": Page("feed", "main feed (RSS)", "/feed/"),
        "sitemap": Page("sitemap", "sitemap.xml", "/sitemap.xml"),
        "sitemap_page": Page("sitemap_page", "sitemap page (berita, p=1)", SITEMAP_PAGE),
        "counter": Page(
            "counter",
            "counter beacon (POST) ¹",
            targets["counter"],
            script="counter.lua",
            script_args=[targets["counter"], "{run}", "{readers_until}"],
        ),
    }
    for key, label in LOADED_PAGES.items():
        if key in targets:
            pages[key] = Page(key, label, targets[key])
    return pages


def cached_section(scale, outcome):
    say("\n### Cached: the page cache on (Redis), as in production\n")
    flush_cache()
    pages = common_pages(scale.targets)
    order = ["plain", "hello", "home", "list1", "list500", "article", "division", "tag"]
    selected = [pages[key] for key in [*order, "search", "feed", "counter"]]
    process = start_gunicorn(scale.environment, PAGE_CACHE_SECONDS, f"{scale.articles}-cached")
    try:
        warm_up(GUNICORN_PORT, selected)
        counter = (scale.database_url, scale.targets["counter_article_id"])
        results = measure(GUNICORN_PORT, selected, counter)
        print_table(selected, results)
        say()
        labels = {page.key: page.label for page in selected}
        print_targets(
            [Target(key, 0.7, p99_ms=100) for key in FAST_PAGES] + [Target("counter", 0.2)],
            results,
            labels,
            outcome,
        )
        print_counter(results, outcome)
        print_rss(process, outcome)
    finally:
        stop(process)


def uncached_section(scale, outcome):
    say("\n### Uncached: PAGE_CACHE_SECONDS=0, every page rendered\n")
    flush_cache()
    pages = common_pages(scale.targets)
    pages["article"] = Page(
        "article",
        "article (first render)",
        "/",
        script="paths.lua",
        script_args=[scale.paths_file, "{run}", THREADS],
    )
    process = start_gunicorn(scale.environment, "0", f"{scale.articles}-uncached")
    try:
        notes = []
        missing = [key for key in UNCACHED_PAGES if key not in pages]
        if missing:
            notes.append(f"- not measured, no path in targets.json: {', '.join(missing)}")
        if fetch(GUNICORN_PORT, SITEMAP_PAGE)[0] == 404:
            del pages["sitemap_page"]
            notes.append(
                f"- {SITEMAP_PAGE} answered 404 (sitemap.xml is no index at this scale): "
                "only /sitemap.xml is measured"
            )
        keys = ["plain", "hello", "article", *UNCACHED_PAGES, "search_phrase"]
        selected = [pages[key] for key in keys if key in pages]
        warm_up(GUNICORN_PORT, selected)
        results = measure(GUNICORN_PORT, selected)
        scale.uncached = results
        print_table(selected, results)
        say()
        say(
            "² its long form's words are on most of the bench's pages, in no page as a "
            "phrase: stopped after SEARCH_TIME_LIMIT_MS and answered from each type's "
            "newest SEARCH_WINDOW items (search/engine.py); shown for its bound, no target"
        )
        for note in notes:
            say(note)
        labels = {page.key: page.label for page in selected}
        print_targets(
            [
                Target("article", 0.08),
                Target("search", 0.04),
                Target("list500", 0.8, against="list1"),
                *(
                    Target(key, UNCACHED_RATIO)
                    for key in UNCACHED_PAGES
                    if key in results and key != "search"
                ),
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


def start_nginx(environment, up_path):
    """deploy/nginx.conf in front of the running gunicorn (its Unix socket), once
    it answers up_path."""
    prefix = OUT / "nginx"
    config = nginx.write_config(
        prefix,
        port=NGINX_PORT,
        socket=SOCKET,
        static_parent=ROOT / "var",
        media_parent=Path(environment["MEDIA_ROOT"]).parent,
        extra=NGINX_EXTRA,
    )
    server = nginx.start(prefix, config)
    wait_until_up(NGINX_PORT, up_path, server, "nginx")
    return server


def stop_nginx(server):
    server.send_signal(signal.SIGQUIT)
    server.wait(timeout=30)


def nginx_section(scale, outcome):
    say("\n### Through nginx: deploy/nginx.conf (microcache) in front of the cached gunicorn\n")
    flush_cache()
    environment, targets = scale.environment, scale.targets
    process = start_gunicorn(environment, PAGE_CACHE_SECONDS, f"{scale.articles}-nginx")
    server = None
    try:
        # The static file: a copy of the article page itself, so both move the same bytes.
        article = fetch(GUNICORN_PORT, targets["article"])[2]
        probe = ROOT / "var" / STATIC_PROBE.strip("/")
        probe.parent.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(article)
        server = start_nginx(environment, STATIC_PROBE)
        pages = common_pages(targets)
        selected = [
            Page("static", f"static file ({len(article)} bytes)", STATIC_PROBE),
            pages["plain"],
            pages["hello"],
            pages["article"],
            pages["home"],
            pages["list1"],
            pages["counter"],
        ]
        warm_up(NGINX_PORT, selected)
        status = fetch(NGINX_PORT, targets["article"])[1].get("X-Cache-Status", "none")
        counter = (scale.database_url, targets["counter_article_id"])
        results = measure(NGINX_PORT, selected, counter)
        print_table(selected, results, references=(("static", "×static"), *HELLOS))
        say()
        say(
            "- the plain hello is asked of its own gunicorn, not through nginx; the "
            "project hello passes through nginx, uncached"
        )
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


def conditional_section(scale, outcome, through):
    """Warm pages asked with their own ETag (bench/lua/conditional.lua): req/s, and
    the share answered 304, which must be all of them (nothing changes meanwhile)."""
    where = "through nginx (its microcache answers)" if through == "nginx" else "to gunicorn"
    say(f"\n### Conditional GET {where}: warm pages asked with If-None-Match\n")
    flush_cache()
    label = f"{scale.articles}-conditional-{through}"
    process = start_gunicorn(scale.environment, PAGE_CACHE_SECONDS, label)
    server = None
    try:
        port = GUNICORN_PORT
        if through == "nginx":
            server = start_nginx(scale.environment, "/bench/hello/")
            port = NGINX_PORT
        pages = common_pages(scale.targets)
        warm_up(port, [pages[key] for key in ("plain", "hello", *CONDITIONAL_PAGES)])
        selected = [pages["plain"], pages["hello"]]
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
        print_not_modified(selected[2:], results, outcome)
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


# --- Across scales ---------------------------------------------------------------


def explain_scale(scale):
    """bench/explain.py in a process of its own (its own django.setup) against the
    scale's database: the plans go to explain-<scale>.md and the dated report."""
    flush_cache()
    markdown = OUT / f"explain-{scale.articles}.md"
    result = subprocess.run(
        [
            BIN / "python",
            "-m",
            "bench.explain",
            scale.out / "targets.json",
            scale.paths_file,
            markdown,
        ],
        cwd=ROOT,
        env={**scale.environment, "PAGE_CACHE_SECONDS": "0"},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        say(f"\n- EXPLAIN at {scale.articles:,} failed:\n\n```\n{result.stderr[-3000:]}\n```")
        return
    report.appendix.append(markdown.read_text(encoding="utf-8"))
    scale.explain = json.loads(result.stdout.strip().splitlines()[-1])
    print(f"  EXPLAIN at {scale.articles:,}: {markdown}", flush=True)


def mean_rps(runs):
    return statistics.mean(figures.rps for figures in runs)


def plain_share(scale, key):
    """A page's uncached figure as the bench reports it: each run's req/s over the
    plain hello around it, the mean of both runs."""
    return statistics.mean(figures.rps / figures.yardstick for figures in scale.uncached[key])


def growth_section(scales, outcome):
    """Each uncached page's figure at every scale, and each larger scale's share of
    the smallest's. The figure is the page's share of the plain hello in the same
    run, as everywhere in the bench: the machine's own speed moves between scales
    (in one run of 2026-12-01 the plain hello itself fell to 0.71× during the
    larger scale), and raw req/s would measure that too."""
    base, larger = scales[0], scales[1:]
    say(f"\n## Growth: uncached pages from {base.articles:,} articles\n")
    say(
        "req/s and × plain hello: the mean of both runs (each run's req/s over the plain "
        f"hello around it); each larger scale's × plain hello must be ≥ {GROWTH_RATIO}× "
        f"the {base.articles:,} one. The plain hello's row shows how much the machine "
        "itself moved between scales (no check).\n"
    )
    header = [f"req/s at {scale.articles:,}" for scale in scales]
    header += [f"× plain at {scale.articles:,}" for scale in scales]
    header += [f"{scale.articles:,} ÷ {base.articles:,}" for scale in larger]
    say(f"| page | {' | '.join(header)} |")
    say("|---|" + "---:|" * len(header))
    labels = {key: page.label for key, page in common_pages(base.targets).items()}
    labels["article"] = "article (first render)"
    for key in ("plain", "article", *UNCACHED_PAGES):
        present = [key in scale.uncached for scale in scales]
        cells = [
            f"{mean_rps(scale.uncached[key]):.1f}" if here else "n/a"
            for scale, here in zip(scales, present, strict=True)
        ]
        if key == "plain":
            cells += ["1"] * len(scales)
            cells += [
                f"{mean_rps(scale.uncached[key]) / mean_rps(base.uncached[key]):.2f}× (req/s)"
                for scale in larger
            ]
            say(f"| {labels[key]} | {' | '.join(cells)} |")
            continue
        shares = [
            plain_share(scale, key) if here else None
            for scale, here in zip(scales, present, strict=True)
        ]
        cells += [f"{share:.4f}" if share is not None else "n/a" for share in shares]
        for share in shares[1:]:
            if share is None or shares[0] is None:
                cells.append("n/a")
                continue
            met = share / shares[0] >= GROWTH_RATIO
            outcome.append(met)
            cells.append(f"{share / shares[0]:.2f}× **{'met' if met else 'missed'}**")
        say(f"| {labels.get(key, key)} | {' | '.join(cells)} |")


def explain_summary(scales):
    """Per page: SELECTs and their summed Execution Time (EXPLAIN ANALYZE) at each scale."""
    if not any(scale.explain for scale in scales):
        return
    say("\n## Where the time goes: EXPLAIN (ANALYZE, BUFFERS) of each page's queries\n")
    say(
        "Each public page rendered afresh through Django's test client (production "
        "settings, PAGE_CACHE_SECONDS=0), its SELECTs explained (bench/explain.py); "
        "the plans are in var/bench/explain-<scale>.md and appended to the dated "
        "report.\n"
    )
    header = []
    for scale in scales:
        header += [f"SELECTs at {scale.articles:,}", f"Execution ms at {scale.articles:,}"]
    say(f"| page | {' | '.join(header)} |")
    say("|---|" + "---:|" * len(header))
    keys = list(dict.fromkeys(key for scale in scales for key in scale.explain))
    for key in keys:
        cells = []
        for scale in scales:
            page = scale.explain.get(key)
            if page is None or page["status"] != 200:
                cells += ["n/a", "n/a"]
            else:
                cells += [str(page["selects"]), f"{page['execution_ms']:.2f}"]
        label = next(scale.explain[key]["label"] for scale in scales if key in scale.explain)
        say(f"| {label} | {' | '.join(cells)} |")


def other_measures(scales, outcome):
    """The admin's timing at each scale and the publish-to-visible latency (at the
    first), from their own modules where they are present."""
    if importlib.util.find_spec("bench.admin_timing"):
        admin_timing = importlib.import_module("bench.admin_timing")
        for scale in scales:
            outcome += admin_timing.measure(scale.environment, say)
    if importlib.util.find_spec("bench.publish_latency"):
        publish_latency = importlib.import_module("bench.publish_latency")
        outcome += publish_latency.measure(scales[0].environment, say)


MODES = ("app", "nginx", "all", "conditional")


def chosen_scales():
    try:
        sizes = sorted({int(size) for size in os.environ.get("BENCH_SCALES", "10000").split(",")})
    except ValueError:
        sys.exit("BENCH_SCALES: article counts separated by commas, e.g. 10000,100000")
    return [Scale(size, scale_environment(size)) for size in sizes]


def bench_scale(scale, mode, outcome):
    say(f"\n## At {scale.articles:,} articles ({database_name(scale.articles)})")
    report.raw.append(f"## At {scale.articles:,} articles\n")
    if mode in ("app", "all"):
        cached_section(scale, outcome)
        uncached_section(scale, outcome)
    if mode in ("app", "all", "conditional"):
        conditional_section(scale, outcome, "gunicorn")
    if mode in ("nginx", "all"):
        nginx_section(scale, outcome)
    if mode in ("nginx", "all", "conditional"):
        conditional_section(scale, outcome, "nginx")
    if mode in ("app", "all"):
        explain_scale(scale)


def main():
    mode = os.environ.get("MODE") or "app"
    if mode not in MODES:
        sys.exit(f"MODE={mode}: use app (the default), nginx, all or conditional")
    rebuild = os.environ.get("BENCH_REBUILD", "").lower() in ("1", "true", "yes")
    started = datetime.now(UTC)
    scales = chosen_scales()
    for scale in scales:
        prepare_scale(scale, rebuild)
    manage(scales[0].environment, "collectstatic", "--no-input", "--verbosity", "0")

    say(f"# kpu_site benchmark, {started:%Y-%m-%d %H:%M} UTC\n")
    command = f"BENCH_DURATION={DURATION} " if DURATION != 15 else ""
    sizes = ",".join(str(scale.articles) for scale in scales)
    say(
        f"- command: `{command}make bench{' MODE=' + mode if mode != 'app' else ''}"
        f"{' SCALES=' + sizes if sizes != str(BASE_SCALE) else ''}`"
    )
    describe_machine(scales[0].database_url)
    for scale in scales:
        describe_data(scale)

    outcome = []
    plain = start_plain_hello()
    try:
        for scale in scales:
            bench_scale(scale, mode, outcome)
    finally:
        stop(plain)
    if mode in ("app", "all") and len(scales) > 1:
        growth_section(scales, outcome)
    explain_summary(scales)
    if mode in ("app", "all"):
        other_measures(scales, outcome)
    say(f"\n{sum(outcome)} of {len(outcome)} checks met.")
    report.save(f"{started:%Y%m%d-%H%M%S}")
    for scale in scales:
        if scale.explain:
            print(f"EXPLAIN plans at {scale.articles:,}: {OUT / f'explain-{scale.articles}.md'}")
    print(f"\nWritten to {OUT / 'latest.md'}")


if __name__ == "__main__":
    main()
