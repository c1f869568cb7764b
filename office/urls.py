from django.urls import path

from publishing.page_cache import cache_public_page as cached

from . import views

app_name = "office"

# Served whole from the page cache to anonymous readers (publishing/page_cache.py).
urlpatterns = [
    path("kontak/", cached(views.contact), name="contact"),
]
