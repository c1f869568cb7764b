"""The contact page: the office's settings (office/site.py), nothing else to query."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from news.breadcrumbs import HOME_CRUMB, crumb


def contact(request):
    """Address, phone, WhatsApp, email, hours, map and social links, and the external links."""
    return render(
        request, "office/contact.html", {"breadcrumbs": [HOME_CRUMB, crumb(_("Contact"))]}
    )
