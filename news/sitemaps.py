"""The news sections of sitemap.xml: home and the news list, articles, and the
divisions, tags and authors that have published articles.

A section lists its items with a primary key in (low, high], in key order, as
(absolute URL, lastmod) pairs: kpu_site/sitemaps.py pages and writes them.
Each query costs what its range holds, whatever the number of articles.

lastmod is a day in TIME_ZONE:
- an article's: the later of its publication and its last edit (a scheduled
  article appears after its edit);
- home's, the list's, a division's and an author's: the newest such change
  among the articles its first page shows (its newest ArticleListView.paginate_by):
  an older article's edit does not change that page. Each is one short scan of
  the index its page itself reads;
- a tag's: none. Its articles are found through taggit's table, which has no
  index by publication: finding any tag's newest would read every tagging of
  the site, on every request, and lastmod is optional.
"""

from django.conf import settings
from django.db import connection
from django.db.models import CharField, Exists, F, Func, OuterRef, Subquery, Value
from django.db.models.functions import Greatest
from django.urls import reverse
from django.urls.converters import SlugConverter

from publishing.sql import compiled_once, published_sql

from .models import Article, Author, Division, published_tags
from .views import ArticleListView

# What the URL patterns' <slug:…> accepts: a slug outside it has no working
# address, and none inside it holds a character XML would need escaped.
ADDRESSABLE_SLUG = f"^(?:{SlugConverter.regex})$"


def local_date(expression):
    """`expression` (a timestamp) as the day it is in TIME_ZONE, YYYY-MM-DD: a lastmod,
    written by the database (cheaper than a datetime made and formatted per row)."""
    return Func(
        Func(Value(settings.TIME_ZONE), expression, function="timezone"),
        Value("YYYY-MM-DD"),
        function="to_char",
        output_field=CharField(),
    )


def url_format(site, name, *fields):
    """The URL of the view `name` on `site` as a str.format() string with one {}
    per field, in order: one reverse() per page rather than one per URL."""
    markers = {field: f"sitemap-field-{index}" for index, field in enumerate(fields)}
    pattern = site.replace("{", "{{").replace("}", "}}") + reverse(name, kwargs=markers)
    for marker in markers.values():
        pattern = pattern.replace(marker, "{}")
    return pattern


def newest_change(prefix=""):
    """The later of publication and last edit: a scheduled article appears after its edit."""
    return Greatest(f"{prefix}published_at", f"{prefix}updated_at")


def first_page_changes(articles):
    """The newest of `articles` that a list's first page shows, newest change first."""
    shown = articles.newest_first().values("pk")[: ArticleListView.paginate_by]
    return (
        Article.objects.filter(pk__in=shown)
        .annotate(changed_at=newest_change())
        .order_by("-changed_at")
    )


class Section:
    """A sitemap section: `listed()` is what its pages hold, paged by primary key;
    `columns()` what a page needs of each, as values() arguments.

    A page's query is compiled once per process (publishing/sql.py): building
    and compiling these querysets would cost more Python time than writing a
    thousand URLs. Nothing in them is a moment: published() compares with Now().
    """

    paged = True

    def listed(self):
        raise NotImplementedError

    def columns(self):
        raise NotImplementedError

    def entries(self, site, low, high):
        """(absolute URL, lastmod or None) of the items with a key in (low, high]."""
        raise NotImplementedError

    @compiled_once
    def range_sql(self, time_zone):
        """The page's SQL: columns() of listed(), keys in (%(low)s, %(high)s], in key order.
        The text holds TIME_ZONE (local_date()), which therefore keys the cache."""
        args, kwargs = self.columns()
        names = ", ".join(f"item.{name}" for name in [*args, *kwargs])
        key = self.listed().model._meta.pk.column
        listed = published_sql(self.listed().values(key, *args, **kwargs))
        return (
            f"SELECT {names} FROM ({listed}) item"  # noqa: S608 (SQL of our own querysets)
            f" WHERE item.{key} > %(low)s AND item.{key} <= %(high)s ORDER BY item.{key}"
        )

    def rows(self, low, high):
        with connection.cursor() as cursor:
            cursor.execute(self.range_sql(settings.TIME_ZONE), {"low": low, "high": high})
            return cursor.fetchall()


class NewsListSection(Section):
    """Home and /berita/: one page of two URLs, changed by the newest news."""

    paged = False
    size = 2

    @compiled_once
    def lastmod_sql(self, time_zone):
        """The lastmod of home and the list, as SQL with nothing left to bind (and
        TIME_ZONE written in, which therefore keys the cache)."""
        newest = first_page_changes(Article.objects.published())
        query = newest.values_list(local_date(F("changed_at")))[:1].query
        return connection.ops.compose_sql(*query.sql_with_params())

    def entries(self, site, low, high):
        if low > 0:
            return []
        with connection.cursor() as cursor:
            cursor.execute(self.lastmod_sql(settings.TIME_ZONE))
            row = cursor.fetchone()
        lastmod = row and row[0]  # none without news
        return [(url_format(site, name), lastmod) for name in ("news:home", "news:list")]


class ArticleSection(Section):
    def listed(self):
        return Article.objects.published().filter(slug__regex=ADDRESSABLE_SLUG)

    def columns(self):
        return ["slug"], {"lastmod": local_date(newest_change())}

    def entries(self, site, low, high):
        url = url_format(site, "news:detail", "slug").format
        return [(url(slug), lastmod) for slug, lastmod in self.rows(low, high)]


class ListPageSection(Section):
    """Divisions or authors: those with published articles, dated by their first page."""

    model = None
    url_name = None
    article_field = None

    def listed(self):
        articles = Article.objects.published().filter(**{self.article_field: OuterRef("pk")})
        return self.model.objects.filter(Exists(articles), slug__regex=ADDRESSABLE_SLUG)

    def columns(self):
        shown = Article.objects.published().filter(**{self.article_field: OuterRef(OuterRef("pk"))})
        newest = first_page_changes(shown).values("changed_at")[:1]
        return ["slug"], {"lastmod": local_date(Subquery(newest))}

    def entries(self, site, low, high):
        url = url_format(site, self.url_name, "slug").format
        return [(url(slug), lastmod) for slug, lastmod in self.rows(low, high)]


class DivisionSection(ListPageSection):
    model = Division
    url_name = "news:division"
    article_field = "division"


class AuthorSection(ListPageSection):
    """Only bylines of at least one published article: other author pages are empty."""

    model = Author
    url_name = "news:author"
    article_field = "author"


class TagSection(Section):
    """Only tags of at least one published article: other tag pages are empty."""

    def listed(self):
        # Tag slugs are addresses already: the database refuses any other (news/tags.py).
        return published_tags()

    def columns(self):
        return ["slug"], {}

    def entries(self, site, low, high):
        url = url_format(site, "news:tag", "slug").format
        return [(url(slug), None) for (slug,) in self.rows(low, high)]
