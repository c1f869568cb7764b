"""Public pages. They read no session and set no cookie, so whole responses can be cached."""

from http import HTTPStatus

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.utils.formats import number_format
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import ListView
from taggit.models import Tag

from . import counter
from .models import Article, Author, Division
from .sharing import share_links
from .structured_data import news_article

HOME_LATEST_COUNT = 9


def home(request):
    articles = Article.objects.published().for_cards().newest_first()
    # The newest featured article, or the newest of all when none is featured.
    headline = articles.order_by("-featured", "-published_at", "-pk").first()
    latest = articles.exclude(pk=headline.pk) if headline else articles
    return render(
        request,
        "news/home.html",
        {"headline": headline, "latest": latest[:HOME_LATEST_COUNT]},
    )


class ArticleListView(ListView):
    """/berita/ and the per-division, per-tag and per-author lists.

    A bad page number (`abc`, `-1`, past the end) is a 404, as ListView does.
    """

    template_name = "news/article_list.html"
    paginate_by = 10
    context_object_name = "articles"
    heading = ""
    description = ""

    def get_queryset(self):
        return self.filter_articles(Article.objects.published()).for_cards().newest_first()

    def filter_articles(self, articles):
        return articles

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=self.heading, description=self.description, **kwargs
        )


class AllArticlesView(ArticleListView):
    heading = "Berita"


class DivisionArticlesView(ArticleListView):
    def filter_articles(self, articles):
        self.division = get_object_or_404(Division, slug=self.kwargs["slug"])
        self.heading = self.division.name
        self.description = self.division.description
        return articles.in_division(self.division)


class TagArticlesView(ArticleListView):
    def filter_articles(self, articles):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        self.heading = f"#{self.tag.name}"
        return articles.filter(tags=self.tag)


class AuthorArticlesView(ArticleListView):
    def filter_articles(self, articles):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        self.heading = self.author.name
        self.description = self.author.bio
        return articles.filter(author=self.author)


def article_detail(request, slug):
    article = get_object_or_404(
        Article.objects.published().select_related("author", "division").prefetch_related("tags"),
        slug=slug,
    )
    return render(request, "news/article_detail.html", article_context(request, article))


def article_context(request, article):
    """Everything the article template needs; shared with the staff preview."""
    url = request.build_absolute_uri(article.get_absolute_url())
    if article.cover:
        image_url = request.build_absolute_uri(article.cover.url)
    else:
        image_url = request.build_absolute_uri(static("img/share-default.png"))
    return {
        "article": article,
        "canonical_url": url,
        "share_image_url": image_url,
        "share_links": share_links(url, article.title),
        "structured_data": news_article(
            article,
            url=url,
            image_url=image_url,
            author_url=request.build_absolute_uri(article.author.get_absolute_url()),
        ),
    }


def client_address(request) -> str:
    """The reader's address; behind our own proxy, the one it appended to X-Forwarded-For."""
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.headers.get("X-Forwarded-For", "")
        if forwarded:
            return forwarded.rsplit(",", 1)[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


@csrf_exempt  # called from cached pages that carry no CSRF token; it can only count
@require_POST
@never_cache
def count_view(request, slug):
    """Count one view of a published article and answer with its fresh total.

    Not counted: bots, staff, and a reader already counted for this article in
    the window. They get the current total all the same.
    """
    article = Article.objects.published().only("id", "view_count").filter(slug=slug).first()
    if article is None:
        raise Http404
    user_agent = request.headers.get("User-Agent", "")
    counted = (
        not counter.is_bot(user_agent)
        and not request.user.is_staff
        and counter.first_view_in_window(article.pk, client_address(request), user_agent)
    )
    if counted:
        counter.record_view(article)
    return JsonResponse(
        {
            "views": article.view_count,
            "display": number_format(article.view_count, force_grouping=True),
            "counted": counted,
        },
        status=HTTPStatus.OK,
    )
