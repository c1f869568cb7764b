"""Find a PostgreSQL for development and tests; print its DATABASE_URL on stdout.

In order: $DATABASE_URL if set; a server on 127.0.0.1:5432 (user postgres, the
usual trust set-up); else a project-local embedded server (the pgserver wheel,
data under var/pgdata), started here and left running for the next command.
Creates the database if it is missing. Messages go to stderr.

Two environment variables move the last two steps, for tests/test_dev_database.py:
DEV_DATABASE_LOCAL_URL, the server tried before the embedded one (default
postgres://postgres@127.0.0.1:5432/kpu_site), and DEV_DATABASE_PGDATA, the embedded
server's data folder (default var/pgdata).
"""

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
LOCAL_URL = os.environ.get("DEV_DATABASE_LOCAL_URL", "postgres://postgres@127.0.0.1:5432/kpu_site")
PGDATA = Path(os.environ.get("DEV_DATABASE_PGDATA", ROOT / "var" / "pgdata"))


def say(message: str) -> None:
    print(f"dev_database: {message}", file=sys.stderr)


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def ensure_database(url: str, *, drop_first: bool = False) -> None:
    """Create the URL's database when the server has none of that name.

    With drop_first, an existing one is dropped first (connections closed).
    Also used by bench/run.py and scripts/lighthouse.py for their own databases.
    """
    name = urlsplit(url).path.lstrip("/")
    connection = psycopg2.connect(with_database(url, "postgres"), connect_timeout=3)
    connection.autocommit = True
    with connection.cursor() as cursor:
        if drop_first:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            say(f"created database {name}")
    connection.close()


def local_address() -> str:
    parts = urlsplit(LOCAL_URL)
    return f"{parts.hostname}:{parts.port or 5432}"


def local_server_answers() -> bool:
    try:
        psycopg2.connect(with_database(LOCAL_URL, "postgres"), connect_timeout=3).close()
    except psycopg2.OperationalError:
        return False
    return True


def embedded_server_url() -> str:
    try:
        import pgserver
    except ImportError:
        sys.exit("dev_database: no PostgreSQL found and pgserver is not installed (make setup)")
    PGDATA.parent.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: keep the server running after this script exits.
    server = pgserver.get_server(PGDATA, cleanup_mode=None)
    socket_dir = server.get_postmaster_info().socket_dir
    say(f"started the embedded PostgreSQL in {PGDATA} (socket in {socket_dir})")
    return f"postgres://postgres@{quote(str(socket_dir), safe='')}/kpu_site"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--embedded", action="store_true", help="use the embedded server")
    args = parser.parse_args()

    if os.environ.get("DATABASE_URL") and not args.embedded:
        url = os.environ["DATABASE_URL"]
        say("using DATABASE_URL")
    elif not args.embedded and local_server_answers():
        url = LOCAL_URL
        say(f"using the PostgreSQL on {local_address()}")
    else:
        say(f"no PostgreSQL answers on {local_address()}; using the embedded one")
        url = embedded_server_url()
    ensure_database(url)
    print(url)


if __name__ == "__main__":
    main()
