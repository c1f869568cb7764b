"""The trail at the top of every public page (templates/includes/breadcrumbs.html)."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy


def crumb(label, url=None):
    return {"label": label, "url": url}


HOME_CRUMB = crumb(gettext_lazy("Home"), reverse_lazy("news:home"))
NEWS_CRUMB = crumb(gettext_lazy("News"), reverse_lazy("news:list"))
