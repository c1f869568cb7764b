"""From an editor's publish to the article on the home page, for anonymous readers.

    .venv/bin/python -m bench.publish_latency     on its own (make bench calls measure())

A crowd of anonymous readers keeps loading the home page (a few threads, one
every 10 to 20 ms each, no cookie), so every cache is warm, as on an election
night. An editor then publishes a draft the way an editor does: logged in to the
admin, the article's change form posted with its "Publish" button. Each answer
the readers get to a request sent after the publish's answer arrived says
whether the home page shows the article's title; from those:

- first seen: the first answer that shows it;
- seen by all: the first answer after the last one that did not show it, that
  is, from then on every reader sees it. The checks use this one.

Through gunicorn (the page cache in Redis) it must be ≤ 1 s: a worker asks the
shared cache for a new generation at most once a second
(PAGE_CACHE_GENERATION_CHECK_SECONDS). Through nginx it must be ≤ the
microcache's lifetime for a 200 (`proxy_cache_valid` in deploy/nginx.conf, plus
the second that nginx's whole-second clock can add: microcache_seconds()):
nginx cannot hear of a publish and keeps the old page until it expires. Its
refresh asks Django for the newest generation at once (X-Microcache,
publishing/page_cache.py), so the old page is not kept for a check interval
more. The only slack is NGINX_SLACK: after the old page expires, a reader's
request sets off the refresh and gets the old page (proxy_cache_use_stale
updating), and the next reader after the new page is drawn sees it. A publish
just after a refresh shows that tail, so each trial first waits a random part
of the cycle.

Its own gunicorn and nginx, on ports of their own, so it runs beside
bench/run.py's; the drafts and the editor are made, and the drafts deleted,
in a subprocess with Django set up (`prepare` and `clean-up` below). The audit
record of each publish stays: its table refuses DELETE (a database trigger),
and its actor, the bench's editor account, stays with it, reused on
the next run.
"""

import html
import json
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
from contextlib import closing
from html.parser import HTMLParser
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import psycopg2

from bench import nginx
from bench.run import (
    BIN,
    OUT,
    ROOT,
    bench_database_url,
    fetch,
    site_environment,
    start_gunicorn,
    stop,
    stop_nginx,
    wait_until_up,
)

GUNICORN_PORT = int(os.environ.get("BENCH_PUBLISH_PORT", "8711"))
NGINX_PORT = int(os.environ.get("BENCH_PUBLISH_NGINX_PORT", "8781"))
# Used when run on its own; under make bench, the bench's cache.
CACHE_URL = os.environ.get("BENCH_PUBLISH_CACHE_URL", "redis://127.0.0.1:6379/12")
SOCKET = OUT / "publish-gunicorn.sock"
NGINX_PREFIX = OUT / "publish-nginx"
PAGE_CACHE_SECONDS = "600"
TRIALS = int(os.environ.get("BENCH_PUBLISH_TRIALS", "5"))
# The crowd: threads loading the home page, each pausing this long between loads.
READER_PAUSES = (0.01, 0.02, 0.02, 0.02)
# What the issue allows behind the application cache.
GUNICORN_LIMIT = 1.0
# Through nginx, past the microcache's lifetime: a reader's request to set off the
# refresh, the page drawn, the next reader's request (READER_PAUSES: ≤ 20 ms apart).
NGINX_SLACK = 0.1
EDITOR = "bench-publisher"
TITLE = "Uji kecepatan terbit {run} nomor {number}"


def microcache_seconds():
    """The longest nginx keeps a 200: `proxy_cache_valid 200 … 4s;` in
    deploy/nginx.conf, plus 1. nginx's clock counts whole seconds, and a page
    stored within second T is fresh until the clock passes T + 4: at the start
    of T that is 5 s (seen: refreshes 6.0 s apart with `5s`, 2026-12-01)."""
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    match = re.search(r"^\s*proxy_cache_valid\s+200\b[^;]*?\s(\d+)s;", text, re.M)
    return int(match.group(1)) + 1


# --- The editor: a browser's cookies and forms, over plain HTTP ----------------


class FormFields(HTMLParser):
    """What a browser sends from the form `form_id`, without pressing any button."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields = []
        self.select = None  # [name, multiple, chosen values, first value]
        self.textarea = None  # [name, text parts]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.inside = attributes.get("id") == self.form_id
            return
        if not self.inside or "disabled" in attributes:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attributes:
                    self.fields.append((name, attributes.get("value", "on")))
                return
            self.fields.append((name, attributes.get("value", "")))
        elif tag == "select" and name:
            self.select = [name, "multiple" in attributes, [], None]
        elif tag == "option" and self.select is not None:
            value = attributes.get("value", "")
            if self.select[3] is None:
                self.select[3] = value
            if "selected" in attributes:
                self.select[2].append(value)
        elif tag == "textarea" and name:
            self.textarea = [name, []]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select is not None:
            name, multiple, chosen, first = self.select
            if not chosen and not multiple and first is not None:
                chosen = [first]
            self.fields.extend((name, value) for value in chosen)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            name, parts = self.textarea
            # As browsers do: the newline right after <textarea> is not content.
            self.fields.append((name, "".join(parts).removeprefix("\n")))
            self.textarea = None


def form_fields(page, form_id):
    parser = FormFields(form_id)
    parser.feed(page)
    if not parser.fields:
        raise RuntimeError(f"no form #{form_id} in the page")
    return parser.fields


class Editor:
    """A logged-in editor in the admin, through `port` (gunicorn or nginx).

    Cookies by hand: production marks them Secure, and a cookie jar would not
    send them back over the bench's plain HTTP.
    """

    def __init__(self, port, admin_path):
        self.port = port
        self.admin = admin_path
        self.cookies = {}

    def request(self, method, path, fields=None):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
            for header in response.msg.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel.value and morsel["max-age"] != "0":
                        self.cookies[name] = morsel.value
                    else:
                        self.cookies.pop(name, None)
            return response.status, response.getheader("Location", ""), text
        finally:
            connection.close()

    def log_in(self, username, password):
        login = f"{self.admin}login/"
        status, _location, page = self.request("GET", login)
        fields = dict(form_fields(page, "login-form"))
        fields.update(username=username, password=password, next=self.admin)
        status, location, _page = self.request("POST", login, fields)
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"the editor could not log in ({status} {location})")

    def publish(self, article_id):
        """The change form, posted with its Publish button: when its answer arrived."""
        change = f"{self.admin}news/article/{article_id}/change/"
        status, _location, page = self.request("GET", change)
        if status != 200:
            raise RuntimeError(f"{change} answered {status}")
        fields = [*form_fields(page, "article_form"), ("_publish", "1")]
        status, location, page = self.request("POST", change, fields)
        answered = time.monotonic()
        if status != 302:
            errors = re.findall(r'<ul class="errorlist[^"]*".*?</ul>', page, re.S)
            raise RuntimeError(f"publishing {article_id} answered {status}: {errors}")
        return answered

    def log_out(self):
        token = self.cookies.get("csrftoken", "")
        self.request("POST", f"{self.admin}logout/", {"csrfmiddlewaretoken": token})


# --- The crowd of anonymous readers ---------------------------------------------


class Crowd:
    """Threads loading the home page without cookies; while `marker` is set, each
    answer is noted: (sent, arrived, shows the marker)."""

    def __init__(self, port):
        self.port = port
        self.marker = None
        self.answers = []
        self.failures = 0
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [
            threading.Thread(target=self.read, args=(pause,), daemon=True)
            for pause in READER_PAUSES
        ]

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopping.set()
        for thread in self.threads:
            thread.join()

    def read(self, pause):
        while not self.stopping.is_set():
            marker = self.marker
            sent = time.monotonic()
            try:
                status, _headers, body = fetch(self.port, "/")
            except OSError:
                status, body = None, b""
            arrived = time.monotonic()
            with self.lock:
                if status != 200:
                    self.failures += 1
                if marker is not None and marker is self.marker:
                    self.answers.append((sent, arrived, status == 200 and marker in body))
            self.stopping.wait(pause)

    def watch(self, marker):
        with self.lock:
            self.marker = marker
            self.answers = []

    def seen(self, since):
        """(first seen, seen by all) in seconds after `since`; None for never."""
        with self.lock:
            self.marker = None
            answers = sorted(
                (arrived, shows) for sent, arrived, shows in self.answers if sent >= since
            )
        first = next((arrived for arrived, shows in answers if shows), None)
        last_without = max(
            (index for index, (_at, shows) in enumerate(answers) if not shows), default=-1
        )
        everyone = answers[last_without + 1][0] if last_without + 1 < len(answers) else None
        return tuple(None if at is None else at - since for at in (first, everyone))


# --- Servers ----------------------------------------------------------------------


def start_nginx():
    config = nginx.write_config(
        NGINX_PREFIX,
        port=NGINX_PORT,
        socket=SOCKET,
        static_parent=ROOT / "var",
        media_parent=OUT,
    )
    server = nginx.start(NGINX_PREFIX, config)
    wait_until_up(NGINX_PORT, "/", server, "nginx")
    return server


# --- The database: drafts and the editor, made and removed with Django -----------


def django_step(environment, *arguments):
    result = subprocess.run(
        [BIN / "python", "-m", "bench.publish_latency", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def prepare(count):
    """The editor (made once, a new password each run) and `count` new drafts."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from accounts import roles
    from news.models import Article, Author, Division

    password = secrets.token_urlsafe(16)
    editor, _made = get_user_model().objects.get_or_create(
        username=EDITOR, defaults={"email": f"{EDITOR}@example.invalid", "is_staff": True}
    )
    editor.set_password(password)
    editor.save()
    editor.groups.set(Group.objects.filter(name=roles.EDITOR))
    author, division = (
        Author.objects.order_by("pk").first(),
        Division.objects.order_by("pk").first(),
    )
    run = secrets.token_hex(4)
    drafts = []
    for number in range(1, count + 1):
        title = TITLE.format(run=run, number=number)
        article = Article.objects.create(
            title=title,
            slug=f"uji-kecepatan-terbit-{run}-{number}",
            lead="Artikel uji dari bench/publish_latency.py; dihapus setelah diukur.",
            body="<p>Artikel uji.</p>",
            author=author,
            division=division,
            status=Article.Status.DRAFT,
        )
        drafts.append({"id": article.pk, "title": title})
    return {"username": EDITOR, "password": password, "drafts": drafts}


def clean_up(article_ids):
    """The drafts, their revisions and admin log entries, the editor's login records."""
    from axes.models import AccessAttempt, AccessLog
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from reversion.models import Revision

    from news.models import Article

    object_ids = [str(pk) for pk in article_ids]
    article_type = ContentType.objects.get_for_model(Article)
    Revision.objects.filter(
        version__content_type=article_type, version__object_id__in=object_ids
    ).delete()
    LogEntry.objects.filter(content_type=article_type, object_id__in=object_ids).delete()
    deleted, _by_model = Article.objects.filter(pk__in=article_ids).delete()
    AccessLog.objects.filter(username=EDITOR).delete()
    AccessAttempt.objects.filter(username=EDITOR).delete()
    return {"deleted": deleted}


def row_counts(database_url):
    """Rows in every table of the database: what the run left behind shows as a difference."""
    with closing(psycopg2.connect(database_url)) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_stat_user_tables ORDER BY relname")
        tables = [name for (name,) in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (names from pg_catalog)
            counts[table] = cursor.fetchone()[0]
    return counts


# --- The measurement ----------------------------------------------------------------


def run_trials(port, admin_path, setup, drafts, cycle, say):
    """Publish each draft through `port` under a reading crowd: [(first seen, seen by all)]."""
    editor = Editor(port, admin_path)
    editor.log_in(setup["username"], setup["password"])
    results = []
    try:
        with Crowd(port) as crowd:
            time.sleep(1)  # every cache warm before the first publish
            for draft in drafts:
                marker = html.escape(draft["title"]).encode()
                if marker in fetch(port, "/")[2]:
                    raise RuntimeError(
                        f"{draft['title']} is on the home page before it is published"
                    )
                time.sleep(random.uniform(0, cycle))
                crowd.watch(marker)
                answered = editor.publish(draft["id"])
                # Long enough for a stale copy refreshed just before the publish to expire.
                time.sleep(2 * cycle + 2)
                results.append(crowd.seen(answered))
            failures = crowd.failures
    finally:
        editor.log_out()
    if failures:
        say(f"- {failures} of the crowd's home-page loads failed (not 200)")
    return results


def describe(label, results, limit, say):
    everyone = [seen_by_all for _first, seen_by_all in results]
    met = all(seconds is not None and seconds <= limit for seconds in everyone)

    def seconds(values):
        return " / ".join("never" if value is None else f"{value:.3f}" for value in values)

    say(f"- {label}, first seen (s): {seconds(first for first, _all in results)}")
    say(f"- {label}, seen by all (s): {seconds(everyone)}")
    if all(value is not None for value in everyone):
        say(
            f"- {label}: median {statistics.median(everyone):.3f} s, "
            f"max {max(everyone):.3f} s ≤ {limit:g} s → **{'met' if met else 'missed'}**"
        )
    else:
        say(f"- {label}: not seen by all within the window → **missed**")
    return met


def measure(environment, say):
    """The publish-to-visible latency behind gunicorn's page cache and behind nginx."""
    lifetime = microcache_seconds()
    say("\n## Publish to visible: an editor publishes, anonymous readers load the home page\n")
    say(
        f"- {TRIALS} drafts per path, each published through the admin's change form "
        f"(Publish button) by a logged-in editor, while {len(READER_PAUSES)} readers "
        f"load the home page every {min(READER_PAUSES) * 1000:.0f}–"
        f"{max(READER_PAUSES) * 1000:.0f} ms; times from the publish's answer"
    )
    say(
        "- first seen: the first reader's answer that shows the title; seen by all: "
        "the answer from which on every reader's does"
    )
    say(
        f"- rule: seen by all ≤ {GUNICORN_LIMIT:g} s through gunicorn; ≤ the microcache's "
        f"lifetime ({lifetime} s: proxy_cache_valid 200 in deploy/nginx.conf, and the second "
        "nginx's whole-second clock adds) through nginx, "
        f"plus {NGINX_SLACK:g} s for the refresh that its expiry sets off"
    )
    database_url = environment["DATABASE_URL"]
    counts_before = row_counts(database_url)
    setup = django_step(environment, "prepare", str(2 * TRIALS))
    drafts = setup["drafts"]
    admin_path = "/" + environment.get("ADMIN_URL", "admin/")
    outcome = []
    process = start_gunicorn(
        environment, PAGE_CACHE_SECONDS, "publish", port=GUNICORN_PORT, socket=SOCKET
    )
    server = None
    try:
        direct = run_trials(GUNICORN_PORT, admin_path, setup, drafts[:TRIALS], GUNICORN_LIMIT, say)
        outcome.append(describe("gunicorn", direct, GUNICORN_LIMIT, say))
        server = start_nginx()
        proxied = run_trials(NGINX_PORT, admin_path, setup, drafts[TRIALS:], lifetime, say)
        outcome.append(describe("nginx", proxied, lifetime + NGINX_SLACK, say))
    finally:
        if server is not None:
            stop_nginx(server)
        stop(process)
        django_step(environment, "clean-up", json.dumps([draft["id"] for draft in drafts]))
    left = {
        table: count - counts_before.get(table, 0)
        for table, count in row_counts(database_url).items()
        if count != counts_before.get(table, 0)
    }
    # Anything else writing to this database meanwhile shows here too.
    say(f"- tables whose row count changed during the run: {left or 'none'}")
    return outcome


def main():
    if sys.argv[1:2] == ["prepare"]:
        import django

        django.setup()
        print(json.dumps(prepare(int(sys.argv[2]))))
        return
    if sys.argv[1:2] == ["clean-up"]:
        import django

        django.setup()
        print(json.dumps(clean_up(json.loads(sys.argv[2]))))
        return
    environment = site_environment(bench_database_url())
    environment["CACHE_URL"] = CACHE_URL
    outcome = measure(environment, lambda line="": print(line, flush=True))
    print(f"\n{sum(outcome)} of {len(outcome)} checks met.")
    # So that a caller (make, CI) sees a missed check.
    sys.exit(0 if all(outcome) else 1)


if __name__ == "__main__":
    main()
