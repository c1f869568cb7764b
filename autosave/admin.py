"""AutosaveAdminMixin: a model admin's change form that loses nothing the writer typed.

PublishableAdmin includes it. It adds the autosave endpoints (autosave/views.py)
to the model admin's URLs, so they check permissions with that admin's own
rules; gives the change form what static/js/admin-autosave.js needs (drawn by
templates/admin/autosave/form_top.html); keeps a save that arrives after the
session ended (autosave/unsent.py); and deletes the writer's autosave once the
item is really saved.
"""

from functools import partial

from django.conf import settings
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from kpu_site.formatting import clock_time, long_date

from . import unsent, views
from .models import NEW, Autosave

# How often, at most, the form's script sends what changed; each request also
# keeps a writer's session alive while they write.
DEFAULT_INTERVAL_SECONDS = 30


class AutosaveAdminMixin:
    def get_urls(self):
        def endpoint(view):
            # Not admin_site.admin_view: it would redirect an ended session to the
            # login page, where the script needs a JSON 401.
            return never_cache(csrf_protect(partial(view, self)))

        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        urls = super().get_urls()
        for pattern in urls:
            if pattern.name in (f"{prefix}_add", f"{prefix}_change"):
                pattern.callback = unsent.keeping_unsent(self, pattern.callback)
        return [
            path(
                "autosave/session/",
                endpoint(views.session_view),
                name=f"{prefix}_autosave_session",
            ),
            path("autosave/", endpoint(views.autosave_view), name=f"{prefix}_autosave_new"),
            path(
                "<path:object_id>/autosave/",
                endpoint(views.autosave_view),
                name=f"{prefix}_autosave",
            ),
            *urls,
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        may_edit = (
            self.has_add_permission(request)
            if obj is None
            else self.has_change_permission(request, obj)
        )
        if may_edit:
            context["autosave"] = self.autosave_context(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def autosave_context(self, request, obj):
        prefix = f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}"
        if obj is None:
            url, key = reverse(f"{prefix}_autosave_new"), NEW
        else:
            url, key = reverse(f"{prefix}_autosave", args=[obj.pk]), str(obj.pk)
        saved_at = getattr(obj, "updated_at", None)
        autosave = Autosave.objects.of(request.user, self.model, key).first()
        # Offered only when newer than the item: a save by someone else since
        # (an editor's) makes it stale, and the writer sees what is stored.
        if autosave is not None and saved_at is not None and autosave.saved_at <= saved_at:
            autosave = None
        kept = unsent.kept(request, unsent.item_key(self, key))
        return {
            "unsent": kept and {**kept, "when": _when(kept["saved_at"])},
            "url": url,
            "session_url": reverse(f"{prefix}_autosave_session"),
            "login_url": reverse(f"{self.admin_site.name}:login"),
            "interval": getattr(settings, "AUTOSAVE_INTERVAL_SECONDS", DEFAULT_INTERVAL_SECONDS),
            "saved_at": saved_at,
            "offer": autosave,
            "offer_when": autosave and _when(autosave.saved_at),
        }

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # In the save's transaction: a save that fails keeps the autosave.
        for key in [str(obj.pk)] if change else [str(obj.pk), NEW]:
            Autosave.objects.of(request.user, self.model, key).delete()
            unsent.forget(request, unsent.item_key(self, key))


def _when(moment):
    """Senin, 30 November 2026 · 10.32 WIB"""
    return f"{long_date(moment)} · {clock_time(moment)}"
