"""Public pages. They read no session and set no cookie, so whole responses can be cached."""

import logging
from dataclasses import dataclass, replace
from datetime import datetime
from http import HTTPStatus

from django.conf import settings
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import ListView
from django_ratelimit.core import is_ratelimited

from announcements.home_page import home_announcements
from kpu_site.client_address import client_address
from kpu_site.site_url import absolute_url
from publishing.page_cache import CACHE_ERRORS, keep

from . import counter, feeds
from .article_page import article_context, published_article
from .breadcrumbs import HOME_CRUMB, NEWS_CRUMB, crumb
from .home_page import home_articles
from .models import Article, Author, Division
from .pagination import pagination
from .related import related_articles
from .tag_page import published_tag, tagged_page

logger = logging.getLogger(__name__)

MONTHS = [
    gettext_lazy("January"), gettext_lazy("February"), gettext_lazy("March"),
    gettext_lazy("April"), gettext_lazy("May"), gettext_lazy("June"),
    gettext_lazy("July"), gettext_lazy("August"), gettext_lazy("September"),
    gettext_lazy("October"), gettext_lazy("November"), gettext_lazy("December"),
]  # fmt: skip


def home(request):
    """Headline, latest, most read this week, and each division's newest: one query
    (news/home_page.py); the announcements valid now, kept per cache generation."""
    context = {**vars(home_articles()), "announcements": home_announcements()}
    return render(request, "news/home.html", context)


class NewsPaginator(Paginator):
    """Deep pages as fast as the first: OFFSET walks the index for the page's ids
    alone, and only those ten articles are joined to their authors and divisions.

    The count is kept per process and cache generation under `count_key` (the
    list's path): only publishing, unpublishing or a go-live changes it, and
    counting a whole list on every render cost as much as drawing the page, and
    grew with the number of articles (bench/RESULTS.md, issue 16).
    """

    def __init__(self, *args, count_key=None, page_articles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key
        # page_articles(offset, length): a list's own statement for a page's
        # articles, in place of the object list's (news/tag_page.py).
        self.page_articles = page_articles

    @cached_property
    def count(self):
        if self.count_key is None:
            return super().count
        return keep(("list-count", self.count_key), lambda: Paginator.count.func(self))

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if self.page_articles is not None:
            return self._get_page(self.page_articles(bottom, self.per_page), number, self)
        ids = self.object_list.values("pk")[bottom : bottom + self.per_page]
        # The list's filters are in `ids`: the page's rows are read by id alone,
        # not filtered and planned twice.
        rows = (
            self.object_list.model.objects.for_cards()
            .filter(pk__in=ids)
            .order_by(*self.object_list.query.order_by)
        )
        return self._get_page(rows, number, self)


@dataclass(frozen=True)
class FeedLinks:
    """The RSS and Atom feeds a list advertises; `visible`: linked in the page too."""

    rss: str
    atom: str
    title: str
    visible: bool = False


class ArticleListView(ListView):
    """/berita/ and the lists per division, tag, author and month.

    A bad page number (`abc`, `-1`, past the end) is a 404, as ListView does.
    """

    template_name = "news/article_list.html"
    paginate_by = 10
    paginator_class = NewsPaginator
    context_object_name = "articles"
    heading = gettext_lazy("News")
    description = ""
    # A list is one document to search engines, each of its pages one URL.
    has_canonical_url = True
    # page_articles(offset, length): a list's own statement for a page's articles
    # (NewsPaginator), or None for the queryset's.
    page_articles = None

    def get_queryset(self):
        return self.filter_articles(Article.objects.published()).for_cards().newest_first()

    def filter_articles(self, articles):
        return articles

    def get_paginator(self, queryset, per_page, **kwargs):
        # Each list is its path (what filter_articles() reads comes from it).
        return super().get_paginator(
            queryset,
            per_page,
            count_key=self.request.path,
            page_articles=self.page_articles,
            **kwargs,
        )

    def get_breadcrumbs(self):
        return [HOME_CRUMB, NEWS_CRUMB, crumb(self.heading)]

    def get_feeds(self):
        """The feeds advertised in the page's head: all news unless a list has its own."""
        return FeedLinks(
            rss=reverse("news:feed"),
            atom=reverse("news:feed-atom"),
            title=feeds.LatestArticlesFeed().title(None),
        )

    def get_canonical_url(self, page):
        """The list's address, with ?page= from the second page on and nothing else, so
        ?page=1, ?page=last or a tracking parameter name the same page as its plain URL.
        """
        path = self.request.path
        if page is not None and page.number > 1:
            path += "?" + urlencode({"page": page.number})
        return absolute_url(path, self.request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            heading=self.heading,
            description=self.description,
            breadcrumbs=self.get_breadcrumbs(),
            feeds=self.get_feeds(),
            **kwargs,
        )
        page = context.get("page_obj")
        if self.has_canonical_url:
            context["canonical_url"] = self.get_canonical_url(page)
        prefix = context.get("page_prefix") or "?"
        context["pagination"] = pagination(
            page, prefix=prefix, first_url=prefix.rstrip("?&") or self.request.path
        )
        return context


class AllArticlesView(ArticleListView):
    def get_breadcrumbs(self):
        return [HOME_CRUMB, crumb(self.heading)]

    def get_feeds(self):
        return replace(super().get_feeds(), visible=True)

    def get_context_data(self, **kwargs):
        # Months that have news, for the archive menu: one query per cache generation.
        months = keep(
            "archive-months",
            lambda: list(Article.objects.published().dates("published_at", "month", order="DESC")),
        )
        return super().get_context_data(archive_months=months, **kwargs)


class DivisionArticlesView(ArticleListView):
    def filter_articles(self, articles):
        self.division = get_object_or_404(Division, slug=self.kwargs["slug"])
        self.heading = self.division.name
        self.description = self.division.description
        return articles.in_division(self.division)

    def get_feeds(self):
        slug = {"slug": self.division.slug}
        return FeedLinks(
            rss=reverse("news:division-feed", kwargs=slug),
            atom=reverse("news:division-feed-atom", kwargs=slug),
            title=feeds.DivisionFeed().title(feeds.Scope(self.request, subject=self.division)),
            visible=True,
        )


class TagArticlesView(ArticleListView):
    def filter_articles(self, articles):
        self.tag = published_tag(self.kwargs["slug"])
        if self.tag is None:
            raise Http404
        self.heading = f"#{self.tag.name}"
        # What the count reads; a page's articles come from page_articles().
        return articles.filter(tags=self.tag)

    def page_articles(self, offset, length):
        return tagged_page(self.tag, offset, length)

    def get_feeds(self):
        slug = {"slug": self.tag.slug}
        return FeedLinks(
            rss=reverse("news:tag-feed", kwargs=slug),
            atom=reverse("news:tag-feed-atom", kwargs=slug),
            title=feeds.TagFeed().title(feeds.Scope(self.request, subject=self.tag)),
            visible=True,
        )


class AuthorArticlesView(ArticleListView):
    def filter_articles(self, articles):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        self.heading = self.author.name
        self.description = self.author.bio
        return articles.filter(author=self.author)


class MonthArticlesView(ArticleListView):
    """/berita/2022/05/: the month in TIME_ZONE, as readers count it."""

    def filter_articles(self, articles):
        year, month = self.kwargs["year"], self.kwargs["month"]
        if not (1 <= month <= 12 and 2000 <= year <= 2100):
            raise Http404
        self.heading = _("News of %(month)s %(year)d") % {"month": MONTHS[month - 1], "year": year}
        # A range on published_at itself, which its indexes serve: __year and
        # __month would extract both from every article's date.
        start = datetime(year, month, 1, tzinfo=timezone.get_current_timezone())
        end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=start.tzinfo)
        return articles.filter(published_at__gte=start, published_at__lt=end)


def article_detail(request, slug):
    article = published_article(slug)
    if article is None:
        raise Http404
    context = article_context(request, article)
    context["related"] = related_articles(article)
    return render(request, "news/article_detail.html", context)


def is_from_our_pages(request) -> bool:
    """Whether a beacon was sent by a page of this site, not by another site's page.

    Browsers name the sending page's origin on every cross-origin POST (Origin,
    and Sec-Fetch-Site where they support it), so another site cannot make its
    visitors' browsers count views here. A script can leave both out, but it
    gains nothing a browser would not: the counter's other rules still apply.
    """
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin == f"{request.scheme}://{request.get_host()}"
    return request.headers.get("Sec-Fetch-Site", "same-origin") in ("same-origin", "none")


@csrf_exempt  # called from cached pages that carry no CSRF token; it can only count
@require_POST
@never_cache
def count_view(request, slug):
    """Count one view of a published article and answer with its fresh total.

    Who counts is news/counter.py's rule; they who do not get the current total
    all the same. A beacon from another site's page is refused (403), and so is
    a client sending more than VIEW_COUNT_RATE_LIMIT beacons (429).

    When the database or the cache fails, the answer is still a 200 without a
    total: the page keeps the number it shows, and the reader's browser logs
    no failed request.
    """
    if not is_from_our_pages(request):
        return JsonResponse({"views": None, "counted": False}, status=HTTPStatus.FORBIDDEN)
    try:
        if is_ratelimited(
            request,
            group="news:count-view",
            key=lambda group, request: client_address(request),
            rate=settings.VIEW_COUNT_RATE_LIMIT,
            increment=True,
        ):
            return JsonResponse(
                {"views": None, "counted": False},
                status=HTTPStatus.TOO_MANY_REQUESTS,
                headers={"Retry-After": "60"},
            )
        total, counted = counter.count(request, slug)
    except (DatabaseError, *CACHE_ERRORS):
        logger.warning("View of %s not counted: database or cache unavailable", slug, exc_info=True)
        return JsonResponse({"views": None, "counted": False})
    if total is None:
        raise Http404
    return JsonResponse(
        {
            "views": total,
            "display": number_format(total, force_grouping=True),
            "counted": counted,
        }
    )
