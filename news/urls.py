from django.urls import path

from . import views

app_name = "news"

urlpatterns = [
    path("", views.home, name="home"),
    path("berita/", views.AllArticlesView.as_view(), name="list"),
    path("berita/<slug:slug>/", views.article_detail, name="detail"),
    path("berita/<slug:slug>/dilihat/", views.count_view, name="count-view"),
    path("divisi/<slug:slug>/", views.DivisionArticlesView.as_view(), name="division"),
    path("tag/<slug:slug>/", views.TagArticlesView.as_view(), name="tag"),
    path("penulis/<slug:slug>/", views.AuthorArticlesView.as_view(), name="author"),
]
