"""What the announcement template needs, for the public page and the staff
preview alike: its own module, so that the admin need not import the public views.
"""

from django.db.models import Case, Value, When
from django.db.models.functions import Now
from django.urls import reverse
from django.utils.translation import gettext_lazy

from kpu_site.site_url import absolute_url
from news.body_images import render_body
from news.breadcrumbs import HOME_CRUMB, crumb
from news.sharing import default_image, share_links
from news.structured_data import breadcrumb_list, modified_at, publisher
from publishing.fields import SEARCH_VECTORS

from .models import Announcement

ANNOUNCEMENTS = gettext_lazy("Announcements")


def announcements_crumb():
    return crumb(ANNOUNCEMENTS, reverse("announcements:list"))


def with_validity(announcements):
    """Each with `validity`: "current", "coming" (not yet valid) or "ended", by the
    database's clock, as AnnouncementQuerySet.valid_now() and ended() read it."""
    return announcements.annotate(
        validity=Case(
            When(valid_until__lte=Now(), then=Value("ended")),
            When(valid_from__gt=Now(), then=Value("coming")),
            default=Value("current"),
        )
    )


def public_announcement(slug):
    """The published announcement `slug` with its division and validity, or None. One query."""
    return (
        with_validity(Announcement.objects.published())
        .select_related("division")
        .defer(*SEARCH_VECTORS)
        .filter(slug=slug)
        .first()
    )


def attached_documents(announcement):
    """The attached documents readers may open (Document.objects.public()): never an
    excepted, draft or scheduled one. One query."""
    return list(
        announcement.documents.public()
        .only("title", "slug", "number", "document_date")
        .order_by("-document_date", "-pk")
    )


def announcement_context(request, announcement):
    """Everything the announcement template needs but the menu. `announcement`
    comes with its division. Queries: its public documents, and the body's
    library pictures or videos if it shows any."""
    url = absolute_url(announcement.get_absolute_url(), request)
    breadcrumbs = [HOME_CRUMB, announcements_crumb(), crumb(announcement.title)]
    description = announcement.summary or announcement.title
    return {
        "announcement": announcement,
        "body_html": render_body(announcement.body),
        "documents": attached_documents(announcement),
        "breadcrumbs": breadcrumbs,
        "canonical_url": url,
        "description": description,
        "modified_at": modified_at(announcement),
        "share_links": share_links(url, announcement.title),
        "structured_data": structured_data(request, announcement, url, breadcrumbs, description),
    }


def structured_data(request, announcement, url, breadcrumbs, description):
    """schema.org JSON-LD: an Article that `expires` when its validity ends, with
    the page's trail. Built from what the page has read: no query."""
    published = announcement.published_at or announcement.updated_at
    image = default_image(request)
    return {
        "@context": "https://schema.org",
        "@type": "Article",
        "@id": f"{url}#pengumuman",
        "mainEntityOfPage": {
            "@type": "WebPage",
            "@id": url,
            "breadcrumb": breadcrumb_list(request, breadcrumbs),
        },
        "url": url,
        "headline": announcement.title[:110],
        "description": description,
        "image": [image.url],
        "datePublished": published.isoformat(),
        "dateModified": modified_at(announcement).isoformat(),
        "expires": announcement.valid_until.isoformat(),
        "author": publisher(request),
        "publisher": publisher(request),
        "articleSection": announcement.division.name,
        "inLanguage": "id",
    }
