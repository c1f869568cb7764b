from django.urls import path

from publishing.page_cache import cache_public_page as cached

from . import views

app_name = "search"

urlpatterns = [
    path("cari/", cached(views.SearchView.as_view()), name="search"),
]
