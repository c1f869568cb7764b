from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, JSONField, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import Tag

from publishing.fields import SEARCH_VECTORS, SanitizedRichTextField, stored_vector
from publishing.models import Publishable, PublishableQuerySet
from publishing.processing import Processed

from .images import validate_image


class Division(models.Model):
    """One of the office's divisions (divisi). Data, so staff can rename or add them."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("division")
        verbose_name_plural = _("division")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("news:division", kwargs={"slug": self.slug})


class AuthorQuerySet(models.QuerySet):
    def bylines_for(self, user, keeping=None):
        """The bylines `user` may put on an article: any, for those who edit every article;
        for a writer, only their own, never a colleague's nor the office's.
        `keeping`: the article's current byline, which an editor may have set,
        stays valid.
        """
        if user.has_perm(Article.permission("edit_all")):
            return self.all()
        return self.filter(Q(user=user) | Q(pk=keeping))


class Author(models.Model):
    """The byline of an article: a person with a short signature printed after the text."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    signature = models.CharField(
        _("signature"),
        max_length=20,
        help_text=_("Printed at the end of an article in square brackets, e.g. Mrul → [Mrul]."),
    )
    photo = models.ImageField(
        _("photo"), upload_to="authors/", blank=True, validators=[validate_image]
    )
    bio = models.TextField(_("short bio"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
    )

    objects = AuthorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("author")

    def __str__(self):
        return f"{self.name} [{self.signature}]"

    def get_absolute_url(self):
        return reverse("news:author", kwargs={"slug": self.slug})


# What a news card never shows; for_cards() and news/related.py leave it unread.
CARD_DEFERRED_FIELDS = (
    "body",
    *SEARCH_VECTORS,
    "created_by",
    "updated_by",
    "created_at",
    "updated_at",
)


def card_fields():
    """The fields a card reads: all but CARD_DEFERRED_FIELDS."""
    return [
        field for field in Article._meta.concrete_fields if field.name not in CARD_DEFERRED_FIELDS
    ]


def card_columns(alias="article"):
    """card_fields()' columns, in their order, for hand-written SQL whose article
    table is called `alias`."""
    return ", ".join(f"{alias}.{field.column}" for field in card_fields())


class ArticleQuerySet(PublishableQuerySet):
    def in_division(self, division):
        return self.filter(division=division)

    def for_cards(self):
        """What a list card shows, in one query: the division joined, no body.

        Cards name no author (news/cards.py).
        """
        return self.select_related("division").defer(*CARD_DEFERRED_FIELDS)

    def most_read(self, count=5):
        """The `count` most viewed over the last week (news/most_read.py), each with
        `recent_views`. Reads the first rows of the week's totals' index: the cost
        does not grow with the number of articles."""
        from . import most_read

        most_read.roll()
        return (
            self.filter(recent__views__gt=0)
            .annotate(recent_views=F("recent__views"))
            .order_by("-recent__views", "-published_at")[:count]
        )

    def latest_per_division(self, count, divisions):
        """The `count` newest articles of each of `divisions`, in one query.

        One small index scan per division, joined by UNION ALL: a window over
        all articles would number every one of them to keep a handful.
        """
        newest = [
            self.filter(division_id=division.pk).newest_first().values("pk")[:count]
            for division in divisions
        ]
        if not newest:
            return self.none()
        return self.filter(pk__in=newest[0].union(*newest[1:], all=True))

    def with_tag_list(self):
        """Each article's tags as `tag_list`, [{"id", "name", "slug"}, …] by name, in its own row.

        For one article's page, in place of prefetch_related("tags"): taggit's
        prefetch is a second query and a large share of the page's Python time
        (figures in bench/RESULTS.md). Top-level querysets only: the SQL names
        the article table.
        """
        return self.annotate(
            tag_list=RawSQL(  # noqa: S611 (table and column names only; values are parameters)
                tag_list_sql(f"{Article._meta.db_table}.id"),
                [article_content_type_id()],
                output_field=JSONField(),
            )
        )


def article_content_type_id():
    """Article's content type id, for SQL that reads its tags (taggit's generic
    links): a parameter, as a flushed test database renumbers it. Cached per
    process by get_for_model(): no query."""
    return ContentType.objects.get_for_model(Article).pk


def tag_list_sql(article_id, content_type="%s"):
    """The subquery of ArticleQuerySet.with_tag_list(), for the article whose id is
    the column `article_id`; `content_type` is the placeholder of Article's
    content type id (a parameter: a flushed test database renumbers it)."""
    tag = Tag._meta.db_table
    item = Article.tags.through._meta.db_table
    # Only table and column names go into the text; values are parameters.
    return f"""
        SELECT coalesce(
            jsonb_agg(
                jsonb_build_object('id', tag.id, 'name', tag.name, 'slug', tag.slug)
                ORDER BY tag.name
            ),
            '[]'
        )
        FROM {tag} tag JOIN {item} item ON item.tag_id = tag.id
        WHERE item.content_type_id = {content_type} AND item.object_id = {article_id}
    """  # noqa: S608


class Article(Publishable):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("Part of the article’s address. Do not change it after publication."),
    )
    lead = models.TextField(
        _("lead"),
        max_length=300,
        help_text=_("One or two sentences. Shown in news lists and by search engines."),
    )
    # Far above any article (a long one is 50,000 characters of HTML), and below
    # what PostgreSQL's search vector can hold for text of all-distinct words.
    body = SanitizedRichTextField(_("body"), max_length=300_000)
    cover = models.ImageField(
        _("cover photo"),
        upload_to="covers/%Y/%m/",
        blank=True,
        validators=[validate_image],
        width_field="cover_width",
        height_field="cover_height",
    )
    # Stored so templates can print width/height without opening the file.
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_alt = models.CharField(
        _("cover alt text"),
        max_length=250,
        blank=True,
        help_text=_("Describe the photo for readers who cannot see it. Required."),
    )
    cover_caption = models.CharField(_("cover caption"), max_length=300, blank=True)
    # Resized copies of the cover (news/renditions.py), made when the cover is saved
    # so that pages print srcset without a lookup per image.
    cover_renditions = models.JSONField(default=dict, blank=True, editable=False)
    author = models.ForeignKey(
        Author, verbose_name=_("author"), on_delete=models.PROTECT, related_name="articles"
    )
    division = models.ForeignKey(
        Division, verbose_name=_("division"), on_delete=models.PROTECT, related_name="articles"
    )
    tags = TaggableManager(
        _("tags"),
        blank=True,
        help_text=_("Separate with commas, for example: pemilu 2024, logistik."),
    )
    featured = models.BooleanField(_("featured"), default=False)
    documents = models.ManyToManyField(
        "documents.Document",
        verbose_name=_("linked documents"),
        blank=True,
        related_name="articles",
    )
    view_count = models.PositiveBigIntegerField(_("views"), default=0, editable=False)
    # The site search (search/engine.py) matches an article by all its words and
    # ranks it by its title's and lead's: ranking by the body's too read each
    # match's whole vector a second time (some 5 kB, stored apart from the row),
    # two thirds of the articles' share of a search (bench/RESULTS.md, issue 15).
    search_vector = stored_vector(title="A", lead="B", body="C")
    rank_vector = stored_vector(title="A", lead="B")
    objects = ArticleQuerySet.as_manager()

    kept_on_save = ("view_count",)

    class Meta(Publishable.Meta):
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("article")
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                name="news_article_cover_has_alt",
                condition=Q(cover="") | ~Q(cover_alt=""),
                violation_error_message=_("A cover photo needs alt text."),
            ),
        ]
        indexes = [
            # Home, /berita/ and feeds: newest published first.
            models.Index(
                fields=["-published_at", "-id"],
                name="news_article_pub_idx",
                condition=Q(status="published"),
            ),
            # Division and author pages.
            models.Index(
                fields=["division", "-published_at"],
                name="news_article_division_pub_idx",
                condition=Q(status="published"),
            ),
            models.Index(
                fields=["author", "-published_at"],
                name="news_article_author_pub_idx",
                condition=Q(status="published"),
            ),
            GinIndex(fields=["search_vector"], name="news_article_search_idx"),
            # The headline on the home page: the newest featured, else the newest.
            models.Index(
                fields=["-featured", "-published_at", "-id"],
                name="news_article_headline_idx",
                condition=Q(status="published"),
            ),
            # The admin's change list (news/admin.py), whatever the state: every
            # article newest first, and its filters, each read in that order.
            models.Index(fields=["-published_at", "-id"], name="news_article_adm_list_idx"),
            models.Index(
                fields=["status", "-published_at", "-id"], name="news_article_adm_status_idx"
            ),
            models.Index(
                fields=["division", "-published_at", "-id"], name="news_article_adm_div_idx"
            ),
            models.Index(
                fields=["author", "-published_at", "-id"], name="news_article_adm_author_idx"
            ),
            models.Index(
                fields=["-published_at", "-id"],
                name="news_article_adm_feat_idx",
                condition=Q(featured=True),
            ),
            # The admin's search: words and the starts of words of the title, the
            # lead and the address (core full-text search: no pg_trgm in pgserver).
            GinIndex(
                SearchVector("title", "lead", "slug", config="simple"),
                name="news_article_adm_search_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:detail", kwargs={"slug": self.slug})

    def publication_errors(self):
        """Every picture in the body needs alt text (news/body_images.py). One query
        when a picture lacks it, none otherwise.
        """
        # Here, not at the top: the library's models import this module.
        from .body_images import missing_alt_errors

        return [*super().publication_errors(), *missing_alt_errors(self.body)]

    def clean(self):
        super().clean()
        if self.cover and not self.cover_alt.strip():
            raise ValidationError(
                {"cover_alt": _("A cover photo needs alt text.")}, code="required"
            )


class CoverProcessing(Processed):
    """Where the renditions of an article's present cover stand (news/tasks.py),
    for the article's form: "menunggu", "diproses", "selesai", "gagal: …".

    A row of its own rather than fields on Article: the admin's saves and
    revisions of the article never carry a status only the worker moves, and
    "processing" beside an article's publication status would name neither.
    The row is made when a cover is queued; an article without one has not
    been through the queue (its label follows its renditions).
    """

    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="cover_processing",
        verbose_name=_("article"),
    )

    class Meta:
        verbose_name = _("cover renditions")
        verbose_name_plural = _("cover renditions")

    def __str__(self):
        return self.processing_label()


def published_tags():
    """Tags of at least one published article: the only tags with a public page or feed.

    A tag that only drafts or scheduled articles carry is a writer's text no
    editor has approved yet; it must not appear on the office's domain.
    """
    return Tag.objects.filter(Exists(Article.objects.published().filter(tags=OuterRef("pk"))))


class DailyViews(models.Model):
    """Views of one article on one day (in TIME_ZONE): feeds "most read this week"."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="daily_views")
    date = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("daily views")
        verbose_name_plural = _("daily views")
        constraints = [
            # The counter's upsert (news/counter.py) conflicts on this pair.
            models.UniqueConstraint(fields=["article", "date"], name="news_dailyviews_unique_day"),
        ]
        indexes = [
            # "Most read over the last N days": a range scan on date.
            # Covering: the week's sums are read from the index alone.
            models.Index(
                fields=["date", "article"], include=["views"], name="news_dailyviews_date_idx"
            ),
        ]

    def __str__(self):
        return f"{self.article_id} {self.date:%Y-%m-%d}: {self.views}"


class RecentViews(models.Model):
    """An article's views in the most-read window: the sum of its daily buckets dated
    from ViewWindow.first_day on, kept equal to it by the database (news/most_read.py)."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="recent"
    )
    views = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("views this week")
        verbose_name_plural = _("views this week")
        indexes = [
            # The home page's top five: the first rows of this index, then their articles.
            models.Index(fields=["-views", "article"], name="news_recentviews_top_idx"),
        ]

    def __str__(self):
        return f"{self.article_id}: {self.views}"


class ViewWindow(models.Model):
    """The one row saying from which day RecentViews counts (news/most_read.py)."""

    SINGLETON_PK = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_PK, editable=False)
    first_day = models.DateField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="news_viewwindow_single"),
        ]

    def __str__(self):
        return f"from {self.first_day:%Y-%m-%d}"
