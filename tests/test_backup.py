"""`make backup` and `make restore`: a round trip gives back the same site.

scripts/backup.py runs as the Makefile runs it, on this test's database and
media folder. The restore goes into a new, empty database and media folder;
afterwards every row of every table in the public schema (whatever apps add
them: revisions included), every sequence and every media file must match.
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
import reversion
from django.db import connection
from psycopg2 import sql
from reversion.models import Version

from accounts import audit
from accounts.models import AuditEvent, User
from news import counter
from news.models import Article, DailyViews
from news.renditions import make_cover_renditions
from tests.factories import ArticleFactory
from tests.images import image_bytes, upload

ROOT = Path(__file__).resolve().parent.parent


def connection_parameters(name: str) -> dict:
    settings = connection.settings_dict
    return {
        "dbname": name,
        "user": settings["USER"] or None,
        "password": settings["PASSWORD"] or None,
        "host": settings["HOST"] or None,
        "port": settings["PORT"] or None,
    }


def database_url(name: str) -> str:
    settings = connection.settings_dict
    password = f":{quote(settings['PASSWORD'], safe='')}" if settings["PASSWORD"] else ""
    # A socket directory is a host too (the embedded server): percent-encoded.
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    host = quote(settings["HOST"] or "", safe="")
    return f"postgres://{quote(settings['USER'])}{password}@{host}{port}/{name}"


def backup_script(*args, database: str, media_root: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kpu_site.settings.development",
        "DATABASE_URL": database_url(database),
        "MEDIA_ROOT": str(media_root),
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, ROOT / "scripts" / "backup.py", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def make_backup(tmp_path, media_root) -> Path:
    result = backup_script(
        "backup", "--dir", tmp_path / "backups", database=source_name(), media_root=media_root
    )
    assert result.returncode == 0, result.stderr
    archive = Path(result.stdout.strip())
    assert archive.parent == tmp_path / "backups"
    assert archive.name.startswith("kpu_site-") and archive.name.endswith(".tar.gz")
    return archive


def source_name() -> str:
    return connection.settings_dict["NAME"]


@pytest.fixture
def empty_database():
    """A new database on the test server, with nothing in it (template0)."""
    name = f"{source_name()}_restored"
    server = psycopg2.connect(**connection_parameters("postgres"))
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        cursor.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name))
        )
    yield name
    with server.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
    server.close()


def snapshot(name: str):
    """Every row of every public table as text (sorted), and every sequence's position."""
    database = psycopg2.connect(**connection_parameters(name))
    try:
        with database.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            tables = sorted(table for (table,) in cursor.fetchall())
            rows = {}
            for table in tables:
                cursor.execute(
                    sql.SQL("SELECT row_.*::text FROM {} AS row_").format(sql.Identifier(table))
                )
                rows[table] = sorted(row for (row,) in cursor.fetchall())
            cursor.execute(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
            )
            sequences = dict(cursor.fetchall())
    finally:
        database.close()
    return rows, sequences


def files_in(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file()
    }


def fill_the_site(editor, writer):
    """What an office accumulates: covered articles and their revisions, views, staff, audit."""
    articles = []
    for n, colour in enumerate(("#b0111b", "#1b5eb0", "#2e7d32")):
        article = ArticleFactory(
            cover=upload(f"sampul-{n}.jpg", image_bytes(size=(1600, 900), color=colour)),
            cover_alt=f"Foto sampul {n}",
            tags=["pemilu 2024", f"tahapan {n}"],
        )
        make_cover_renditions(article)
        articles.append(article)
    for edit in ("Rapat pleno dibuka", "Rapat pleno ditutup"):
        with reversion.create_revision():
            reversion.set_user(editor)
            reversion.set_comment(edit)
            articles[0].title = edit
            articles[0].save()
    for _ in range(3):
        counter.record_view(articles[0].slug)
    counter.record_view(articles[1].slug)
    audit.record(editor, AuditEvent.Action.PUBLISH, articles[0])
    audit.record(editor, AuditEvent.Action.ROLE_CHANGE, writer, detail="Penulis")
    return articles


@pytest.mark.django_db(transaction=True)
def test_restore_brings_back_every_row_and_file(
    editor, writer, media_root, empty_database, tmp_path
):
    articles = fill_the_site(editor, writer)
    assert Version.objects.get_for_object(articles[0]).count() == 2
    archive = make_backup(tmp_path, media_root)

    restored_media = tmp_path / "restored-media"
    result = backup_script("restore", archive, database=empty_database, media_root=restored_media)
    assert result.returncode == 0, result.stderr

    rows, sequences = snapshot(empty_database)
    assert (rows, sequences) == snapshot(source_name())
    # The comparison is not of empty tables.
    assert len(rows[Article._meta.db_table]) == len(articles)
    assert len(rows[DailyViews._meta.db_table]) == 2
    assert len(rows[AuditEvent._meta.db_table]) == 2
    assert len(rows[User.groups.through._meta.db_table]) == 2
    assert sequences

    original_files = files_in(media_root)
    # Three covers, each with its renditions.
    assert len(original_files) > len(articles) * 2
    assert files_in(restored_media) == original_files


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_or_media_folder_in_use(media_root, empty_database, tmp_path):
    ArticleFactory(cover=upload("sampul.jpg"), cover_alt="Kotak suara")
    archive = make_backup(tmp_path, media_root)
    before = snapshot(source_name())

    # Into the live database (it has tables): nothing happens.
    refused = backup_script(
        "restore", archive, database=source_name(), media_root=tmp_path / "elsewhere"
    )
    assert refused.returncode != 0
    assert f"the database '{source_name()}' is not empty" in refused.stderr
    assert snapshot(source_name()) == before
    assert not (tmp_path / "elsewhere").exists()

    # An empty database, but a media folder with files in it: nothing happens either.
    refused = backup_script("restore", archive, database=empty_database, media_root=media_root)
    assert refused.returncode != 0
    assert f"the media folder {media_root} is not empty" in refused.stderr
    assert snapshot(empty_database) == ({}, {})
