"""gunicorn settings for production (see deploy/README.md); `make bench` runs with them too.

    gunicorn -c deploy/gunicorn.conf.py

Sync workers: nginx buffers requests and responses (proxy_buffering), so a slow
phone never holds a worker, and a worker is one simple process to reason about.
"""

import os

wsgi_app = "kpu_site.wsgi:application"
# Behind nginx: a Unix socket (GUNICORN_BIND=unix:…, deploy/README.md). Sync
# workers close every connection, so over loopback TCP each request costs a
# handshake and leaves a port in TIME_WAIT. Comma-separated for several.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
# Two per core is the usual start; memory allows more (about 100 MB each).
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = "sync"
timeout = 30
graceful_timeout = 20
# Import the project once in the master: workers share its pages (copy-on-write)
# and start faster; a broken deploy fails before any worker forks.
preload_app = True
# nginx logs every request; gunicorn only its own errors (stderr, to journald).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# systemd starts, reloads (HUP) and stops it; no second control channel, and no
# clash between two instances over the one default socket path.
control_socket_disable = True
