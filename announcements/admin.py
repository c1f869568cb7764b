from django import forms
from django.contrib import admin
from django.db.models import Case, Q, Value, When
from django.db.models.functions import Now
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.admin import LinksDocuments
from kpu_site.formatting import date_and_time
from media_library.admin import picker_attributes
from publishing.admin import PublishableAdmin
from publishing.fields import SEARCH_VECTORS

from .announcement_page import announcement_context, with_validity
from .models import Announcement


class ValidityFilter(admin.SimpleListFilter):
    """Valid now, not yet valid, ended: by the database's clock, as the site reads it."""

    title = gettext_lazy("validity")
    parameter_name = "berlaku"

    def lookups(self, request, model_admin):
        return [
            ("berlaku", gettext_lazy("Valid now")),
            ("belum", gettext_lazy("Not valid yet")),
            ("berakhir", gettext_lazy("Ended")),
        ]

    def queryset(self, request, queryset):
        periods = {
            "berlaku": Q(valid_from__lte=Now(), valid_until__gt=Now()),
            "belum": Q(valid_from__gt=Now()),
            "berakhir": Q(valid_until__lte=Now()),
        }
        if self.value() in periods:
            return queryset.filter(periods[self.value()])
        return queryset


@admin.register(Announcement)
class AnnouncementAdmin(LinksDocuments, PublishableAdmin):
    """Announcements: the publishing rules (publishing/admin.py), plus a validity
    period, pinning to the top of the home page (an editor's choice, as featuring
    an article) and attached documents."""

    list_display = [
        "title",
        "state_label",
        "published_at",
        "validity",
        "valid_until",
        "pinned",
        "division",
    ]
    list_select_related = ["division"]
    list_filter = [*PublishableAdmin.list_filter, ValidityFilter, "pinned", "division"]
    search_fields = ["title", "summary", "slug"]
    list_deferred_fields = ["body", *SEARCH_VECTORS]
    prepopulated_fields = {"slug": ["title"]}
    # Chosen by search: DocumentAdmin offers any published document here (documents/admin.py).
    autocomplete_fields = ["documents"]
    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by"]
    publisher_fields = [*PublishableAdmin.publisher_fields, "pinned"]
    preview_template = "admin/announcements/announcement/preview.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (
            gettext_lazy("Validity and attachments"),
            {"fields": ["division", ("valid_from", "valid_until"), "documents"]},
        ),
        (gettext_lazy("Publication"), {"fields": ["status", "published_at", "pinned"]}),
        (
            gettext_lazy("History"),
            {"fields": readonly_fields, "classes": ["collapse"]},
        ),
    ]

    class Media:
        # The "Picture library" button beside the body's editor, as for articles.
        css = {"all": ["css/admin-media-library.css", "css/admin-announcements.css"]}
        js = ["js/admin-media-library.js"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "summary":
            # Two sentences: a box that shows them whole, as an article's lead.
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"})
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "body":
            formfield.label = _("Announcement text")
            formfield.widget.attrs.update(picker_attributes())
        return formfield

    def get_queryset(self, request):
        return with_validity(super().get_queryset(request))

    @admin.display(
        description=gettext_lazy("validity"),
        ordering=Case(When(valid_until__lte=Now(), then=Value(1)), default=Value(0)),
    )
    def validity(self, obj):
        """ "berlaku", "belum berlaku" or "berakhir", as the site says it right now."""
        if obj.validity == "ended":
            return _("ended")
        if obj.validity == "coming":
            return _("valid from %(start)s") % {"start": date_and_time(obj.valid_from)}
        return _("valid")

    def preview_queryset(self, request):
        return super().preview_queryset(request).select_related("division")

    def preview_context(self, request, obj):
        return announcement_context(request, obj)
