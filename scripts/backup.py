"""Back up the site, or restore a backup into a fresh installation.

    python scripts/backup.py backup [--dir var/backups]
    python scripts/backup.py restore FILE

A backup is one archive, kpu_site-YYYYmmdd-HHMMSS.tar.gz, holding
`database.dump` (pg_dump's custom format) and the uploaded files under
`media/`. The database and the media folder are the site's own: Django's
settings (development unless DJANGO_SETTINGS_MODULE says otherwise) read
DATABASE_URL and MEDIA_ROOT, so the script finds what the site uses.

Restore refuses a database that holds any table and a media folder that holds
any file: it rebuilds a lost installation, it never merges into a live one.
"""

import argparse
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DUMP_NAME = "database.dump"
MEDIA_PREFIX = "media/"


def load_settings():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kpu_site.settings.development")
    import django
    from django.conf import settings

    django.setup()
    return settings


def libpq_environment(database: dict) -> dict:
    """pg_dump and pg_restore read the connection from libpq's variables.

    Through the environment rather than the command line, so the password is
    never visible in the process list.
    """
    env = dict(os.environ)
    for variable, value in (
        ("PGHOST", database["HOST"]),
        ("PGPORT", database["PORT"]),
        ("PGUSER", database["USER"]),
        ("PGPASSWORD", database["PASSWORD"]),
        ("PGDATABASE", database["NAME"]),
        ("PGSSLMODE", database.get("OPTIONS", {}).get("sslmode")),
    ):
        if value:
            env[variable] = str(value)
    return env


def fail(message: str):
    sys.exit(f"scripts/backup.py: {message}")


def run_tool(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode:
        fail(f"{command[0]} failed:\n{result.stderr.strip()}")


def backup(settings, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"kpu_site-{time.strftime('%Y%m%d-%H%M%S')}.tar.gz"
    partial = target.with_name(f".{target.name}.partial")
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DUMP_NAME
        run_tool(
            ["pg_dump", "--format=custom", f"--file={dump}"],
            libpq_environment(settings.DATABASES["default"]),
        )
        # The database first, the media after: a file uploaded in between is
        # an extra file in the archive, never a row pointing at a missing one.
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(dump, DUMP_NAME)
            if media_root.is_dir():
                archive.add(media_root, MEDIA_PREFIX.rstrip("/"))
    # Under its final name only when complete.
    partial.rename(target)
    return target


def tables_in_database() -> int:
    """Tables in any schema but PostgreSQL's own, through Django's connection."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
        )
        return cursor.fetchone()[0]


def restore(settings, source: Path) -> None:
    database = settings.DATABASES["default"]
    media_root = Path(settings.MEDIA_ROOT)
    if not source.is_file():
        fail(f"no backup at {source}")
    if count := tables_in_database():
        fail(
            f"the database {database['NAME']!r} is not empty ({count} tables). Restore only "
            "into an empty database: create a new one and point DATABASE_URL at it."
        )
    if media_root.is_dir() and any(path.is_file() for path in media_root.rglob("*")):
        fail(
            f"the media folder {media_root} is not empty. Restore only into an empty "
            "folder: move it aside or point MEDIA_ROOT at a new one."
        )
    with tarfile.open(source, "r:gz") as archive, tempfile.TemporaryDirectory() as work:
        names = archive.getnames()
        if DUMP_NAME not in names:
            fail(f"{source} is not a backup of this site: it holds no {DUMP_NAME}")
        # The "data" filter refuses absolute paths, links out of the target
        # and device files: an archive is not trusted to write anywhere else.
        archive.extract(DUMP_NAME, work, filter="data")
        # One transaction: a failed restore leaves the database empty, ready for another try.
        run_tool(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={database['NAME']}",
                str(Path(work) / DUMP_NAME),
            ],
            libpq_environment(database),
        )
        media = [
            member.replace(name=member.name.removeprefix(MEDIA_PREFIX))
            for member in archive.getmembers()
            if member.name.startswith(MEDIA_PREFIX)
        ]
        media_root.mkdir(parents=True, exist_ok=True)
        archive.extractall(media_root, members=media, filter="data")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    backup_command = commands.add_parser("backup", help="write a backup archive")
    backup_command.add_argument(
        "--dir", type=Path, default=ROOT / "var" / "backups", help="where to write it"
    )
    restore_command = commands.add_parser("restore", help="restore an archive")
    restore_command.add_argument("file", type=Path)
    args = parser.parse_args()

    settings = load_settings()
    if args.command == "backup":
        print(backup(settings, args.dir))
    else:
        restore(settings, args.file)
        print(f"restored {args.file} into {settings.DATABASES['default']['NAME']}")


if __name__ == "__main__":
    main()
