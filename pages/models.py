"""The office's fixed pages (Profil, Visi dan Misi, …) and its people.

A Page is a Publishable: the same draft → review → published rules, revisions
and roles as an article (publishing/). Pages nest one level only ("Profil" →
"Visi dan Misi"), which keeps every address at /halaman/<slug>/ or
/halaman/<parent>/<slug>/ and the menu to one query (pages/menu.py).

A Person is plain data edited by editors (commissioners and secretariat staff):
the "Struktur Organisasi" page lists them below its text.
"""

from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from news.images import validate_image
from news.models import Division
from publishing.fields import SEARCH_VECTORS, SanitizedRichTextField, stored_vector
from publishing.models import Publishable, PublishableQuerySet
from publishing.processing import Processed


class PageQuerySet(PublishableQuerySet):
    def public(self):
        """Published pages whose parent, if any, is published too: a child's
        address and breadcrumbs name its parent, which must not be a draft."""
        return self.published().filter(
            Q(parent__isnull=True) | Q(parent__in=Page.objects.published())
        )

    def top_level(self):
        return self.filter(parent__isnull=True)

    def for_menu(self):
        """What a menu or a list of pages shows: no body, no search vector."""
        return self.defer("body", *SEARCH_VECTORS, "summary")


class Page(Publishable):
    class Layout(models.TextChoices):
        PLAIN = "plain", _("Text only")
        PEOPLE = "people", _("Text followed by the commissioners and the secretariat")

    title = models.CharField(_("title"), max_length=200)
    # Unique over all pages, children included: a page is found by its own slug,
    # and the parent in its address is only checked (pages/views.py).
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_(
            "Part of the page’s address; made from the title when left empty. "
            "Do not change it after publication."
        ),
    )
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences, shown by search engines and in lists of pages."),
    )
    body = SanitizedRichTextField(_("page text"), max_length=300_000, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent page"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("Leave empty for a top-level page. Pages nest one level only."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Smaller numbers come first in the menu.")
    )
    in_menu = models.BooleanField(_("in the menu"), default=True)
    layout = models.CharField(
        _("layout"), max_length=16, choices=Layout.choices, default=Layout.PLAIN
    )
    # Matched by all its words, ranked by its title's and summary's (as an article).
    search_vector = stored_vector(title="A", summary="B", body="C")
    rank_vector = stored_vector(title="A", summary="B")

    objects = PageQuerySet.as_manager()

    class Meta(Publishable.Meta):
        ordering = ["order", "title"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        constraints = [
            *Publishable.Meta.constraints,
            # One level only is checked in clean(); this at least stops a page
            # being its own parent whatever the save path.
            models.CheckConstraint(
                name="pages_page_not_own_parent",
                condition=~Q(parent=F("pk")),
                violation_error_message=_("A page cannot be its own parent."),
            ),
        ]
        indexes = [
            # The site search's page group (news/views.py SearchView).
            GinIndex(fields=["search_vector"], name="pages_page_search_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.unique_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """/halaman/<slug>/, or /halaman/<parent>/<slug>/ for a child.

        Reads self.parent for a child: a query unless it is loaded
        (select_related("parent"), or pages/menu.py which sets it).
        """
        if self.parent_id is None:
            return reverse("pages:page", kwargs={"slug": self.slug})
        return reverse("pages:child", kwargs={"parent_slug": self.parent.slug, "slug": self.slug})

    def publication_errors(self):
        """As for articles: every picture in the body needs alt text (news/body_images.py)."""
        # Here, not at the top: the picture library's models import news.models.
        from news.body_images import missing_alt_errors

        return [*super().publication_errors(), *missing_alt_errors(self.body)]

    def clean(self):
        super().clean()
        if not self.slug:
            self.slug = self.unique_slug()
            if not self.slug:
                raise ValidationError(
                    {"slug": _("Give the page a slug: its title has no letters or digits.")},
                    code="required",
                )
        if self.parent_id is None:
            return
        if self.pk is not None and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A page cannot be its own parent.")}, code="self")
        if self.parent.parent_id is not None:
            raise ValidationError(
                {
                    "parent": _(
                        "“%(parent)s” is itself under another page; pages nest one level only."
                    )
                    % {"parent": self.parent}
                },
                code="too_deep",
            )
        if self.pk is not None and Page.objects.filter(parent=self.pk).exists():
            raise ValidationError(
                {"parent": _("This page has pages under it, so it cannot go under another page.")},
                code="has_children",
            )

    def unique_slug(self):
        """A slug from the title, with -2, -3, … when taken. Empty for a title of symbols."""
        base = slugify(self.title)[:190]
        if not base:
            return ""
        taken = set(
            Page.objects.filter(slug__startswith=base)
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        return slug


class PersonQuerySet(models.QuerySet):
    def for_page(self):
        """The active people as the organisation page lists them: one query, the
        division joined, commissioners before the secretariat."""
        return (
            self.filter(active=True).select_related("division").order_by("group", "order", "name")
        )


class Person(Processed, models.Model):
    """A commissioner or a member of the secretariat, as the organisation page shows them.

    Processed: where the photo's renditions stand (pages/tasks.py).
    """

    class Group(models.TextChoices):
        # Stored values sort in the order the page lists them (for_page()).
        COMMISSIONER = "commissioner", _("Commissioner")
        SECRETARIAT = "secretariat", _("Secretariat")

    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(
        _("position"),
        max_length=200,
        help_text=_("For example: Ketua, Anggota Divisi Teknis Penyelenggaraan, Sekretaris."),
    )
    group = models.CharField(_("group"), max_length=16, choices=Group.choices)
    division = models.ForeignKey(
        Division,
        verbose_name=_("division led"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leaders",
    )
    photo = models.ImageField(
        _("photo"),
        upload_to="people/",
        blank=True,
        validators=[validate_image],
        width_field="photo_width",
        height_field="photo_height",
    )
    # Stored so the page prints width/height without opening the file.
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Resized copies, as for article covers (news/renditions.py, field="photo").
    photo_renditions = models.JSONField(default=dict, blank=True, editable=False)
    term_start = models.DateField(_("term of office from"), null=True, blank=True)
    term_end = models.DateField(_("term of office until"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Smaller numbers come first within the group.")
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Only active people are listed on the site.")
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["group", "order", "name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                name="pages_person_term_in_order",
                condition=Q(term_start__isnull=True)
                | Q(term_end__isnull=True)
                | Q(term_end__gte=F("term_start")),
                violation_error_message=_("The term of office cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.position})"

    def clean(self):
        super().clean()
        if self.term_start and self.term_end and self.term_end < self.term_start:
            raise ValidationError(
                {"term_end": _("The term of office cannot end before it starts.")},
                code="term_order",
            )
