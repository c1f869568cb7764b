from http import HTTPStatus
from uuid import uuid4

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models
from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from publishing.admin import PublishableAdmin

from . import tag_admin  # noqa: F401 (registers the tags' admin)
from .article_page import article_context
from .forms import ReencodedImageField
from .images import reencode_image
from .models import Article, Author, Division
from .renditions import make_cover_renditions
from .tags import validate_tags

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
class ArticleAdmin(PublishableAdmin):
    """The newsroom's articles: the publishing rules (publishing/admin.py), plus the
    writer's byline, tags, the cover's renditions and pictures dropped into the editor.
    """

    list_display = ["title", "status", "published_at", "division", "author", "view_count"]
    list_select_related = ["division", "author"]
    list_filter = [*PublishableAdmin.list_filter, "featured", "division", "author"]
    search_fields = ["title", "lead", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["view_count", "created_at", "created_by", "updated_at", "updated_by"]
    publisher_fields = [*PublishableAdmin.publisher_fields, "featured"]
    formfield_overrides = IMAGE_FIELDS
    preview_template = "admin/news/article/preview.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", "lead", "body"]}),
        (gettext_lazy("Cover photo"), {"fields": ["cover", "cover_alt", "cover_caption"]}),
        (gettext_lazy("Classification"), {"fields": ["division", "author", "tags"]}),
        (gettext_lazy("Publication"), {"fields": ["status", "published_at", "featured"]}),
        (
            gettext_lazy("History"),
            {"fields": readonly_fields, "classes": ["collapse"]},
        ),
    ]

    def get_urls(self):
        upload = path(
            "upload-image/",
            self.admin_site.admin_view(self.upload_image_view),
            name="news_article_upload_image",
        )
        return [upload, *super().get_urls()]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "tags":
            formfield.validators.append(validate_tags)
        return formfield

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        author = Author.objects.filter(user=request.user).first()
        if author is not None:
            initial.setdefault("author", author.pk)
        return initial

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "author" in form.base_fields:
            # A crafted POST with another byline fails like any invalid choice.
            form.base_fields["author"].queryset = Author.objects.bylines_for(
                request.user, keeping=obj.author_id if obj else None
            )
        return form

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "cover" in form.changed_data:  # uploaded, replaced or cleared
            make_cover_renditions(obj)

    def preview_queryset(self, request):
        return (
            super().preview_queryset(request).select_related("author", "division").with_tag_list()
        )

    def preview_context(self, request, obj):
        return article_context(request, obj)

    @staticmethod
    def _upload_error(message, status):
        # The shape CKEditor 5's SimpleUploadAdapter shows to the writer.
        return JsonResponse({"error": {"message": str(message)}}, status=status)

    def upload_image_view(self, request):
        """Pictures dropped into the editor: staff who may write, checked and re-encoded."""
        if request.method != "POST":
            return self._upload_error(_("Method not allowed."), HTTPStatus.METHOD_NOT_ALLOWED)
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            return self._upload_error(_("You may not upload pictures."), HTTPStatus.FORBIDDEN)
        upload = request.FILES.get("upload")
        if upload is None:
            return self._upload_error(_("No file was uploaded."), HTTPStatus.BAD_REQUEST)
        try:
            image = reencode_image(upload)
        except ValidationError as error:
            return self._upload_error(" ".join(error.messages), HTTPStatus.BAD_REQUEST)
        name = default_storage.save(
            f"uploads/{timezone.localdate():%Y/%m}/{uuid4().hex[:12]}-{image.name}", image
        )
        return JsonResponse({"url": default_storage.url(name)})
