from django.conf import settings
from django.contrib import admin
from django.http import Http404
from django.shortcuts import render
from django.urls import include, path, re_path, reverse
from django.utils.translation import gettext_lazy as _
from django.views import static

from . import health, sitemaps
from .site_url import absolute_url

admin.site.site_header = settings.OFFICE_NAME
admin.site.site_title = _("Newsroom")
admin.site.index_title = _("Newsroom")


def robots_txt(request):
    """robots.txt, naming the sitemap at the site's public address (SITE_URL)."""
    sitemap_url = absolute_url(reverse("sitemap"), request)
    return render(request, "robots.txt", {"sitemap_url": sitemap_url}, content_type="text/plain")


urlpatterns = [
    # Set by ADMIN_URL; everything else finds the admin by reverse("admin:…").
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    # Crawlers (kpu_site/sitemaps.py, templates/robots.txt).
    # The name is the one Django's sitemap framework gave it, which robots.txt reverses.
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap-section"),
    path("robots.txt", robots_txt, name="robots"),
    path("", include("search.urls")),
    path("", include("news.urls")),
    path("pengumuman/", include("announcements.urls")),
    path("dokumen/", include("documents.urls")),
    path("", include("pages.urls")),
    path("", include("office.urls")),
]

if settings.BENCH_ENDPOINTS:
    from . import bench_views

    urlpatterns.insert(0, path("bench/hello/", bench_views.hello, name="bench-hello"))


def serve_media(request, path):
    """Uploaded media in development (in production nginx serves MEDIA_ROOT).

    Django's static.serve answers a name too long for the file system with a
    server error; any such name is simply not a file here.
    """
    try:
        return static.serve(request, path, document_root=settings.MEDIA_ROOT)
    except (OSError, ValueError):
        raise Http404 from None


if settings.DEBUG:
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", serve_media))
