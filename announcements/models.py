"""Announcements (Pengumuman): what the office announces for a stage of an
election (recruitment of PPK, PPS and KPPS, candidate lists, the voter list,
results), valid from one time until another.

An Announcement is a Publishable (the same editor, sanitising, revisions, roles
and review as an article). While valid it is on the home page; after its end it
leaves by itself, as `valid_now()` compares with the database's clock at query
time (no scheduled job), and it stays in the archive, marked as ended.
"""

from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from publishing.fields import SanitizedRichTextField, stored_vector
from publishing.models import Publishable, PublishableQuerySet

RESERVED_SLUGS = {"feed"}


class AnnouncementQuerySet(PublishableQuerySet):
    def valid_now(self):
        """Published and within the validity period, by the database's clock."""
        return self.published().filter(valid_from__lte=Now(), valid_until__gt=Now())

    def ended(self):
        return self.published().filter(valid_until__lte=Now())


class Announcement(Publishable):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("Part of the announcement’s address. Do not change it after publication."),
    )
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences, shown in lists and by search engines."),
    )
    body = SanitizedRichTextField(_("body"), max_length=300_000)
    division = models.ForeignKey(
        "news.Division",
        verbose_name=_("division"),
        on_delete=models.PROTECT,
        related_name="announcements",
    )
    valid_from = models.DateTimeField(_("valid from"), default=timezone.now)
    valid_until = models.DateTimeField(
        _("valid until"), help_text=_("After this time it leaves the home page by itself.")
    )
    pinned = models.BooleanField(
        _("pinned"), default=False, help_text=_("Shown first on the home page while valid.")
    )
    documents = models.ManyToManyField(
        "documents.Document",
        verbose_name=_("attached documents"),
        blank=True,
        related_name="announcements",
    )
    # Matched by all its words, ranked by its title's and summary's (as an article).
    search_vector = stored_vector(title="A", summary="B", body="C")
    rank_vector = stored_vector(title="A", summary="B")

    objects = AnnouncementQuerySet.as_manager()

    class Meta(Publishable.Meta):
        ordering = ["-published_at", "-pk"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                name="announcements_valid_period_order",
                condition=Q(valid_until__gt=F("valid_from")),
                violation_error_message=_(
                    "The end of the validity period must come after its start."
                ),
            ),
        ]
        indexes = [
            models.Index(
                fields=["-published_at", "-id"],
                name="announcements_pub_idx",
                condition=Q(status="published"),
            ),
            models.Index(
                fields=["valid_until", "valid_from"],
                name="announcements_valid_idx",
                condition=Q(status="published"),
            ),
            GinIndex(fields=["search_vector"], name="announcements_search_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("announcements:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        # /pengumuman/feed/ is the announcements' feed (announcements/urls.py).
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("This slug is taken by the site itself; choose another.")},
                code="reserved",
            )

    def is_valid_now(self):
        """Instance twin of AnnouncementQuerySet.valid_now()."""
        now = timezone.now()
        return self.is_published() and self.valid_from <= now < self.valid_until

    def has_ended(self):
        return self.valid_until <= timezone.now()
