"""A Redis server for the tests that need one (a pytest plugin, listed in tests/conftest.py).

`redis_url` is the machine's Redis on 127.0.0.1:6379 when one answers there, the one
that production and `make bench` use. Otherwise it starts a private `redis-server` on
a free port, keeping nothing on disk, for the session (each xdist worker its own), and
stops it at the end. Without `redis-server` the tests that ask for one are skipped,
and the skip says what is missing.
"""

import shutil
import socket
import subprocess
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

MACHINE_REDIS = ("127.0.0.1", 6379)


def answers_ping(address, timeout=0.5):
    try:
        with socket.create_connection(address, timeout=timeout) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def private_redis(server, folder):
    """A `redis-server` on a free loopback port, keeping nothing on disk; yields its URL."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 (a fixed command)
        [
            server,
            *("--bind", "127.0.0.1", "--port", str(port)),
            *("--save", "", "--appendonly", "no"),
            *("--dir", str(folder), "--logfile", "redis.log"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not answers_ping(("127.0.0.1", port)):
            if process.poll() is not None or time.monotonic() > deadline:
                log = Path(folder) / "redis.log"
                raise RuntimeError(
                    f"redis-server did not start on 127.0.0.1:{port}: "
                    + (log.read_text()[-500:] if log.exists() else f"exit {process.poll()}")
                )
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def redis_server_command():
    return shutil.which("redis-server") or shutil.which("redis-server", path="/usr/sbin")


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """`redis://127.0.0.1:<port>`, without a database number: callers add `/<db>`."""
    if answers_ping(MACHINE_REDIS):
        yield "redis://{}:{}".format(*MACHINE_REDIS)
        return
    server = redis_server_command()
    if server is None:
        pytest.skip(
            "needs Redis: nothing answers on 127.0.0.1:6379 and redis-server is not "
            "installed to start one (Debian: apt-get install redis-server)"
        )
    with private_redis(server, tmp_path_factory.mktemp("redis")) as url:
        yield url


def use_redis_cache(settings, redis_url, database=9):
    """The default cache on Redis (django-redis, as in production), under keys of its own."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"{redis_url}/{database}",
            # Our own keys: never clear() a Redis that another run may share.
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
