"""Where a public page's time goes: EXPLAIN (ANALYZE, BUFFERS) of every query it runs.

    python -m bench.explain TARGETS_JSON PATHS_FILE MARKDOWN_OUT

bench/run.py calls it at each scale, after the load runs, with that scale's
environment (production settings, its database, PAGE_CACHE_SECONDS=0). Each
public page is asked through Django's test client (every middleware, no HTTP
server) twice: the first request warms what outlives a render (templates,
connections, what the site keeps per cache generation), as the wrk runs' warm-up
does; the queries of the second are captured, and each SELECT is explained. The
article is a different one each time, as in the uncached wrk run.

Writes the plans as markdown to MARKDOWN_OUT (page, query, plan) and prints a
summary as JSON on its last line: per page, its label, path, status, queries,
SELECTs and the summed Execution and Planning Time.
"""

import json
import re
import sys
from pathlib import Path

import django

from bench.run import SITEMAP_PAGE, UNCACHED_PAGES, common_pages

# What a public page reads: plain statements, and the prepared ones every first
# render runs (publishing/sql.py), explained as EXPLAIN … EXECUTE on the same
# connection. A GET writes nothing, so running them again under ANALYZE is safe.
READS = ("SELECT", "(SELECT", "WITH", "EXECUTE")
EXECUTION = re.compile(r"^Execution Time: ([\d.]+) ms$", re.M)
PLANNING = re.compile(r"^Planning Time: ([\d.]+) ms$", re.M)


def explain(sql):
    """The plan of one query, run (ANALYZE: it executes, hence reads only)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def captured(client, path):
    """The status of one request to path and the SQL of each query it ran."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    return status, [query["sql"] for query in queries.captured_queries]


def page_section(label, path, status, queries):
    """The page's markdown and its summary row."""
    selects = [sql for sql in queries if sql.lstrip().upper().startswith(READS)]
    summary = {"label": label, "path": path, "status": status, "queries": len(queries)}
    if status != 200:
        return [f"### {label} `{path}`: answered {status}, not explained", ""], summary
    lines = []
    execution = planning = 0.0
    for number, sql in enumerate(selects, start=1):
        plan = explain(sql)
        execution_ms = float(EXECUTION.search(plan).group(1))
        planning_ms = float(PLANNING.search(plan).group(1))
        execution += execution_ms
        planning += planning_ms
        lines += [
            f"#### {label}, query {number} of {len(selects)}: "
            f"Execution Time {execution_ms:.3f} ms (planning {planning_ms:.3f} ms)",
            "",
            "```sql",
            sql,
            "```",
            "",
            "```",
            plan,
            "```",
            "",
        ]
    heading = (
        f"### {label} `{path}`: {len(queries)} queries, {len(selects)} SELECTs, "
        f"Execution Time {execution:.2f} ms in all (planning {planning:.2f} ms)"
    )
    summary.update(selects=len(selects), execution_ms=execution, planning_ms=planning)
    return [heading, "", *lines], summary


def main(targets_path, paths_path, markdown_path):
    django.setup()
    from django.test import Client

    targets = json.loads(Path(targets_path).read_text())
    articles = Path(paths_path).read_text().split()
    pages = common_pages(targets)
    # Each its own article: the first warms the article template, the second is measured.
    warm_article, measured_article = articles[0], articles[1]
    chosen = [("article", "article (first render)", measured_article)] + [
        (key, pages[key].label, pages[key].path) for key in UNCACHED_PAGES if key in pages
    ]
    client = Client(HTTP_HOST="127.0.0.1")
    lines = [
        f"## EXPLAIN (ANALYZE, BUFFERS) at {targets['article_count']:,} articles",
        "",
        "Each page rendered afresh (PAGE_CACHE_SECONDS=0) through Django's test client, "
        "after one request to warm it; every SELECT of the second request explained.",
        "",
    ]
    summary = {}
    for key, label, path in chosen:
        client.get(warm_article if key == "article" else path)
        status, queries = captured(client, path)
        if path == SITEMAP_PAGE and status == 404:
            lines += [f"### {label} `{path}`: 404, sitemap.xml is no index at this scale", ""]
            continue
        section, summary[key] = page_section(label, path, status, queries)
        lines += section
    Path(markdown_path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(json.dumps(summary))


if __name__ == "__main__":
    main(*sys.argv[1:4])
