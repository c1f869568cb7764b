"""The Redis the tests start when the machine has none (tests/redis_server.py)."""

import pytest
import redis

from tests.redis_server import answers_ping, private_redis, redis_server_command


def test_a_private_redis_server_answers_and_is_stopped_after(tmp_path):
    server = redis_server_command()
    if server is None:
        pytest.skip("needs redis-server (Debian: apt-get install redis-server)")
    with private_redis(server, tmp_path) as url:
        client = redis.Redis.from_url(f"{url}/3")
        client.set("kpu", "ok")
        assert client.get("kpu") == b"ok"
        client.close()
        address = ("127.0.0.1", int(url.rsplit(":", 1)[1]))
    assert not answers_ping(address)
    assert not list(tmp_path.glob("*.rdb")), "it keeps nothing on disk"
