"""Absolute URLs on the site's public address (settings.SITE_URL).

Canonical links, feeds and the sitemap name a page by one address whatever Host
the request came with: a site reached as www. and bare, or by an old domain, must
not look like two sites to search engines or give feed readers every item twice.
With SITE_URL empty (development, tests) the request's own host is used.
"""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path, request):
    """`path` (/berita/…, or a URL that is already absolute) as a full URL."""
    if urlsplit(path).scheme:
        return path
    if settings.SITE_URL:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)


def site_host(request):
    """The host name the site is known by: SITE_URL's, else the request's."""
    return urlsplit(settings.SITE_URL or request.build_absolute_uri("/")).hostname
