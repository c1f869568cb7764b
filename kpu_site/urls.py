from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import health

admin.site.site_header = settings.OFFICE_NAME
admin.site.site_title = _("Ruang redaksi")
admin.site.index_title = _("Ruang redaksi")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("", include("news.urls")),
]

# Uploaded media in development; in production the web server serves MEDIA_ROOT.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
