"""The office's settings and links: administrators only (accounts/roles.py), with history.

Site settings are one row: its list opens that row, or the form to create it
from the environment's values; it is never deleted (the pages would fall back
to the environment's values without anyone noticing).
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from news.forms import ReencodedImageField

from .models import SINGLETON_PK, ExternalLink, SiteSettings
from .site import defaults

# A link typed without a scheme is taken as https (the fields accept nothing else).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(SiteSettings)
class SiteSettingsAdmin(VersionAdmin):
    formfield_overrides = {
        models.ImageField: {"form_class": ReencodedImageField},
        **URL_FIELDS,
    }
    fieldsets = [
        (None, {"fields": ["name", "region", "logo"]}),
        (
            _("Contact"),
            {"fields": ["address", "phone", "whatsapp", "email", "office_hours", "map_url"]},
        ),
        (
            _("Social media"),
            {"fields": ["instagram_url", "facebook_url", "x_url", "youtube_url", "tiktok_url"]},
        ),
    ]

    def _url(self, view, *args):
        opts = self.opts
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)

    def changelist_view(self, request, extra_context=None):
        # The list of one: straight to it, or to the form that creates it.
        if SiteSettings.objects.filter(pk=SINGLETON_PK).exists():
            if self.has_view_or_change_permission(request):
                return redirect(self._url("change", SINGLETON_PK))
        elif self.has_add_permission(request):
            return redirect(self._url("add"))
        return super().changelist_view(request, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        # One row: once saved, it is changed, never added again (the database
        # refuses a second). Checked here, not in has_add_permission(), which
        # every admin page asks for its menu: that would be a query on each.
        if SiteSettings.objects.filter(pk=SINGLETON_PK).exists():
            if not self.has_view_or_change_permission(request):
                raise PermissionDenied
            return redirect(self._url("change", SINGLETON_PK))
        return super().add_view(request, form_url, extra_context)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_changeform_initial_data(self, request):
        # The first save starts from what the pages show now: the environment's values.
        return {**defaults(), **super().get_changeform_initial_data(request)}


@admin.register(ExternalLink)
class ExternalLinkAdmin(VersionAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["title", "url", "order", "active"]
    list_editable = ["order", "active"]
    list_filter = ["active"]
    search_fields = ["title", "url", "description"]
    fields = ["title", "url", "description", "order", "active"]
