from django.urls import path  # noqa: F401 (filled by the app's views)

app_name = "documents"

urlpatterns = []
