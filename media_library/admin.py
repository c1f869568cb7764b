"""The picture library in the admin: what staff uploaded, where it is used, reuse, removal.

- Writers and editors see the library (the roles' view permission): editors
  every picture, a writer their own uploads and the pictures already on the
  public site (`visible_to`).
- Nobody adds or edits a picture here: pictures come in through the editor's
  upload (news/admin.py, media_library/uploads.py).
- Editors delete pictures no article shows; the database refuses the rest
  (MediaImageUse's PROTECT), and the admin's delete page says which articles
  hold them.
- The picker (`picker_view`, JSON, at the article admin's URL) lists the same
  pictures for the article form's "Picture library" button
  (static/js/admin-media-library.js).
"""

import json

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import JsonResponse
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from news.models import Article
from pages.models import Page

from .models import MediaImage, may_see_all, may_upload
from .renditions import delete_files, thumbnail_url

PICKER_LIMIT = 60


def picker_attributes() -> dict:
    """Attributes for the body's textarea that the picker script reads."""
    return {
        "data-media-library": json.dumps(
            {
                "url": reverse("admin:news_article_media_library"),
                "labels": {
                    "open": _("Picture library"),
                    "title": _("Choose a picture from the library"),
                    "search": _("Search by file name"),
                    "alt": _("Alt text (describe the picture for readers who cannot see it)"),
                    "insert": _("Insert into the body"),
                    "cancel": _("Cancel"),
                    "empty": _("No pictures found."),
                    "choose": _("Choose a picture first."),
                    "needs_alt": _("Write the alt text first."),
                    "failed": _("The library could not be loaded. Try again."),
                },
            }
        )
    }


class UseFilter(admin.SimpleListFilter):
    title = gettext_lazy("use")
    parameter_name = "dipakai"

    def lookups(self, request, model_admin):
        return [("ya", _("Used in an article or page")), ("tidak", _("Not used"))]

    def queryset(self, request, queryset):
        unused = queryset.unused()
        if self.value() == "tidak":
            return unused
        if self.value() == "ya":
            return queryset.exclude(pk__in=unused.values("pk"))
        return queryset


@admin.register(MediaImage)
class MediaImageAdmin(admin.ModelAdmin):
    list_display = [
        "thumbnail",
        "original_name",
        "dimensions",
        "file_size",
        "uploaded_by",
        "created_at",
        "used_in_links",
        "renditions_status",
    ]
    list_display_links = ["thumbnail", "original_name"]
    list_filter = [UseFilter, "created_at"]
    list_select_related = ["uploaded_by"]
    search_fields = ["original_name"]
    fields = [
        "preview",
        "original_name",
        "address",
        "dimensions",
        "file_size",
        "uploaded_by",
        "created_at",
        "used_in_links",
        "renditions_status",
    ]
    readonly_fields = fields

    # Who may do what: the roles' view and delete permissions (accounts/roles.py);
    # which pictures: get_queryset() (another's draft picture is "not found").

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        articles = Article.objects.all()
        if not may_see_all(request.user):
            # A colleague's draft may show a public picture: its title stays theirs.
            articles = articles.published() | articles.filter(created_by=request.user)
        pages = Page.objects.all()
        if not may_see_all(request.user):
            pages = pages.public() | pages.filter(created_by=request.user)
        return (
            super()
            .get_queryset(request)
            .visible_to(request.user)
            .prefetch_related(
                Prefetch("used_in", articles.only("pk", "title").order_by("title")),
                Prefetch("used_in_pages", pages.only("pk", "title").order_by("title")),
            )
        )

    # --- Columns ------------------------------------------------------------

    @admin.display(description=gettext_lazy("picture"))
    def thumbnail(self, image):
        url = thumbnail_url(image) or image.file.url
        return format_html('<img src="{}" alt="" width="96" loading="lazy">', url)

    @admin.display(description=gettext_lazy("picture"))
    def preview(self, image):
        url = thumbnail_url(image) or image.file.url
        return format_html('<img src="{}" alt="" width="400">', url)

    @admin.display(description=gettext_lazy("address in the body"))
    def address(self, image):
        return image.file.url

    @admin.display(description=gettext_lazy("dimensions"))
    def dimensions(self, image):
        return f"{image.width} × {image.height}"

    @admin.display(description=gettext_lazy("size"), ordering="size")
    def file_size(self, image):
        return filesizeformat(image.size)

    @admin.display(description=gettext_lazy("used in"))
    def used_in_links(self, image):
        items = [
            *(
                (reverse("admin:news_article_change", args=[a.pk]), a.title)
                for a in image.used_in.all()
            ),
            *(
                (reverse("admin:pages_page_change", args=[p.pk]), p.title)
                for p in image.used_in_pages.all()
            ),
        ]
        if not items:
            return _("Not used")
        return format_html_join(", ", '<a href="{}">{}</a>', items)

    @admin.display(description=gettext_lazy("renditions"), ordering="processing_status")
    def renditions_status(self, image):
        # menunggu, diproses, selesai, gagal: … (media_library/tasks.py)
        return image.processing_label()

    # --- Removal: files go once the rows are gone -----------------------------

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        transaction.on_commit(lambda: delete_files(obj))

    def delete_queryset(self, request, queryset):
        images = list(queryset)
        super().delete_queryset(request, queryset)
        transaction.on_commit(lambda: [delete_files(image) for image in images])


def picker_view(request):
    """The newest pictures the user may reuse, optionally filtered by name (?q=), as
    JSON. At the article admin's URL (news/admin.py): it is the article form's.
    """
    if not may_upload(request.user):
        raise PermissionDenied
    images = MediaImage.objects.visible_to(request.user)
    # NUL cannot be in a PostgreSQL string; nobody types it in a file name.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    if query:
        images = images.filter(original_name__icontains=query)
    return JsonResponse(
        {
            "images": [
                {
                    "id": image.pk,
                    "src": image.file.url,
                    "thumbnail": thumbnail_url(image) or image.file.url,
                    "name": image.original_name,
                    "width": image.width,
                    "height": image.height,
                }
                for image in images[:PICKER_LIMIT]
            ]
        }
    )
