"""Whose request is this? The one answer the whole site uses.

The login throttle (django-axes, through AXES_CLIENT_IP_CALLABLE), the view
counter, the rate limits and the login records all call `client_address()`.
Two answers to this question once made a hole: behind a Unix socket
`REMOTE_ADDR` is empty, and behind nginx on loopback it is nginx's own address
for every visitor.

- With TRUST_X_FORWARDED_FOR, our own proxy (deploy/nginx.conf) appends the
  address it saw to X-Forwarded-For: the last entry is the client's. Whatever a
  client wrote into the header itself comes before it and is ignored.
- Otherwise the header is the client's own word and is never read.
"""

import ipaddress
import logging

from django.conf import settings

logger = logging.getLogger(__name__)

# The address when none can be known (a Unix socket and no trusted proxy header):
# everyone then shares one, so the throttle errs on the side of locking.
UNKNOWN = "0.0.0.0"  # noqa: S104 (a value, not a bind address)


def client_address(request) -> str:
    """The client's IP address, normalised (IPv6 compressed); UNKNOWN if there is none."""
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            address = _parse(forwarded.rsplit(",", 1)[-1])
            if address:
                return address
    address = _parse(request.META.get("REMOTE_ADDR", ""))
    if address:
        return address
    logger.error(
        "No client address for %s: behind a proxy on a Unix socket, set TRUST_X_FORWARDED_FOR",
        request.path,
    )
    return UNKNOWN


def _parse(text):
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None
