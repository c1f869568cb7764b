"""`make run`/`make test` without a PostgreSQL: scripts/dev_database.py starts the embedded one.

The script runs as `make` runs it, in its own process, pointed at a port where nothing
listens and at a data folder of the test's own (its DEV_DATABASE_* variables), so the
machine's PostgreSQL and the project's var/pgdata are left alone.
"""

import os
import socket
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest

pgserver = pytest.importorskip("pgserver", reason="the embedded PostgreSQL comes with pgserver")

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "dev_database.py"

# It starts a PostgreSQL (initdb and all): a few seconds.
pytestmark = pytest.mark.slow


def unused_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def find_database(pgdata, port):
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("DATABASE_")
    }
    environment["DEV_DATABASE_LOCAL_URL"] = f"postgres://postgres@127.0.0.1:{port}/kpu_site"
    environment["DEV_DATABASE_PGDATA"] = str(pgdata)
    return subprocess.run(  # noqa: S603 (our own script)
        [sys.executable, str(SCRIPT)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def query(url, statement):
    connection = psycopg2.connect(url, connect_timeout=5)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
            return cursor.fetchone() if cursor.description else None
    finally:
        connection.close()


def test_without_a_postgresql_the_embedded_one_is_started_and_kept_running(tmp_path):
    pgdata = tmp_path / "pgdata"
    port = unused_port()
    try:
        first = find_database(pgdata, port)
        assert first.returncode == 0, first.stderr
        assert f"no PostgreSQL answers on 127.0.0.1:{port}; using the embedded one" in first.stderr
        assert f"started the embedded PostgreSQL in {pgdata}" in first.stderr
        url = first.stdout.strip()
        assert url.startswith("postgres://postgres@") and url.endswith("/kpu_site"), url
        assert (pgdata / "PG_VERSION").exists()

        # The URL is all `make` hands on: Django and psql connect with it alone.
        query(url, "CREATE TABLE made_here AS SELECT 7 AS n")
        assert query(url, "SELECT current_database(), n FROM made_here") == ("kpu_site", 7)

        # The next command finds the same server still running, with its data.
        second = find_database(pgdata, port)
        assert second.returncode == 0, second.stderr
        assert second.stdout.strip() == url
        assert query(url, "SELECT n FROM made_here") == (7,)
    finally:
        if (pgdata / "PG_VERSION").exists():
            # Stops the server and removes its data (run as pgserver's own user under root).
            pgserver.get_server(pgdata, cleanup_mode="delete").cleanup()
