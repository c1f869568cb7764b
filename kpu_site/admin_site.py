"""The newsroom's admin site: Django's, with two rules for every model admin on it.

Everything registered here, our own admins and those libraries bring (django-axes,
taggit), gets `HostileInputMixin`, and the site's own views check what Django's
leave open. An admin view a library adds is still that library's: news/tag_admin.py
puts taggit's merge view behind its permissions; tests/security/test_fuzz.py walks
every admin URL as every role to find the next one.
"""

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.options import IS_POPUP_VAR, IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import ForeignObjectRel
from django.http import Http404, HttpResponseRedirect
from django.urls import path


class HostileInputMixin:
    """Hostile query values that Django's admin lets through to a server error go
    back as bad input instead:

    - in a change list, a NUL (PostgreSQL refuses it in a string) or a
      date-hierarchy number too big for a date answers as a bad filter (?e=1);
    - a NUL in a search, the change list's or the autocomplete's, is dropped;
    - an add page's initial values from the query string (`?published_at=x`)
      that are not values of their field are left out, as if not given;
    - an empty `_to_field` means the primary key; `_popup` on a change form
      reached by another URL than the admin's own is ignored;
    - an object id with a NUL in a history URL (django-reversion looks it up as
      text, which PostgreSQL refuses) names no object: 404.
    """

    def get_changelist_instance(self, request):
        params = request.GET
        hierarchy = self.date_hierarchy
        if any("\x00" in key + "".join(values) for key, values in params.lists()) or (
            hierarchy
            and any(
                len(params.get(f"{hierarchy}__{part}", "")) > 4 for part in ("year", "month", "day")
            )
        ):
            raise IncorrectLookupParameters
        return super().get_changelist_instance(request)

    def get_object(self, request, object_id, from_field=None):
        # `?_to_field=` (empty) means the primary key, not a field named "".
        return super().get_object(request, object_id, from_field or None)

    def response_change(self, request, obj):
        # A popup's answer names the object by the URL's `object_id`; views that
        # reach the change form by other URLs (django-reversion's restore and
        # recover) have none, and are never opened as popups by the admin.
        if IS_POPUP_VAR in request.POST and "object_id" not in request.resolver_match.kwargs:
            request.POST = request.POST.copy()
            del request.POST[IS_POPUP_VAR]
        return super().response_change(request, obj)

    def history_view(self, request, object_id, extra_context=None):
        refuse_nul(object_id)
        return super().history_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Only reached on a django-reversion admin, which has the view.
        refuse_nul(object_id)
        return super().revision_view(request, object_id, version_id, extra_context)

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, search_term.replace("\x00", ""))

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                field = self.opts.get_field(name)
            except FieldDoesNotExist:
                continue  # not a field: the form has no use for it
            if field.many_to_many or not isinstance(value, str):
                continue
            try:
                initial[name] = field.to_python(value)
            except (ValidationError, ValueError, TypeError, OverflowError):
                del initial[name]
        return initial


def refuse_nul(object_id):
    if "\x00" in object_id:
        raise Http404


class AdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, HostileInputMixin):
            admin_class = type(admin_class.__name__, (HostileInputMixin, admin_class), {})
        super().register(model_or_iterable, admin_class, **options)

    def get_urls(self):
        # Django's r/<content type>/<id>/ redirects any staff member to any object's
        # public address, which for a draft names its slug. Ours answers only for
        # objects the user may see in that object's own admin.
        checked = path(
            "r/<path:content_type_id>/<path:object_id>/",
            self.admin_view(self.view_on_site),
            name="view_on_site",
        )
        # First: Django's list ends with a catch-all view.
        return [checked] + [
            url for url in super().get_urls() if getattr(url, "name", None) != "view_on_site"
        ]

    def autocomplete_view(self, request):
        """Django's, refusing what it would fail on: a field that is no forward relation."""
        try:
            field = apps.get_model(
                request.GET["app_label"], request.GET["model_name"]
            )._meta.get_field(request.GET["field_name"])
        except (KeyError, LookupError, ValueError, FieldDoesNotExist):
            raise PermissionDenied from None
        if isinstance(field, ForeignObjectRel) or not field.is_relation:
            raise PermissionDenied
        return super().autocomplete_view(request)

    def view_on_site(self, request, content_type_id, object_id):
        try:
            content_type = ContentType.objects.get_for_id(int(content_type_id))
        except (ValueError, OverflowError, ContentType.DoesNotExist):
            raise Http404 from None
        model_admin = self._registry.get(content_type.model_class())
        if model_admin is None or not model_admin.has_view_or_change_permission(request):
            raise Http404
        # Through the admin's own queryset: a writer finds only their own articles.
        obj = model_admin.get_object(request, unquote(object_id))
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise Http404
        if callable(model_admin.view_on_site):
            return HttpResponseRedirect(model_admin.view_on_site(obj))
        if not model_admin.view_on_site:
            raise Http404
        return shortcut(request, content_type.pk, obj.pk)
