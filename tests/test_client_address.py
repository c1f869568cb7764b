"""kpu_site/client_address.py: the one answer to "whose request is this?"."""

import pytest
from django.test import RequestFactory

from kpu_site.client_address import UNKNOWN, client_address


def request(remote_addr="", forwarded=None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("remote_addr", "forwarded", "address"),
    [
        ("", "198.51.100.1", "198.51.100.1"),  # nginx on a Unix socket
        ("127.0.0.1", "198.51.100.1", "198.51.100.1"),  # nginx on loopback TCP
        # Whatever the client wrote comes before what nginx appended.
        ("", "10.0.0.1, 203.0.113.9, 198.51.100.1", "198.51.100.1"),
        ("", "2001:DB8:0:0::1", "2001:db8::1"),
        # Not an address (a proxy misconfigured): the connection's own address.
        ("127.0.0.1", "nonsense", "127.0.0.1"),
        ("127.0.0.1", "", "127.0.0.1"),
        ("", "", UNKNOWN),
    ],
)
def test_behind_our_proxy_the_last_forwarded_address_is_the_clients(
    settings, remote_addr, forwarded, address
):
    settings.TRUST_X_FORWARDED_FOR = True
    assert client_address(request(remote_addr, forwarded)) == address


def test_without_our_proxy_the_header_is_ignored(settings):
    settings.TRUST_X_FORWARDED_FOR = False
    assert client_address(request("192.0.2.5", "198.51.100.1")) == "192.0.2.5"


def test_the_login_throttle_asks_the_same_function(settings):
    from axes.helpers import get_client_ip_address

    settings.TRUST_X_FORWARDED_FOR = True
    assert get_client_ip_address(request("", "203.0.113.1, 198.51.100.2")) == "198.51.100.2"
