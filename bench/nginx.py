"""deploy/nginx.conf run locally, without TLS: `make bench MODE=nginx` and tests/deploy/.

The deployed site file is used as it is, with local ports and paths in place of
its placeholders, inside a complete nginx.conf of its own under a prefix folder.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
HEADERS_SNIPPET = "kpu_site_file_headers.conf"
# Debian installs it in /usr/sbin, which a user's PATH may lack.
NGINX = shutil.which("nginx", path=os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin"]))
MISSING = "tests/deploy/ and `make bench MODE=nginx` need Debian's nginx: apt-get install nginx"


def server_blocks(text):
    """(start, end) of each top-level `server { … }` in an nginx file."""
    for match in re.finditer(r"^server\s*\{", text, re.M):
        depth = 0
        for index in range(match.start(), len(text)):
            depth += {"{": 1, "}": -1}.get(text[index], 0)
            if text[index] == "}" and depth == 0:
                yield match.start(), index + 1
                break


def render_site(*, port, socket, static_parent, media_parent, cache, extra=""):
    """deploy/nginx.conf on 127.0.0.1:port, without TLS; extra goes into its server block.

    nginx serves /static/ from static_parent/static and /media/ from media_parent/media.
    """
    site = (DEPLOY / "nginx.conf").read_text()
    # The port-80 server only redirects to https: a local copy has no https.
    for start, end in server_blocks(site):
        if "return 301 https://" in site[start:end]:
            site = site[:start] + site[end:]
            break
    site = re.sub(r"^\s*listen \[::\]:443 ssl http2;\n", "", site, flags=re.M)
    listen = f"listen 127.0.0.1:{port};"
    site = re.sub(r"^(\s*)listen 443 ssl http2;", rf"\1{listen}", site, flags=re.M)
    site = re.sub(r"^\s*ssl_\w+ .*;\n", "", site, flags=re.M)
    if extra:
        site = site.replace(listen, f"{listen}\n{extra}")
    for placeholder, value in (
        ("/srv/kpu_site/var", static_parent),
        ("/srv/kpu_site", media_parent),
        ("/var/cache/nginx/kpu_site", cache),
        ("unix:/run/kpu_site/gunicorn.sock", f"unix:{socket}"),
    ):
        site = site.replace(placeholder, str(value))
    return site


def write_config(prefix, **site):
    """A complete nginx.conf in prefix (emptied first), checked by `nginx -t`; its path.

    Takes render_site's arguments but `cache`, which goes under prefix.
    """
    if NGINX is None:
        raise RuntimeError(MISSING)
    shutil.rmtree(prefix, ignore_errors=True)
    (prefix / "tmp").mkdir(parents=True)
    # The site file includes snippets/…, which nginx finds beside the main file:
    # /etc/nginx/snippets/ when deployed, prefix/snippets/ here.
    (prefix / "snippets").mkdir()
    shutil.copy(DEPLOY / HEADERS_SNIPPET, prefix / "snippets" / HEADERS_SNIPPET)
    config = prefix / "nginx.conf"
    config.write_text(f"""# Rendered by bench/nginx.py from deploy/nginx.conf; do not edit.
user root;
worker_processes auto;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{
    worker_connections 1024;
}}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    access_log off;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;

{render_site(cache=prefix / "cache", **site)}
}}
""")
    subprocess.run([NGINX, "-t", "-q", "-p", prefix, "-c", config], check=True)
    return config


def start(prefix, config):
    """nginx in the foreground (stop it with SIGQUIT); its output in prefix/stdout.log."""
    return subprocess.Popen(
        [NGINX, "-p", prefix, "-c", config, "-g", "daemon off;"],
        stdout=(prefix / "stdout.log").open("w"),
        stderr=subprocess.STDOUT,
    )
