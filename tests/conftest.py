import pytest
from django.core.cache import cache
from django.db import connection

from accounts import roles
from publishing import page_cache
from publishing.sql import forget_compiled
from tests.factories import ArticleFactory
from tests.people import make_user

# the redis_url fixture; task_worker, a real Celery worker
pytest_plugins = ["tests.redis_server", "tests.task_worker"]

# Modules whose tests share one Redis database (the machine's, when it runs one)
# and clear it: pytest-xdist runs each on one worker, so no worker clears it under another.
SHARED_REDIS_MODULES = {"tests/news/test_page_cache.py"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    for item in items:
        if item.nodeid.partition("::")[0] in SHARED_REDIS_MODULES:
            item.add_marker(pytest.mark.xdist_group("redis"))


@pytest.fixture(scope="session", autouse=True)
def end_leftover_sessions(django_db_setup, django_db_blocker):
    """Before the test database is dropped, end the sessions others left on it.

    Servers the tests start (gunicorn behind nginx, live servers) and threads
    hold connections of their own; one closing a moment late made the drop fail
    now and then, leaving a test database behind after a green run.
    """
    yield
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads and drawn covers go to a throw-away folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def documents_root(settings, tmp_path):
    """Document files, their previews too, go to a throw-away folder."""
    settings.DOCUMENTS_ROOT = tmp_path / "documents"
    return settings.DOCUMENTS_ROOT


@pytest.fixture(autouse=True)
def compiled_sql_follows_a_flush(request):
    """SQL compiled once per process (publishing/sql.py) holds ids such as the
    article content type's, which never change while a site runs; a transactional
    test's flush makes the content types again under new ids."""
    yield
    marker = request.node.get_closest_marker("django_db")
    flushed = {"transactional_db", "live_server"} & set(request.fixturenames) or (
        marker is not None and marker.kwargs.get("transaction")
    )
    if flushed:
        forget_compiled()


@pytest.fixture(autouse=True)
def clear_cache():
    # The counter remembers readers in the cache, and each process keeps its own
    # copy of the page cache's generation: tests must not share them.
    cache.clear()
    page_cache.forget_local()
    yield
    cache.clear()
    page_cache.forget_local()


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.invalid", "pw-admin")


@pytest.fixture
def administrator(django_user_model):
    return make_user(django_user_model, "administrator", roles.ADMINISTRATOR)


@pytest.fixture
def editor(django_user_model):
    return make_user(django_user_model, "editor", roles.EDITOR)


@pytest.fixture
def writer(django_user_model):
    return make_user(django_user_model, "writer", roles.WRITER)


@pytest.fixture
def other_writer(django_user_model):
    return make_user(django_user_model, "other_writer", roles.WRITER)


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def article(db):
    return ArticleFactory(tags=["pemilu 2024", "data pemilih"])
