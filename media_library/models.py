"""The pictures staff put into rich-text bodies (articles, fixed pages), and the
items that show them.

A body keeps plain `<img src alt>` HTML (what CKEditor 5 edits and what the
sanitiser allows); the `src` is the MEDIA_URL of `MediaImage.file`, which is how
pages find a picture's renditions (news/body_images.py) and how the uses are
kept (media_library/uses.py).
"""

from pathlib import PurePath
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from news.models import Article
from pages.models import Page
from publishing.processing import Processed


def upload_to(instance, filename):
    # A random prefix: two "IMG_0001.jpg" from two phones must not meet.
    return f"uploads/{timezone.localdate():%Y/%m}/{uuid4().hex[:12]}-{PurePath(filename).name}"


def may_see_all(user) -> bool:
    """Editors (and superusers) see, reuse and remove every picture."""
    return user.has_perm(Article.permission("edit_all"))


def may_upload(user) -> bool:
    """Whoever may write an article may put pictures into it."""
    return user.has_perm(Article.permission("add")) or user.has_perm(Article.permission("change"))


class MediaImageQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Editors: every picture. Writers: their own uploads, and pictures readers
        can already see (in a published article), which they may reuse; never what
        sits only in a colleague's draft.
        """
        if may_see_all(user):
            return self.all()
        in_public_article = MediaImageUse.objects.filter(
            image=OuterRef("pk"), article__in=Article.objects.published()
        )
        in_public_page = MediaImagePageUse.objects.filter(
            image=OuterRef("pk"), page__in=Page.objects.public()
        )
        return self.filter(Q(uploaded_by=user) | Exists(in_public_article) | Exists(in_public_page))

    def unused(self):
        """Pictures no article and no fixed page shows."""
        return self.filter(
            ~Exists(MediaImageUse.objects.filter(image=OuterRef("pk"))),
            ~Exists(MediaImagePageUse.objects.filter(image=OuterRef("pk"))),
        )


class MediaImage(Processed, models.Model):
    """One uploaded picture: re-encoded at full size, with resized copies for pages.

    Processed: where its renditions stand (media_library/tasks.py).
    """

    file = models.ImageField(
        _("file"),
        upload_to=upload_to,
        max_length=255,
        width_field="width",
        height_field="height",
        unique=True,
    )
    width = models.PositiveIntegerField(_("width"), editable=False)
    height = models.PositiveIntegerField(_("height"), editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), editable=False)
    # WebP and JPEG copies 400/800/1200 wide, as for covers (media_library/renditions.py).
    renditions = models.JSONField(default=dict, blank=True, editable=False)
    original_name = models.CharField(_("original name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)
    used_in = models.ManyToManyField(
        Article,
        through="MediaImageUse",
        verbose_name=_("used in"),
        related_name="media_images",
        blank=True,
    )

    used_in_pages = models.ManyToManyField(
        Page,
        through="MediaImagePageUse",
        verbose_name=_("used in pages"),
        related_name="media_images",
        blank=True,
    )

    objects = MediaImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("picture")
        verbose_name_plural = _("picture library")
        indexes = [
            # "My uploads" in the library, newest first.
            models.Index(fields=["uploaded_by", "-created_at"], name="media_image_uploader_idx"),
        ]

    def __str__(self):
        return self.original_name


class MediaImageUse(models.Model):
    """`image` is in `article`'s body. Kept on every save of the article (uses.py).

    PROTECT: the database itself refuses to delete a picture an article shows.
    """

    image = models.ForeignKey(MediaImage, on_delete=models.PROTECT, related_name="uses")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("picture use")
        verbose_name_plural = _("picture uses")
        constraints = [
            models.UniqueConstraint(fields=["image", "article"], name="media_image_use_unique"),
        ]

    def __str__(self):
        # What the admin's "cannot delete, in use" page lists: the article (a query).
        return str(self.article)


class MediaImagePageUse(models.Model):
    """`image` is in fixed page `page`'s body: as MediaImageUse, for pages (uses.py)."""

    image = models.ForeignKey(MediaImage, on_delete=models.PROTECT, related_name="page_uses")
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("picture use in a page")
        verbose_name_plural = _("picture uses in pages")
        constraints = [
            models.UniqueConstraint(fields=["image", "page"], name="media_image_page_use_unique"),
        ]

    def __str__(self):
        return str(self.page)
