from django.contrib import admin
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy
from reversion.admin import VersionAdmin

from media_library.admin import picker_attributes
from news.admin import IMAGE_FIELDS
from news.renditions import make_cover_renditions
from publishing.admin import PublishableAdmin
from publishing.processing import queue_on_commit

from .models import Page, Person
from .page import page_context
from .tasks import make_person_photo_renditions, photo_label


@admin.register(Page)
class PageAdmin(PublishableAdmin):
    """Fixed pages: the publishing rules (publishing/admin.py), plus their place
    in the menu. One level of nesting, checked by Page.clean()."""

    list_display = ["title", "parent", "order", "in_menu", "state_label", "published_at"]
    list_select_related = ["parent"]
    list_filter = [*PublishableAdmin.list_filter, "in_menu", "layout", "parent"]
    search_fields = ["title", "summary", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by"]
    # Where a page sits in the menu is the site's structure, not a writer's text.
    publisher_fields = [*PublishableAdmin.publisher_fields, "parent", "order", "in_menu"]
    preview_template = "admin/pages/page/preview.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (
            gettext_lazy("Place on the site"),
            {"fields": ["parent", "order", "in_menu", "layout"]},
        ),
        (gettext_lazy("Publication"), {"fields": ["status", "published_at"]}),
        (
            gettext_lazy("History"),
            {"fields": readonly_fields, "classes": ["collapse"]},
        ),
    ]

    class Media:
        # The "Picture library" button beside the body's editor, as for articles:
        # a picture a page shows counts as used (media_library/uses.py).
        css = {"all": ["css/admin-media-library.css"]}
        js = ["js/admin-media-library.js"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "body":
            formfield.widget.attrs.update(picker_attributes())
        return formfield

    def get_queryset(self, request):
        # The menu's order: each top-level page followed by its children.
        return (
            super()
            .get_queryset(request)
            .annotate(
                branch_order=Coalesce("parent__order", "order"),
                branch_title=Coalesce("parent__title", "title"),
                is_child=Q(parent__isnull=False),
            )
            .order_by("branch_order", "branch_title", "is_child", "order", "title")
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            # Only top-level pages can have children (one level of nesting).
            kwargs["queryset"] = Page.objects.top_level().order_by("order", "title")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def preview_queryset(self, request):
        return super().preview_queryset(request).select_related("parent")

    def preview_context(self, request, obj):
        return page_context(request, obj)


@admin.register(Person)
class PersonAdmin(VersionAdmin):
    """Commissioners and secretariat staff, for editors; every save is a revision."""

    list_display = ["name", "position", "group", "division", "order", "active"]
    list_editable = ["order", "active"]
    list_filter = ["group", "active", "division"]
    list_select_related = ["division"]
    search_fields = ["name", "position"]
    ordering = ["group", "order", "name"]
    formfield_overrides = IMAGE_FIELDS
    fields = [
        "name",
        "position",
        "group",
        "division",
        "photo",
        "photo_status",
        ("term_start", "term_end"),
        "order",
        "active",
    ]
    readonly_fields = ["photo_status"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "photo" in form.changed_data:  # uploaded, replaced or cleared
            if obj.photo:
                # Seconds of resizing: a worker does it once the save commits.
                queue_on_commit(make_person_photo_renditions, obj.pk)
            else:
                make_cover_renditions(obj, field="photo", share=False)  # only empties the dict

    @admin.display(description=gettext_lazy("photo renditions"))
    def photo_status(self, person):
        return photo_label(person) or "–"
