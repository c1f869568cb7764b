"""Run the external validators against the site and print their counts per page.

`make validate` calls this after installing its tools (docs/validation.md): the W3C
Nu HTML Checker (the vnu-jar npm package on Debian's Java), pa11y (WCAG 2 AA, on
Debian's Chromium), xmllint against the sitemaps.org schema, feed checks, extruct,
and the text trafilatura and newspaper4k recover from an article. The cheap checks
are tests in tests/conformance/ too; this script adds the heavy ones and one table.

Without --url it serves the demo content as in production (gunicorn, DEBUG off, so
the real 404 page) from its own database (kpu_validate) and media folder, so a run
never touches development data. Pages are found from sitemap.xml and the links of
the home, list and article pages: one of each kind, and every fixed page.

Exits 1 when an HTML error or a pa11y error remains, unless --report-only.
The W3C feedvalidator cannot run here (docs/validation.md): feeds get XML
well-formedness, feedparser's verdict and RFC 4287's required Atom elements.
"""

# Every command here is built from fixed parts and the site's own URLs.
# ruff: noqa: S603, T201

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

from production_site import free_port, site_environment

BASE_DIR = Path(__file__).resolve().parent.parent
WORK_DIR = BASE_DIR / "var" / "validate"
NODE_DIR = BASE_DIR / "var" / "node" / "node_modules"
VNU_JAR = NODE_DIR / "vnu-jar" / "build" / "dist" / "vnu.jar"
PA11Y = NODE_DIR / ".bin" / "pa11y"
# The sitemaps.org schemas (a <urlset> page, a <sitemapindex>): tests/conformance/
# keeps copies; the npm package sitemap ships the same files, a fallback while a
# copy is missing.
SITEMAP_SCHEMAS = {
    kind: [
        BASE_DIR / "tests" / "conformance" / "schemas" / f"{kind}.xsd",
        NODE_DIR / "sitemap" / "schema" / f"{kind}.xsd",
    ]
    for kind in ("sitemap", "siteindex")
}
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CHROMIUM = "/usr/bin/chromium"
DATABASE_NAME = "kpu_validate"
PYTHON = sys.executable
ATOM = "{http://www.w3.org/2005/Atom}"

# (name, path pattern) in the order of the table; the first link of each kind is taken.
KINDS = [
    ("article", r"^/berita/(?!\d{4}/)[^/]+/$"),
    ("division", r"^/divisi/[^/]+/$"),
    ("tag", r"^/tag/[^/]+/$"),
    ("author", r"^/penulis/[^/]+/$"),
    ("month", r"^/berita/\d{4}/\d{1,2}/$"),
]
FIXED_PAGES = r"^/(halaman/.+|kontak/)$"


# ---------------------------------------------------------------------------
# Serving the site


def static_changed():
    """Whether a static file changed since the last collectstatic (which takes minutes).

    The project's own static files are in static/ and the apps' static/ folders;
    Django's and the libraries' change only with an install, which --fresh covers.
    """
    manifest = BASE_DIR / "var" / "static" / "staticfiles.json"
    if not manifest.exists():
        return True
    collected = manifest.stat().st_mtime
    sources = {BASE_DIR / "static", *BASE_DIR.glob("*/static")} - {BASE_DIR / "var" / "static"}
    return any(
        file.stat().st_mtime > collected
        for folder in sources
        for file in folder.rglob("*")
        if file.is_file()
    )


def start_site(fresh):
    """Migrate, load the demo content, collect static files; return (base URL, gunicorn)."""
    sys.path.insert(0, str(BASE_DIR / "scripts"))
    from dev_database import ensure_database

    env = site_environment(DATABASE_NAME, WORK_DIR / "media")
    ensure_database(env["DATABASE_URL"], drop_first=fresh)
    commands = [["migrate", "--no-input", "-v", "0"], ["load_demo_content"]]
    if fresh or static_changed():
        commands.append(["collectstatic", "--no-input", "-v", "0"])
    for args in commands:
        subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)
    port = free_port()
    log = (WORK_DIR / "gunicorn.log").open("w")
    gunicorn = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "kpu_site.wsgi",
            f"--bind=127.0.0.1:{port}",
            "--workers=2",
            "--log-level=warning",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if fetch(base + "/healthz")[0] == 200:
            return base, gunicorn
        time.sleep(0.3)
    gunicorn.terminate()
    raise SystemExit(f"{base} did not answer within 30 s")


def fetch(url):
    """(status, body bytes, content type); error statuses are answers too (the 404 page)."""
    request = urllib.request.Request(url, headers={"User-Agent": "kpu-validate"})  # noqa: S310 (site URL)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (site URL)
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get("Content-Type", "")
    except OSError:
        return None, b"", ""


# ---------------------------------------------------------------------------
# Finding the pages


def links(base, html):
    """Same-site paths linked from a page."""
    found = []
    for href in re.findall(rb'href="([^"#]+)"', html):
        url = urljoin(base + "/", href.decode("utf-8", "replace").replace("&amp;", "&"))
        parts = urlsplit(url)
        if parts.netloc == urlsplit(base).netloc:
            found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def sitemap_documents(base):
    """[(path, body)]: /sitemap.xml, and each page it lists when it is an index."""
    documents = [("/sitemap.xml", fetch(base + "/sitemap.xml")[1])]
    root = parse_xml(documents[0][1])
    if root is not None and root.tag == f"{SITEMAP_NS}sitemapindex":
        for loc in root.iter(f"{SITEMAP_NS}loc"):
            parts = urlsplit(loc.text.strip())
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            documents.append((path, fetch(base + path)[1]))
    return documents


def parse_xml(body):
    try:
        return ElementTree.fromstring(body)  # noqa: S314 (our own sitemap)
    except ElementTree.ParseError:
        return None


def sitemap_paths(documents):
    """The pages the sitemap's <urlset> documents list."""
    roots = [parse_xml(body) for _path, body in documents]
    return [
        urlsplit(loc.text.strip()).path
        for root in roots
        if root is not None and root.tag == f"{SITEMAP_NS}urlset"
        for loc in root.iter(f"{SITEMAP_NS}loc")
        if loc.text
    ]


def discover(base):
    """{name: path}: fixed entry points, one page of each kind, every fixed page."""
    pages = {
        "home": "/",
        "news list": "/berita/",
        "news page 2": "/berita/?page=2",
        "search": "/cari/?q=pemilu",
        "404": "/tidak-ada-halaman-ini/",
    }
    candidates = sitemap_paths(sitemap_documents(base))
    for path in ("/", "/berita/"):
        candidates += links(base, fetch(base + path)[1])
    article = next((p for p in candidates if re.match(KINDS[0][1], p)), None)
    if article:
        # The article links its author, tags and month.
        candidates += links(base, fetch(base + article)[1])
    for name, pattern in KINDS:
        path = next((p for p in candidates if re.match(pattern, p)), None)
        if path:
            pages[name] = path
    for path in dict.fromkeys(p for p in candidates if re.match(FIXED_PAGES, p)):
        pages[path.strip("/")] = path
    return pages


# ---------------------------------------------------------------------------
# Validators; each returns results and says what it could not do.


def run_vnu(pages, bodies, notes):
    """{name: {"errors": [...], "warnings": [...]}} from one run of the Nu HTML Checker."""
    if not (shutil.which("java") and VNU_JAR.exists()):
        notes.append("vnu: not run (needs Debian's Java and vnu-jar in var/node: make validate)")
        return None
    folder = WORK_DIR / "pages"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    files = {}
    for index, name in enumerate(pages):
        file = folder / f"{index:02d}.html"
        file.write_bytes(bodies[name])
        files[file.resolve().as_uri()] = name
    finished = subprocess.run(
        [
            shutil.which("java"),
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--stdout",
            "--exit-zero-always",
        ]
        + [str(folder / f"{index:02d}.html") for index in range(len(pages))],
        capture_output=True,
        text=True,
        check=False,
    )
    (WORK_DIR / "vnu.json").write_text(finished.stdout, encoding="utf-8")
    try:
        messages = json.loads(finished.stdout)["messages"]
    except (ValueError, KeyError):
        notes.append(f"vnu: unreadable output: {finished.stderr.strip()[:300]}")
        return None
    results = {name: {"errors": [], "warnings": []} for name in pages}
    for message in messages:
        name = files.get(Path(message.get("url", "")[5:]).resolve().as_uri())
        if name is None:
            name = next((n for url, n in files.items() if message.get("url") == url), None)
        if name is None:
            notes.append(f"vnu: {message.get('message')}")
            continue
        if message["type"] in ("error", "non-document-error"):
            results[name]["errors"].append(message)
        elif message.get("subType") == "warning":
            results[name]["warnings"].append(message)
    return results


PA11Y_CONFIG = {
    "standard": "WCAG2AA",
    "includeWarnings": True,
    "includeNotices": True,
    "timeout": 60000,
    # axe's "needs review" (e.g. contrast of a text made only of an arrow glyph) is a
    # warning to look at, not an error: only what axe decided fails the run.
    "levelCapWhenNeedsReview": "warning",
    "chromeLaunchConfig": {
        "executablePath": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--headless",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    },
}


def run_pa11y(base, pages, runners, notes):
    """{name: [issues]} from pa11y; issue types error, warning, notice."""
    if not (PA11Y.exists() and Path(CHROMIUM).exists()):
        notes.append("pa11y: not run (needs pa11y in var/node and Debian's Chromium)")
        return None
    config = WORK_DIR / "pa11y.json"
    config.write_text(json.dumps({**PA11Y_CONFIG, "runners": runners}), encoding="utf-8")
    env = {**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"}
    results = {}
    shutil.rmtree(WORK_DIR / "pa11y", ignore_errors=True)
    (WORK_DIR / "pa11y").mkdir()
    for index, (name, path) in enumerate(pages.items()):
        finished = subprocess.run(
            [str(PA11Y), "--config", str(config), "--reporter", "json", base + path],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        try:
            results[name] = json.loads(finished.stdout or "[]")
            (WORK_DIR / "pa11y" / f"{index:02d}.json").write_text(
                json.dumps({"url": base + path, "issues": results[name]}, indent=1),
                encoding="utf-8",
            )
        except ValueError:
            notes.append(f"pa11y {name}: {(finished.stderr or finished.stdout).strip()[:300]}")
    return results


def run_sitemap_schema(documents, notes):
    """Each document against its schema: the index's, or a page's."""
    schemas = {
        kind: next((s for s in candidates if s.exists()), None)
        for kind, candidates in SITEMAP_SCHEMAS.items()
    }
    if not (shutil.which("xmllint") and all(schemas.values())):
        notes.append("sitemap: not checked (needs xmllint and the sitemaps.org schemas)")
        return None
    errors = []
    for number, (path, body) in enumerate(documents):
        root = parse_xml(body)
        kind = "siteindex" if root is not None and root.tag.endswith("sitemapindex") else "sitemap"
        file = WORK_DIR / f"sitemap-{number}.xml"
        file.write_bytes(body)
        finished = subprocess.run(
            [
                shutil.which("xmllint"),
                "--noout",
                "--nonet",
                "--schema",
                str(schemas[kind]),
                str(file),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if finished.returncode:
            errors += [
                f"{path}: {line}"
                for line in finished.stderr.splitlines()
                if "validates" not in line
            ]
    return {
        "schema": ", ".join(str(schema.relative_to(BASE_DIR)) for schema in schemas.values()),
        "documents": len(documents),
        "urls": len(sitemap_paths(documents)),
        "errors": errors,
    }


def check_feed(body):
    """Problems of one feed: well-formedness, feedparser's bozo, Atom's required elements."""
    import feedparser

    problems = []
    parsed = feedparser.parse(body)
    if parsed.bozo:
        problems.append(f"feedparser: {parsed.bozo_exception}")
    try:
        root = ElementTree.fromstring(body)  # noqa: S314 (our own feed)
    except ElementTree.ParseError as error:
        return parsed, [*problems, f"not well-formed: {error}"]
    if root.tag == f"{ATOM}feed":
        # RFC 4287 4.1.1 and 4.1.2: id, title and updated on the feed and each entry;
        # an author on each entry unless the feed has one; a link or content.
        for element in [root, *root.findall(f"{ATOM}entry")]:
            where = "feed" if element is root else f"entry {element.findtext(ATOM + 'id')}"
            for required in ("id", "title", "updated"):
                if element.find(ATOM + required) is None:
                    problems.append(f"{where}: no atom:{required}")
            if element is not root:
                if root.find(f"{ATOM}author") is None and element.find(f"{ATOM}author") is None:
                    problems.append(f"{where}: no atom:author")
                if (
                    element.find(f"{ATOM}content") is None
                    and element.find(f"{ATOM}link[@rel='alternate']") is None
                    and element.find(f"{ATOM}link") is None
                ):
                    problems.append(f"{where}: neither atom:content nor an alternate link")
        if root.find(f"{ATOM}link[@rel='self']") is None:
            problems.append("feed: no rel=self link (feedvalidator warns)")
    elif root.tag == "rss":
        channel = root.find("channel")
        for required in ("title", "link", "description"):
            if channel is None or channel.find(required) is None:
                problems.append(f"channel: no {required}")
        for item in root.iter("item"):
            if item.find("title") is None and item.find("description") is None:
                problems.append("item: neither title nor description")
            if item.find("guid") is None:
                problems.append("item: no guid (feedvalidator warns)")
    else:
        problems.append(f"unknown root element {root.tag}")
    return parsed, problems


def run_feeds(base, pages):
    """{feed path: (status, format, entries, problems)} for the main, a division and a tag feed."""
    prefixes = {"main": ""}
    for kind in ("division", "tag"):
        if kind in pages:
            prefixes[kind] = pages[kind].rstrip("/")
    results = {}
    for prefix in prefixes.values():
        for suffix in ("/feed/", "/feed/atom/"):
            path = prefix + suffix
            status, body, _ = fetch(base + path)
            if status != 200:
                results[path] = (status, "-", 0, [f"HTTP {status}"])
                continue
            parsed, problems = check_feed(body)
            results[path] = (status, parsed.version or "?", len(parsed.entries), problems)
    return results


def run_extruct(base, pages, bodies, notes):
    """{name: "syntax: types"} of the structured data extruct finds."""
    try:
        import extruct
    except ImportError:
        notes.append("extruct: not installed (make setup)")
        return None
    summary = {}
    for name, path in pages.items():
        data = extruct.extract(
            bodies[name].decode("utf-8", "replace"),
            base_url=base + path,
            syntaxes=["json-ld", "microdata", "opengraph", "rdfa"],
            uniform=True,
        )
        parts = []
        for syntax, items in data.items():
            if not items:
                continue
            if syntax == "opengraph":
                keys = {key for item in items for key in item if key != "@context"}
                parts.append(f"og {len(keys)}")
            elif syntax == "rdfa":
                parts.append(f"rdfa {len(items)}")
            else:
                types = []
                for item in items:
                    for node in item.get("@graph", [item]):
                        kind = node.get("@type", "?")
                        types += kind if isinstance(kind, list) else [kind]
                parts.append(f"{syntax} {'+'.join(dict.fromkeys(types))}")
        summary[name] = ", ".join(parts) or "none"
    return summary


def normalise(text):
    return re.sub(r"\s+", " ", text or "").strip()


def run_text_recovery(base, path, body, notes):
    """{tool: (recovered paragraphs, all, lead recovered)} for the article page."""
    import lxml.html

    tree = lxml.html.fromstring(body)
    lead = [normalise(e.text_content()) for e in tree.find_class("article__lead")]
    paragraphs = lead + [
        normalise(e.text_content())
        for container in tree.find_class("article__body")
        for e in container.iter("p", "li", "h2", "h3", "h4", "blockquote")
        if normalise(e.text_content())
    ]
    if not paragraphs:
        notes.append("text recovery: no .article__lead or .article__body on the article")
        return None
    extracted = {}
    try:
        import trafilatura

        extracted["trafilatura"] = trafilatura.extract(body.decode("utf-8"), url=base + path)
    except ImportError:
        notes.append("trafilatura: not installed (make setup)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # its optional NLP extra, unused here
            import newspaper

        article = newspaper.Article(base + path, language="id")
        article.download(input_html=body.decode("utf-8"))
        article.parse()
        extracted["newspaper4k"] = article.text
    except ImportError:
        notes.append("newspaper4k: not installed (make setup)")
    results = {}
    for tool, text in extracted.items():
        text = normalise(text)
        found = [p for p in paragraphs if p in text]
        results[tool] = (len(found), len(paragraphs), bool(lead) and lead[0] in text)
    return results


# ---------------------------------------------------------------------------
# Report


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def distinct(messages, key):
    """[(message, [page names])] in the order first seen."""
    seen = collections.OrderedDict()
    for name, message in messages:
        pages = seen.setdefault(key(message), [])
        if name not in pages:
            pages.append(name)
    return list(seen.items())


def report(pages, statuses, vnu, pa11y, sitemap, feeds, extructed, recovery, notes):
    def count(results, name, kind):
        if results is None or name not in results:
            return "-"
        if isinstance(results[name], dict):
            return len(results[name][kind])
        return sum(1 for issue in results[name] if issue["type"] == kind)

    rows = [
        (
            name,
            f"`{path}`",
            statuses[name],
            count(vnu, name, "errors"),
            count(vnu, name, "warnings"),
            count(pa11y, name, "error"),
            count(pa11y, name, "warning"),
            count(pa11y, name, "notice"),
            (extructed or {}).get(name, "-"),
        )
        for name, path in pages.items()
    ]
    print("## Pages\n")
    header = ["page", "path", "HTTP", "vnu errors", "vnu warnings"]
    header += ["pa11y errors", "pa11y warnings", "pa11y notices", "structured data (extruct)"]
    print(table(header, rows))

    if vnu:
        for kind in ("errors", "warnings"):
            found = distinct(
                [(name, m) for name in pages for m in vnu[name][kind]],
                key=lambda m: m["message"],
            )
            if found:
                print(f"\n### Distinct vnu {kind}\n")
                for message, names in found:
                    example = next(
                        m for name in names for m in vnu[name][kind] if m["message"] == message
                    )
                    extract = normalise(example.get("extract", ""))[:120]
                    print(
                        f"- {message} — {', '.join(names)} "
                        f"(line {example.get('lastLine')}: `{extract}`)"
                    )
    if pa11y:
        for kind in ("error", "warning"):
            issues = [(n, i) for n in pages for i in pa11y.get(n, []) if i["type"] == kind]
            found = distinct(issues, key=lambda i: (i["runner"], i["code"]))
            if found:
                print(f"\n### Distinct pa11y {kind}s (by rule; elements on the first page)\n")
                for (runner, code), names in found:
                    first = [
                        i for i in pa11y[names[0]] if (i["runner"], i["code"]) == (runner, code)
                    ]
                    print(f"- {runner} {code}: {first[0]['message'][:200]}")
                    print(f"  - pages: {', '.join(names)}")
                    for issue in first[:5]:
                        context = normalise(issue.get("context"))[:100]
                        print(f"  - `{issue.get('selector')}`: `{context}`")
                    if len(first) > 5:
                        print(f"  - … {len(first) - 5} more on {names[0]}")

    print("\n## sitemap.xml and its pages (xmllint against the sitemaps.org schemas)\n")
    if sitemap:
        verdict = "valid" if not sitemap["errors"] else f"{len(sitemap['errors'])} error(s)"
        print(
            f"{sitemap['documents']} document(s), {sitemap['urls']} URLs, {verdict} "
            f"({sitemap['schema']})"
        )
        for error in sitemap["errors"][:20]:
            print(f"- {error}")
    print("\n## Feeds (well-formed XML, feedparser, RFC 4287 required elements)\n")
    rows = [
        (f"`{path}`", status, version, entries, len(problems), "; ".join(problems[:3]))
        for path, (status, version, entries, problems) in feeds.items()
    ]
    print(table(["feed", "HTTP", "format", "entries", "problems", "first problems"], rows))
    if recovery:
        print(f"\n## Text recovered from the article (`{pages.get('article')}`)\n")
        rows = [
            (tool, f"{found}/{total}", f"{100 * found // total} %", "yes" if lead else "no")
            for tool, (found, total, lead) in recovery.items()
        ]
        print(table(["tool", "paragraphs", "recovered", "lead"], rows))
    if notes:
        print("\n## Not run or not readable\n")
        for note in notes:
            print(f"- {note}")


def step(message):
    """Progress on stderr, so stdout stays the report."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def expected(name):
    return 404 if name == "404" else 200


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="validate this running site instead of starting one")
    parser.add_argument("--report-only", action="store_true", help="exit 0 even when errors remain")
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="drop and reload the kpu_validate database and collect static files first",
    )
    parser.add_argument(
        "--axe", action="store_true", help="pa11y runs axe-core as well as HTML_CodeSniffer"
    )
    parser.add_argument("--skip", action="append", default=[], choices=["vnu", "pa11y"])
    parser.add_argument("paths", nargs="*", help="more pages to validate, e.g. /berita/?page=3")
    args = parser.parse_args()
    WORK_DIR.mkdir(parents=True, exist_ok=True)

    gunicorn = None
    if args.url:
        base = args.url.rstrip("/")
    else:
        step(f"serving the demo content from the {DATABASE_NAME} database")
        base, gunicorn = start_site(args.fresh)
    try:
        pages = discover(base)
        step(f"{len(pages)} pages found; vnu")
        pages.update((path, path) for path in args.paths)
        statuses, bodies = {}, {}
        for name, path in pages.items():
            statuses[name], bodies[name], _ = fetch(base + path)
        notes = []
        vnu = None if "vnu" in args.skip else run_vnu(pages, bodies, notes)
        runners = ["htmlcs", "axe"] if args.axe else ["htmlcs"]
        pa11y = None
        if "pa11y" not in args.skip:
            step("pa11y, one page at a time")
            pa11y = run_pa11y(base, pages, runners, notes)
        step("sitemap, feeds, extruct, text recovery")
        sitemap = run_sitemap_schema(sitemap_documents(base), notes)
        feeds = run_feeds(base, pages)
        extructed = run_extruct(base, pages, bodies, notes)
        recovery = None
        if "article" in pages:
            recovery = run_text_recovery(base, pages["article"], bodies["article"], notes)
    finally:
        if gunicorn:
            gunicorn.terminate()
            gunicorn.wait(timeout=10)

    print(f"Pages, vnu.json and pa11y/ are kept in {WORK_DIR.relative_to(BASE_DIR)}/.\n")
    print(f"# Validation of {base} ({time.strftime('%Y-%m-%d %H:%M %Z')})\n")
    report(pages, statuses, vnu, pa11y, sitemap, feeds, extructed, recovery, notes)

    failures = []
    wrong = [f"{name} {statuses[name]}" for name in pages if statuses[name] != expected(name)]
    if wrong:
        failures.append("pages with an unexpected status (" + ", ".join(wrong) + ")")
    if vnu and any(result["errors"] for result in vnu.values()):
        failures.append("HTML errors")
    if pa11y and any(i["type"] == "error" for issues in pa11y.values() for i in issues):
        failures.append("pa11y errors")
    if sitemap and sitemap["errors"]:
        failures.append("sitemap schema errors")
    if any(status != 200 for status, *_ in feeds.values()):
        failures.append("feeds not served")
    if failures and not args.report_only:
        raise SystemExit("\nRemaining: " + ", ".join(failures))


if __name__ == "__main__":
    main()
