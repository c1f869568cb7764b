"""Public announcement pages: /pengumuman/ and /pengumuman/<slug>/ (announcements/urls.py).

Like every public page they read no session and set no cookie, so whole
responses are cached (publishing/page_cache.py); the page cache also ends its
generation when a validity period starts or ends (announcements/validity.py),
so "Berlaku sampai …" turns into "Sudah berakhir" on time.
"""

from django.db.models import Case, Value, When
from django.db.models.functions import Now
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import ListView

from kpu_site.site_url import absolute_url
from news.breadcrumbs import HOME_CRUMB
from news.pagination import pagination
from news.views import FeedLinks
from publishing.fields import SEARCH_VECTORS

from . import feeds
from .announcement_page import (
    ANNOUNCEMENTS,
    announcement_context,
    public_announcement,
    with_validity,
)
from .models import Announcement


class AnnouncementListView(ListView):
    """Every published announcement: valid now, not yet valid, ended; newest first
    in each part. A bad page number (`abc`, `-1`, past the end) is a 404."""

    template_name = "announcements/announcement_list.html"
    paginate_by = 10
    context_object_name = "announcements"

    def get_queryset(self):
        # Valid now, then those still to come, then the ended ones: by the
        # database's clock, as AnnouncementQuerySet.valid_now() and ended() read it.
        return (
            with_validity(Announcement.objects.published())
            .select_related("division")
            .defer("body", *SEARCH_VECTORS)
            .alias(
                rank=Case(
                    When(valid_until__lte=Now(), then=Value(2)),
                    When(valid_from__gt=Now(), then=Value(1)),
                    default=Value(0),
                )
            )
            .order_by("rank", "-published_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        path = self.request.path
        if page.number > 1:
            path += "?" + urlencode({"page": page.number})
        context.update(
            heading=ANNOUNCEMENTS,
            breadcrumbs=[HOME_CRUMB, {"label": ANNOUNCEMENTS, "url": None}],
            canonical_url=absolute_url(path, self.request),
            pagination=pagination(page, first_url=self.request.path),
            feeds=FeedLinks(
                rss=reverse("announcements:feed"),
                atom=reverse("announcements:feed-atom"),
                title=feeds.AnnouncementFeed().title(None),
                visible=True,
            ),
        )
        return context


def announcement_detail(request, slug):
    announcement = public_announcement(slug)
    if announcement is None:
        raise Http404
    return render(
        request,
        "announcements/announcement_detail.html",
        announcement_context(request, announcement),
    )
