"""/cari/: the site search (search/engine.py) as a page."""

from django.core.paginator import Paginator
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import ListView

from news.breadcrumbs import HOME_CRUMB, crumb
from news.pagination import pagination

from . import engine
from .engine import Kind
from .results import KIND_LABELS, results_html


class SearchView(ListView):
    """/cari/?q=…&jenis=…: one ranked list of every public type, a filter per type.

    A bad page number (`abc`, `-1`, past the end) is a 404, as ListView does.
    """

    template_name = "search/search.html"
    paginate_by = 10
    context_object_name = "results"

    def get(self, request, *args, **kwargs):
        raw = request.GET.get("q", "")
        self.query = engine.clean_query(raw)
        self.truncated = len(" ".join(raw.split())) > engine.MAX_QUERY_LENGTH
        kind = request.GET.get("jenis", "")
        # An unknown type is no filter: every result.
        self.kind = kind if kind in Kind.ALL else None
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not self.query:
            return []
        return engine.search(self.query, self.kind)

    def get_paginator(self, queryset, per_page, **kwargs):
        # Over ranked ids, not a queryset (search/engine.py): counted for each search.
        return Paginator(queryset, per_page, **kwargs)

    def get_context_data(self, **kwargs):
        if self.query:
            heading = _("Search results for “%(query)s”") % {"query": self.query}
        else:
            heading = _("Search the site")
        context = super().get_context_data(
            heading=heading,
            breadcrumbs=[HOME_CRUMB, crumb(_("Search"))],
            query=self.query,
            kind=self.kind,
            truncated=self.truncated,
            max_query_length=engine.MAX_QUERY_LENGTH,
            **kwargs,
        )
        results = self.object_list
        if self.query:
            context["filters"] = self.filters(results)
        context["results_html"] = results_html(context["results"])
        parameters = {"q": self.query, **({"jenis": self.kind} if self.kind else {})}
        prefix = "?" + urlencode(parameters) + "&"
        context["pagination"] = pagination(
            context.get("page_obj"), prefix=prefix, first_url=prefix.rstrip("&")
        )
        context["capped"] = self.query and any(
            results.capped(kind) for kind in ([self.kind] if self.kind else Kind.ALL)
        )
        context["limited"] = self.query and results.limited
        context["search_window"] = number_format(engine.SEARCH_WINDOW, force_grouping=True)
        return context

    def filters(self, results):
        """The links to each type's results, with its count ("100+" past the ranked)."""
        total = sum(results.counts.values())
        links = [
            {
                "label": _("All"),
                "url": "?" + urlencode({"q": self.query}),
                "count": f"{total}+" if any(map(results.capped, Kind.ALL)) else str(total),
                "current": self.kind is None,
            }
        ]
        for kind in Kind.ALL:
            count = results.counts[kind]
            links.append(
                {
                    "label": KIND_LABELS[kind],
                    "url": "?" + urlencode({"q": self.query, "jenis": kind}),
                    "count": f"{count}+" if results.capped(kind) else str(count),
                    "current": self.kind == kind,
                }
            )
        return links
