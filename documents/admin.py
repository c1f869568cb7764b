import re

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.db import transaction
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from publishing.admin import PublishableAdmin
from publishing.processing import ProcessingStatus
from publishing.revisions import register as register_revisions

from .forms import DocumentFileForm
from .models import Document, DocumentFile, DocumentPage
from .tasks import queue_processing


def forget_stored(names):
    """Delete these files from the private storage once the transaction commits:
    a rolled-back save keeps the rows that still name them."""
    names = [name for name in names if name]
    if names:
        storage = DocumentFile._meta.get_field("file").storage

        def delete():
            for name in names:
                storage.delete(name)

        transaction.on_commit(delete)


class DocumentAutocomplete(AutocompleteSelectMultiple):
    """Linking documents from another type's form, found by title or number. A
    submitted value that is no key (a crafted ?documents=x) is not looked up:
    the form says it is invalid, and the page still draws."""

    def optgroups(self, name, value, attr=None):
        keys = [key for key in map(str, value) if re.fullmatch(r"[0-9]{1,18}", key)]
        return super().optgroups(name, keys, attr)


class LinksDocuments:
    """For the admin of a type that links documents (a `documents` field, listed
    in its autocomplete_fields): DocumentAutocomplete as its widget."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "documents":
            kwargs.setdefault(
                "widget",
                DocumentAutocomplete(db_field, self.admin_site, using=kwargs.get("using")),
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class DocumentFileInline(admin.StackedInline):
    """A document's files, uploaded with it (documents/forms.py checks each), and
    where the task queue stands with each one. Stacked: a row per field fits a
    phone, where a table's columns would not."""

    model = DocumentFile
    form = DocumentFileForm
    extra = 1
    max_num = 20
    fields = ["file", "order", "description", "status", "pages", "text_read_from"]
    readonly_fields = ["description", "status", "pages", "text_read_from"]

    @admin.display(description=gettext_lazy("current file"))
    def description(self, file):
        if not file.pk:
            return ""
        return f"{file.original_name} · {file.get_kind_display()} · {filesizeformat(file.size)}"

    @admin.display(description=gettext_lazy("processing status"))
    def status(self, file):
        """ "selesai", or "gagal: …" in words staff cannot miss."""
        if not file.pk:
            return ""
        if file.processing_status == ProcessingStatus.FAILED:
            return format_html(
                '<strong class="errornote document-file__failed">{}</strong>',
                file.processing_label(),
            )
        return file.processing_label()

    @admin.display(description=gettext_lazy("pages"))
    def pages(self, file):
        return file.page_count if file.pk and file.page_count else ""

    @admin.display(description=gettext_lazy("text read from"))
    def text_read_from(self, file):
        return file.get_text_source_display() if file.pk else ""

    def get_formset(self, request, obj=None, **kwargs):
        # Django builds as many forms as a crafted TOTAL_FORMS asks, up to its
        # absolute_max (2,000 by default): no more than a document may hold.
        return super().get_formset(request, obj, absolute_max=self.max_num, **kwargs)

    # The files are part of the document: who may change the document may change them.
    def _document_admin(self):
        return self.admin_site._registry[Document]

    def has_view_permission(self, request, obj=None):
        return self._document_admin().has_view_or_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    def _may_edit(self, request, obj):
        document_admin = self._document_admin()
        if obj is None:
            return document_admin.has_add_permission(request)
        return document_admin.has_change_permission(request, obj)


class YearFilter(admin.SimpleListFilter):
    title = gettext_lazy("year")
    parameter_name = "tahun"

    def lookups(self, request, model_admin):
        years = Document.objects.dates("document_date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit() and len(value) == 4:
            return queryset.filter(document_date__year=int(value))
        return queryset


@admin.register(Document)
class DocumentAdmin(PublishableAdmin):
    """Public-information documents: the publishing rules (publishing/admin.py), and
    their files. An excepted (dikecualikan) document is never public, whatever
    its status (Document.objects.public())."""

    list_display = [
        "title",
        "number",
        "document_date",
        "information_class",
        "division",
        "state_label",
        "download_count",
    ]
    list_select_related = ["division"]
    list_filter = [*PublishableAdmin.list_filter, "information_class", "division", YearFilter]
    search_fields = ["title", "number", "slug"]
    list_deferred_fields = ["description", "search_vector"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = [
        "download_count",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    ]
    inlines = [DocumentFileInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "number", "document_date", "description"]}),
        (gettext_lazy("Classification"), {"fields": ["information_class", "division"]}),
        (gettext_lazy("Publication"), {"fields": ["status", "published_at"]}),
        (
            gettext_lazy("History"),
            {"fields": readonly_fields, "classes": ["collapse"]},
        ),
    ]

    def reversion_register(self, model, **options):
        # A revision holds the document's fields; its files live in their own
        # storage, and restoring text never brings back a removed file.
        if model is Document:
            register_revisions(model)

    def get_search_results(self, request, queryset, search_term):
        if request.path.endswith("/autocomplete/"):
            # Linking a document to an article or announcement: any published
            # document, beside those this user may open.
            queryset = Document.objects.filter(
                Q(pk__in=Document.objects.published().values("pk"))
                | Q(pk__in=queryset.values("pk"))
            )
        return super().get_search_results(request, queryset, search_term)

    def save_formset(self, request, form, formset, change):
        """Saves the files; a new or replaced one goes to the task queue, and what a
        replaced or removed one left in the storage is deleted after the commit."""
        if formset.model is not DocumentFile:
            return super().save_formset(request, form, formset, change)
        replaced = []
        for file_form in formset.forms:
            if file_form.instance.pk and "file" in file_form.changed_data:
                stored = DocumentFile.objects.only("file", "preview").get(pk=file_form.instance.pk)
                replaced.append(stored)
        super().save_formset(request, form, formset, change)
        forget_stored(
            [name for file in replaced for name in (file.file.name, file.preview.name)]
            + [
                name
                for file in formset.deleted_objects
                for name in (file.file.name, file.preview.name)
            ]
        )
        # The text of a replaced file is read again from the new one.
        replaced_keys = [file.pk for file in replaced]
        DocumentPage.objects.filter(file__in=replaced_keys).delete()
        # "menunggu" now; the task queue reads the text and draws the preview after
        # the commit (documents/tasks.py).
        for file in [*formset.new_objects, *replaced]:
            queue_processing(file)

    def view_on_site(self, obj):
        # Staff who may open a document see its page whatever its state (documents/views.py).
        return obj.get_absolute_url()

    def delete_model(self, request, obj):
        stored = list(obj.files.values_list("file", "preview"))
        super().delete_model(request, obj)
        forget_stored([name for pair in stored for name in pair])

    def delete_queryset(self, request, queryset):
        stored = list(
            DocumentFile.objects.filter(document__in=queryset).values_list("file", "preview")
        )
        super().delete_queryset(request, queryset)
        forget_stored([name for pair in stored for name in pair])
