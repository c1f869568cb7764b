"""A real Celery worker for the tests that exercise the task queue (a pytest
plugin, listed in tests/conftest.py).

`task_worker` runs the project's Celery app in a worker thread of the test
process (celery.contrib.testing, the solo pool), consuming from the real Redis
(`redis_url`, tests/redis_server.py). Each pytest process has its own queue,
purged before and after, so parallel runs never take each other's tasks. The
worker thread has its own database connection: tests that use it must commit
what it reads (`@pytest.mark.django_db(transaction=True)`).

Every test process sends to its own queue too (`task_queue`, for all tests):
a task queued by a test without a worker never reaches the development
worker's queue.
"""

import os
import time
from contextlib import contextmanager

import pytest
from celery.contrib.testing.worker import start_worker
from kombu.exceptions import OperationalError

from kpu_site.celery import app

# Redis database of the tests' queues (the bench and the page cache tests use others).
BROKER_DATABASE = 10
QUEUE = f"kpu_site_test_{os.getpid()}"


def use_broker(url):
    """Send through `url` from now on (the app's connection pool is rebuilt)."""
    app.conf.broker_url = url
    # Forget the pools made for the former address, as Celery does after a fork
    # (Celery._after_fork); kombu keeps one pool per address for the process, so
    # none is closed. app.close() would also take the app off the registry that
    # shared tasks bind to.
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture(scope="session", autouse=True)
def task_queue():
    app.conf.task_default_queue = QUEUE
    use_broker(f"redis://127.0.0.1:6379/{BROKER_DATABASE}")
    yield QUEUE
    # What tests queued with no worker to read it (browser tests' uploads, say).
    try:
        purge(QUEUE)
    except (OperationalError, OSError):  # no Redis answers: nothing was left in one
        pass


def purge(queue):
    with app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=1)
        connection.default_channel.queue_purge(queue)


@pytest.fixture
def task_worker(redis_url, task_queue):
    use_broker(f"{redis_url}/{BROKER_DATABASE}")
    purge(task_queue)
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, shutdown_timeout=120
        ) as worker:
            yield worker
    finally:
        purge(task_queue)


@contextmanager
def broker_down():
    """The broker at an address where nothing answers, for as long as the block runs."""
    before = app.conf.broker_url
    use_broker("redis://127.0.0.1:9/0")  # the discard port: nothing listens there
    try:
        yield
    finally:
        use_broker(before)


def wait_for(condition, timeout=60, interval=0.1):
    """Until `condition()` is true (returned), or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"still not true after {timeout} s: {condition.__doc__ or condition}")
        time.sleep(interval)
