"""Public documents: the list (/dokumen/), a document's page, its first page's
preview and its files' downloads.

Everything asks Document.objects.public() first: excepted (dikecualikan) and
unpublished documents answer 404 to readers at every address. Staff who may
open a document in the admin (DocumentQuerySet.editable_by()) see its page,
preview and files at the same addresses, drawn for them alone and never
counted.

Files are served from the private storage (documents/storage.py) as
downloads, never shown inline: a PDF can carry scripts, and a document opened
from our origin must not run them here (Content-Disposition: attachment, a
sandboxing Content-Security-Policy, nosniff).
"""

import logging
import re

from django.core.paginator import Paginator
from django.db import DatabaseError
from django.db.models import F, Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import ListView

from announcements.models import Announcement
from kpu_site.site_url import absolute_url
from news import counter
from news.breadcrumbs import HOME_CRUMB, crumb
from news.models import Article, Division
from news.pagination import pagination
from publishing.page_cache import CACHE_ERRORS, keep

from .models import Document, DocumentFile, FileKind, InformationClass

logger = logging.getLogger(__name__)

# The classes a reader may filter by: never the excepted one.
PUBLIC_CLASSES = [
    (value, label)
    for value, label in InformationClass.choices
    if value != InformationClass.EXCEPTED
]
YEAR = re.compile(r"(19|20)[0-9]{2}")

CONTENT_TYPES = {
    FileKind.PDF: "application/pdf",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.ODT: "application/vnd.oasis.opendocument.text",
}
# A file from the documents' storage runs nothing in our origin, even opened by itself.
FILE_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'",
    "X-Robots-Tag": "noindex",
}


def documents_crumb():
    return crumb(gettext_lazy("Documents"), reverse("documents:list"))


def may_see_unpublished(request):
    """Staff with the documents' view permission (reads the session)."""
    user = request.user
    return user.is_staff and user.has_perm(Document.permission("view"))


def find_document(request, slug, queryset=None):
    """(document, public?): the public document `slug`, or for staff one they may
    open in the admin; else 404. Reads the session only when it is not public."""
    queryset = queryset if queryset is not None else Document.objects.all()
    document = queryset.public().filter(slug=slug).first()
    if document is not None:
        return document, True
    if may_see_unpublished(request):
        document = queryset.editable_by(request.user).filter(slug=slug).first()
        if document is not None:
            return document, False
    raise Http404


def find_file(request, slug, file_id, *fields):
    """(document file with its document, public?), or 404: as find_document()."""
    document, public = find_document(request, slug, Document.objects.only("pk", "slug"))
    file = DocumentFile.objects.filter(document=document, pk=file_id).only(*fields).first()
    if file is None:
        raise Http404
    file.document = document
    return file, public


class DocumentListView(ListView):
    """/dokumen/, filtered by ?kelas=, ?tahun= and ?divisi=; a value that is no
    class, year or division is a 404, as is a bad page number. Each filtered
    list is its own entry in the page cache (publishing/page_cache.LIST_FILTERS)."""

    template_name = "documents/document_list.html"
    context_object_name = "documents"
    paginate_by = 20
    paginator_class = Paginator

    def get(self, request, *args, **kwargs):
        self.filters = self.read_filters()
        return super().get(request, *args, **kwargs)

    def read_filters(self):
        """{name: value} of the filters given; 404 for a value that names nothing."""
        query = self.request.GET
        filters = {}
        information_class = query.get("kelas")
        if information_class:
            if information_class not in dict(PUBLIC_CLASSES):
                raise Http404
            filters["kelas"] = information_class
        year = query.get("tahun")
        if year:
            if not YEAR.fullmatch(year):
                raise Http404
            filters["tahun"] = year
        division = query.get("divisi")
        if division:
            if division not in {slug for slug, _name in self.divisions()}:
                raise Http404
            filters["divisi"] = division
        return filters

    @staticmethod
    def divisions():
        """(slug, name) of every division, kept per cache generation."""
        return keep(
            "document-divisions",
            lambda: list(Division.objects.order_by("order", "name").values_list("slug", "name")),
        )

    @staticmethod
    def years():
        """The years of public documents, newest first, kept per cache generation."""
        return keep(
            "document-years",
            lambda: [
                day.year
                for day in Document.objects.public().dates("document_date", "year", order="DESC")
            ],
        )

    def get_queryset(self):
        documents = Document.objects.public()
        if "kelas" in self.filters:
            documents = documents.filter(information_class=self.filters["kelas"])
        if "tahun" in self.filters:
            documents = documents.filter(document_date__year=int(self.filters["tahun"]))
        if "divisi" in self.filters:
            documents = documents.filter(division__slug=self.filters["divisi"])
        return (
            documents.select_related("division")
            .defer("description", "search_vector")
            .prefetch_related(
                Prefetch("files", DocumentFile.objects.only("document_id", "kind", "size"))
            )
            .order_by("-document_date", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context.get("page_obj")
        query = urlencode(self.filters)
        prefix = f"?{query}&" if query else "?"
        canonical = self.request.path + (f"?{query}" if query else "")
        if page is not None and page.number > 1:
            canonical += ("&" if query else "?") + urlencode({"page": page.number})
        first_url = f"{self.request.path}?{query}" if query else self.request.path
        return {
            **context,
            "filters": self.filters,
            "classes": PUBLIC_CLASSES,
            "years": self.years(),
            "divisions": self.divisions(),
            "breadcrumbs": [HOME_CRUMB, crumb(gettext_lazy("Documents"))],
            "canonical_url": absolute_url(canonical, self.request),
            "pagination": pagination(page, prefix=prefix, first_url=first_url),
        }


def document_detail(request, slug):
    document, public = find_document(
        request, slug, Document.objects.select_related("division").defer("search_vector")
    )
    files = list(document.files.all())
    # Where it is referenced: the public articles and announcements that link it.
    articles = list(
        Article.objects.published()
        .filter(documents=document)
        .only("title", "slug", "published_at")
        .newest_first()
    )
    announcements = list(
        Announcement.objects.published()
        .filter(documents=document)
        .only("title", "slug", "published_at")
        .newest_first()
    )
    context = {
        "document": document,
        "is_public": public,
        "files": files,
        "preview_file": next((file for file in files if file.preview), None),
        "articles": articles,
        "announcements": announcements,
        "breadcrumbs": [HOME_CRUMB, documents_crumb(), crumb(document.title)],
        "canonical_url": absolute_url(document.get_absolute_url(), request),
    }
    response = render(request, "documents/document_detail.html", context)
    if not public:
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
def document_preview(request, slug, file_id):
    """The first page of a file as a WebP picture (drawn by the task queue)."""
    file, public = find_file(
        request, slug, file_id, "document_id", "preview", "preview_width", "preview_height"
    )
    if not file.preview:
        raise Http404
    etag = f'"{file.pk}-{file.preview.name}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        try:
            response = FileResponse(file.preview.open("rb"), content_type="image/webp")
        except FileNotFoundError:
            raise Http404 from None
    response["ETag"] = etag
    for name, value in FILE_SECURITY_HEADERS.items():
        response[name] = value
    if public:
        patch_cache_control(response, no_cache=True)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response


@require_safe
@never_cache
def document_download(request, slug, file_id):
    """A file of the document, as an attachment; a reader's download is counted
    like an article's view (news/counter.py: no crawlers, no staff, once per
    reader within the window), by one atomic statement."""
    file, public = find_file(request, slug, file_id, "document_id", "file", "original_name", "kind")
    try:
        opened = file.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        opened,
        as_attachment=True,
        filename=file.original_name or f"dokumen.{file.kind}",
        content_type=CONTENT_TYPES[file.kind],
    )
    for name, value in FILE_SECURITY_HEADERS.items():
        response[name] = value
    if public and request.method == "GET":
        count_download(request, file.document)
    return response


def count_download(request, document):
    try:
        if counter.is_counted_reader(request, f"document:{document.pk}"):
            Document.objects.filter(pk=document.pk).update(download_count=F("download_count") + 1)
    except (DatabaseError, *CACHE_ERRORS):
        # The reader gets the file all the same.
        logger.warning("Download of %s not counted", document.slug, exc_info=True)
