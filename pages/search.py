"""Pages in the site search: the "Pages" group above the article results
(news/views.py SearchView, templates/news/search.html).

The same query as the articles' (news/search.py: Indonesian stems and exact
words), over Page.search_vector: title over summary over body.
"""

from django.contrib.postgres.search import SearchRank
from django.db.models import F

from news.search import _tsquery

from .models import Page

# A site has a handful of pages: the best few are enough above the news.
MAX_PAGE_RESULTS = 5


def search_pages(words: str) -> list:
    """The public pages matching `words`, best first, at most MAX_PAGE_RESULTS.
    One query (the GIN index), parents joined for the addresses."""
    query = _tsquery(words)
    return list(
        Page.objects.public()
        .filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .select_related("parent")
        .defer("body", "search_vector", "parent__body", "parent__search_vector")
        .order_by("-rank", "order", "title")[:MAX_PAGE_RESULTS]
    )
