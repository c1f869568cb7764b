from django.urls import path

from publishing.page_cache import cache_public_page as cached

from . import views

app_name = "documents"

# The list and each document's page are served whole from the page cache to
# anonymous readers (publishing/page_cache.py); previews and downloads never are.
urlpatterns = [
    path("", cached(views.DocumentListView.as_view()), name="list"),
    path("<slug:slug>/", cached(views.document_detail), name="detail"),
    path("<slug:slug>/pratinjau/<int:file_id>/", views.document_preview, name="preview"),
    path("<slug:slug>/unduh/<int:file_id>/", views.document_download, name="download"),
]
