from http import HTTPStatus
from uuid import uuid4

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import models
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .forms import ReencodedImageField
from .images import reencode_image
from .models import Article, Author, Division
from .views import article_context

IMAGE_FIELDS = {models.ImageField: {"form_class": ReencodedImageField}}


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "slug"]
    list_editable = ["order"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "signature", "user"]
    list_select_related = ["user"]
    search_fields = ["name", "signature", "user__username"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["user"]
    formfield_overrides = IMAGE_FIELDS


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "published_at", "division", "author", "view_count"]
    list_select_related = ["division", "author"]
    list_filter = ["status", "featured", "division", "author"]
    search_fields = ["title", "lead", "slug"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["view_count", "created_at", "created_by", "updated_at", "updated_by"]
    actions = ["publish_selected", "unpublish_selected"]
    formfield_overrides = IMAGE_FIELDS
    fieldsets = [
        (None, {"fields": ["title", "slug", "lead", "body"]}),
        (gettext_lazy("Foto sampul"), {"fields": ["cover", "cover_alt", "cover_caption"]}),
        (gettext_lazy("Klasifikasi"), {"fields": ["division", "author", "tags"]}),
        (gettext_lazy("Penerbitan"), {"fields": ["status", "published_at", "featured"]}),
        (
            gettext_lazy("Riwayat"),
            {"fields": readonly_fields, "classes": ["collapse"]},
        ),
    ]

    def get_urls(self):
        extra = [
            path(
                "upload-image/",
                self.admin_site.admin_view(self.upload_image_view),
                name="news_article_upload_image",
            ),
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="news_article_preview",
            ),
        ]
        return extra + super().get_urls()

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        author = Author.objects.filter(user=request.user).first()
        if author is not None:
            initial.setdefault("author", author.pk)
        return initial

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def view_on_site(self, obj):
        """Published articles open on the site; others in the staff-only preview."""
        if obj.is_published():
            return obj.get_absolute_url()
        return reverse("admin:news_article_preview", args=[obj.pk])

    @admin.action(description=gettext_lazy("Terbitkan berita terpilih"), permissions=["change"])
    def publish_selected(self, request, queryset):
        published = 0
        for article in queryset.exclude(status=Article.Status.PUBLISHED):
            article.publish(by=request.user)
            published += 1
        self.message_user(
            request,
            ngettext("%(count)d berita diterbitkan.", "%(count)d berita diterbitkan.", published)
            % {"count": published},
            messages.SUCCESS,
        )

    @admin.action(
        description=gettext_lazy("Tarik berita terpilih (kembali ke draf)"), permissions=["change"]
    )
    def unpublish_selected(self, request, queryset):
        unpublished = 0
        for article in queryset.filter(status=Article.Status.PUBLISHED):
            article.unpublish(by=request.user)
            unpublished += 1
        self.message_user(
            request,
            ngettext("%(count)d berita ditarik.", "%(count)d berita ditarik.", unpublished)
            % {"count": unpublished},
            messages.SUCCESS,
        )

    def preview_view(self, request, object_id):
        """The article as readers will see it, for staff, whatever its status."""
        article = get_object_or_404(
            Article.objects.select_related("author", "division").prefetch_related("tags"),
            pk=object_id if object_id.isdigit() else None,
        )
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        context = article_context(request, article)
        response = TemplateResponse(request, "admin/news/article/preview.html", context)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    @staticmethod
    def _upload_error(message, status):
        # The shape CKEditor 5's SimpleUploadAdapter shows to the writer.
        return JsonResponse({"error": {"message": str(message)}}, status=status)

    def upload_image_view(self, request):
        """Pictures dropped into the editor: staff who may write, checked and re-encoded."""
        if request.method != "POST":
            return self._upload_error(_("Metode tidak diizinkan."), HTTPStatus.METHOD_NOT_ALLOWED)
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            return self._upload_error(
                _("Anda tidak berhak mengunggah gambar."), HTTPStatus.FORBIDDEN
            )
        upload = request.FILES.get("upload")
        if upload is None:
            return self._upload_error(_("Tidak ada berkas yang diunggah."), HTTPStatus.BAD_REQUEST)
        try:
            image = reencode_image(upload)
        except ValidationError as error:
            return self._upload_error(" ".join(error.messages), HTTPStatus.BAD_REQUEST)
        name = default_storage.save(
            f"uploads/{timezone.localdate():%Y/%m}/{uuid4().hex[:12]}-{image.name}", image
        )
        return JsonResponse({"url": default_storage.url(name)})
