from django.urls import path

from publishing.page_cache import cache_public_page as cached

from . import views

app_name = "pages"

# Served whole from the page cache to anonymous readers (publishing/page_cache.py).
urlpatterns = [
    path("halaman/<slug:slug>/", cached(views.page_detail), name="page"),
    path("halaman/<slug:parent_slug>/<slug:slug>/", cached(views.page_detail), name="child"),
]
