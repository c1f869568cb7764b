"""Public-information documents (PPID, UU 14/2008): a letter, a decision, a list.

A Document is a Publishable (the same workflow, roles and revisions as an
article) with a number, a date, an information class and one or more files.
Excepted information (dikecualikan) is never public, whatever its status:
`Document.objects.public()` is the one rule every public page, file, search
and sitemap asks.

A DocumentFile is stored outside MEDIA_ROOT (settings.DOCUMENTS_ROOT) and
served only by documents/views.py. The task queue reads its text page by page
(a text layer, else OCR) into DocumentPage rows, and draws its first page as
a preview. The database keeps each document's `text_vector`, the words of all
its pages, up to date from those rows (migration 0002_document_text_vector):
the site search finds a document by its own words or by its text, each through
an index of its own.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from publishing.models import Publishable, PublishableQuerySet
from publishing.processing import Processed

from .storage import storage


class InformationClass(models.TextChoices):
    PERIODIC = "berkala", _("Published periodically (berkala)")
    IMMEDIATE = "serta_merta", _("Published immediately (serta-merta)")
    ANY_TIME = "setiap_saat", _("Available at any time (setiap saat)")
    EXCEPTED = "dikecualikan", _("Excepted (dikecualikan): never public")


class DocumentQuerySet(PublishableQuerySet):
    def public(self):
        """What readers may reach: published, and never excepted information."""
        return self.published().exclude(information_class=InformationClass.EXCEPTED)


class DocumentManager(models.Manager.from_queryset(DocumentQuerySet)):
    def get_queryset(self):
        return super().get_queryset().defer("text_vector")


class Document(Publishable):
    InformationClass = InformationClass

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("Part of the document’s address. Do not change it after publication."),
    )
    number = models.CharField(
        _("number"),
        max_length=200,
        blank=True,
        help_text=_("As written on the document, for example: 12 Tahun 2024."),
    )
    document_date = models.DateField(_("document date"))
    information_class = models.CharField(
        _("information class"), max_length=16, choices=InformationClass.choices
    )
    division = models.ForeignKey(
        "news.Division",
        verbose_name=_("division"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    description = models.TextField(_("description"), max_length=5000, blank=True)
    download_count = models.PositiveBigIntegerField(_("downloads"), default=0, editable=False)
    search_vector = models.GeneratedField(
        expression=(
            SearchVector("title", config="indonesian", weight="A")
            + SearchVector("title", config="simple", weight="A")
            + SearchVector("number", config="simple", weight="A")
            + SearchVector("description", config="indonesian", weight="B")
            + SearchVector("description", config="simple", weight="B")
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    # The words of every page of its files, written by the database whenever those
    # pages change (migration 0002_document_text_vector): up to some hundred
    # kilobytes, so the manager leaves it out of every row it loads, and a save
    # never writes back a value read before the pages changed. Not serialized:
    # no revision holds it.
    text_vector = SearchVectorField(null=True, editable=False, serialize=False)

    objects = DocumentManager()

    kept_on_save = ("download_count",)

    class Meta(Publishable.Meta):
        ordering = ["-document_date", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [
            models.Index(
                fields=["-document_date", "-id"],
                name="documents_doc_public_idx",
                condition=Q(status="published") & ~Q(information_class="dikecualikan"),
            ),
            models.Index(
                fields=["information_class", "-document_date"], name="documents_doc_class_idx"
            ),
            models.Index(fields=["division", "-document_date"], name="documents_doc_div_idx"),
            # The site search matches its own words OR its text (search/engine.py):
            # a rare word through both indexes at once (a BitmapOr); a common one
            # by walking the newest documents, where the small search_vector
            # often decides before text_vector is read.
            GinIndex(fields=["search_vector"], name="documents_doc_search_idx"),
            GinIndex(fields=["text_vector"], name="documents_doc_text_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("documents:detail", kwargs={"slug": self.slug})

    def is_public(self):
        """Instance twin of DocumentQuerySet.public()."""
        return self.is_published() and self.information_class != InformationClass.EXCEPTED


class FileKind(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "XLSX"
    DOCX = "docx", "DOCX"
    ODT = "odt", "ODT"


class TextSource(models.TextChoices):
    NONE = "", _("not read yet")
    TEXT_LAYER = "text", _("text layer")
    OCR = "ocr", _("OCR")
    MIXED = "mixed", _("text layer and OCR")
    UNREADABLE = "unreadable", _("no text found")


class DocumentFile(Processed):
    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("file"), upload_to="%Y/%m/", storage=storage, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255, editable=False)
    kind = models.CharField(_("type"), max_length=8, choices=FileKind.choices, editable=False)
    size = models.PositiveBigIntegerField(_("size"), default=0, editable=False)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True, editable=False)
    text_source = models.CharField(
        _("text read from"),
        max_length=16,
        choices=TextSource.choices,
        default=TextSource.NONE,
        blank=True,
        editable=False,
    )
    # The first page drawn as a picture (WebP), in the same private storage.
    preview = models.ImageField(
        upload_to="previews/%Y/%m/",
        storage=storage,
        blank=True,
        editable=False,
        max_length=300,
        width_field="preview_width",
        height_field="preview_height",
    )
    preview_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    preview_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("document file")
        verbose_name_plural = _("document files")

    def __str__(self):
        return self.original_name


class DocumentPage(models.Model):
    """The text of one page of a file, as the search reads it."""

    file = models.ForeignKey(
        DocumentFile, verbose_name=_("file"), on_delete=models.CASCADE, related_name="pages"
    )
    # Kept beside the file for the search, which needs the document of a page.
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="pages", editable=False
    )
    number = models.PositiveIntegerField(_("page"))
    text = models.TextField(_("text"), blank=True)
    search_vector = models.GeneratedField(
        expression=(
            SearchVector("text", config="indonesian", weight="C")
            + SearchVector("text", config="simple", weight="C")
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["file", "number"]
        verbose_name = _("document page")
        verbose_name_plural = _("document pages")
        constraints = [
            models.UniqueConstraint(fields=["file", "number"], name="documents_page_unique"),
        ]
        # No index on search_vector: the search matches documents through their
        # text_vector, and reads a page's vector only among one shown document's pages.
        indexes = [
            models.Index(fields=["document", "number"], name="documents_page_doc_idx"),
        ]

    def __str__(self):
        return f"{self.file} · {self.number}"
