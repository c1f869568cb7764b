"""Public pages: /halaman/<slug>/ and /halaman/<parent>/<slug>/ (pages/urls.py)."""

from django.shortcuts import get_object_or_404, redirect, render

from publishing.fields import SEARCH_VECTORS

from .models import Page
from .page import page_context


def page_detail(request, slug, parent_slug=None):
    """A published page. Under another parent's address (or a child at the top
    level) it answers a permanent redirect to its own: slugs are unique, so
    the page is known by its own slug alone.
    """
    page = get_object_or_404(
        Page.objects.public()
        .select_related("parent")
        .defer(*SEARCH_VECTORS, "parent__body", *(f"parent__{name}" for name in SEARCH_VECTORS)),
        slug=slug,
    )
    if parent_slug != (page.parent.slug if page.parent_id else None):
        return redirect(page, permanent=True)
    return render(request, "pages/page_detail.html", page_context(request, page))
