"""PublishableAdmin: the newsroom's rules for every publishable type, on the server.

- writers see and edit only their own items, and only while draft or in review;
- only those with the type's `publish` permission set "published", a time, or
  the type's other `publisher_fields`, through the form, the buttons or the
  bulk actions;
- every save is a revision (django-reversion, publishing/revisions.py) with
  its user and a comment; history, compare and restore follow the same rules
  as editing;
- a save based on an outdated copy is refused (publishing/forms.py);
- state changes go through the model (Publishable.submit_for_review(),
  approve(), publish(), unpublish()), which also writes the audit record.

A type's admin subclasses it and adds its fields; `preview_template` turns on a
staff preview drawn by `preview_context()`.
"""

import reversion
from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext, unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.admin import VersionAdmin
from reversion.models import Version

from kpu_site.formatting import date_and_time

from . import revisions
from .forms import VersionCheckedForm
from .models import Status


class ReviewFilter(admin.SimpleListFilter):
    """The editors' work queue, one click from the changelist."""

    title = gettext_lazy("review")
    parameter_name = "tinjauan"

    def lookups(self, request, model_admin):
        return [("menunggu", gettext_lazy("Waiting for review"))]

    def queryset(self, request, queryset):
        if self.value() == "menunggu":
            return queryset.waiting_for_review()
        return queryset


class PublishableAdmin(VersionAdmin):
    form = VersionCheckedForm
    list_filter = [ReviewFilter, "status"]
    date_hierarchy = "published_at"
    actions = ["publish_selected", "unpublish_selected"]
    # Fields only publishers set; for others they are read-only, so a crafted POST is ignored.
    publisher_fields = ["published_at"]
    history_latest_first = True
    change_form_template = "admin/publishing/change_form.html"
    change_list_template = "admin/publishing/change_list.html"
    object_history_template = "admin/publishing/object_history.html"
    # A template drawing the item as readers will see it (preview_context()), or None.
    preview_template = None

    def reversion_register(self, model, **options):
        # VersionAdmin registers the model on first use: with what a revision holds.
        revisions.register(model)

    def _url_name(self, view):
        return f"{self.opts.app_label}_{self.opts.model_name}_{view}"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        extra = [
            path(
                "<path:object_id>/history/compare/",
                wrap(self.compare_view),
                name=self._url_name("compare"),
            ),
        ]
        if self.preview_template:
            extra.append(
                path(
                    "<path:object_id>/preview/",
                    wrap(self.preview_view),
                    name=self._url_name("preview"),
                )
            )
        return extra + super().get_urls()

    # --- Who may do what ----------------------------------------------------

    def may(self, request, action):
        return request.user.has_perm(self.model.permission(action))

    def get_queryset(self, request):
        return super().get_queryset(request).editable_by(request.user)

    def has_publish_permission(self, request):
        return self.may(request, "publish")

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.can_be_edited_by(request.user))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.can_be_edited_by(request.user))

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.may(request, "edit_all"):
            # Bulk delete checks no object: it would reach published items too.
            actions.pop("delete_selected", None)
        return actions

    def editable_or_404(self, request, object_id):
        """The item, if this user may edit it: 404 outside their items, else 403.

        History, compare and restore are all gated by it: writers reach only their
        own drafts and items in review, as in the change form.
        """
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            readonly += self.publisher_fields
        return readonly

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not self.has_publish_permission(request):
            kwargs["choices"] = [
                (Status.DRAFT, Status.DRAFT.label),
                (Status.REVIEW, Status.REVIEW.label),
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        may_edit = add or (obj is not None and self.has_change_permission(request, obj))
        status = obj.status if obj else Status.DRAFT
        context.update(
            show_submit_for_review=may_edit and status == Status.DRAFT,
            show_publish=may_edit
            and self.has_publish_permission(request)
            and not (obj and (obj.is_published() or obj.is_scheduled())),
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changelist_view(self, request, extra_context=None):
        extra_context = {"may_recover": self.may(request, "edit_all"), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        restoring = getattr(request, "restoring", None)
        if restoring is None or request.method != "GET":
            return form
        initial = revisions.restored_initial(restoring)

        class RestoringForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.initial.update(initial)

        return RestoringForm

    def save_model(self, request, obj, form, change):
        was_status = was_published_at = None
        if change:
            was_status, was_published_at = (
                self.model.objects.filter(pk=obj.pk).values_list("status", "published_at").get()
            )
        else:
            obj.created_by = request.user
        obj.updated_by = request.user
        if "_submit_review" in request.POST:
            obj.submit_for_review()
        if "_publish" in request.POST:
            if not self.has_publish_permission(request):
                raise PermissionDenied
            obj.approve()
        super().save_model(request, obj, form, change)
        obj.record_publication_change(
            by=request.user, was_status=was_status, was_published_at=was_published_at
        )

    def view_on_site(self, obj):
        """Published items open on the site; others in the staff-only preview, if any."""
        if obj.is_published():
            return obj.get_absolute_url()
        if self.preview_template:
            return reverse(f"{self.admin_site.name}:{self._url_name('preview')}", args=[obj.pk])
        return None

    def _change_publication(self, request, items, change, comment):
        """Publish or unpublish `items` in one transaction; returns how many.

        In changelist_view's revision (VersionAdmin): one revision for the batch.
        """
        with transaction.atomic():
            items = list(items)
            for item in items:
                change(item, by=request.user)
            # Open forms of these items are now outdated: saving them must conflict.
            self.model.objects.filter(pk__in=[item.pk for item in items]).update(
                version=F("version") + 1
            )
        reversion.set_comment(comment)
        return len(items)

    # Django fills in %(verbose_name_plural)s, as in its own "Delete selected …".
    @admin.action(
        description=gettext_lazy("Publish selected %(verbose_name_plural)s"),
        permissions=["publish"],
    )
    def publish_selected(self, request, queryset):
        published = self._change_publication(
            request,
            queryset.exclude(status=Status.PUBLISHED),
            self.model.publish,
            _("Published from the list."),
        )
        self.message_user(
            request,
            _("%(count)d %(items)s published.")
            % {"count": published, "items": model_ngettext(self.opts, published)},
            messages.SUCCESS,
        )

    @admin.action(
        description=gettext_lazy("Unpublish selected %(verbose_name_plural)s (back to draft)"),
        permissions=["publish"],
    )
    def unpublish_selected(self, request, queryset):
        unpublished = self._change_publication(
            request,
            queryset.filter(status=Status.PUBLISHED),
            self.model.unpublish,
            _("Unpublished from the list."),
        )
        self.message_user(
            request,
            _("%(count)d %(items)s unpublished.")
            % {"count": unpublished, "items": model_ngettext(self.opts, unpublished)},
            messages.SUCCESS,
        )

    # --- Revisions: history, compare, restore ------------------------------

    def history_view(self, request, object_id, extra_context=None):
        """The item's revisions, newest first, a page at a time.

        Replaces VersionAdmin's view, which lists every revision on one page and
        reads each whole (the text included): a writer can save an item
        thousands of times.
        """
        obj = self.editable_or_404(request, object_id)
        versions = (
            Version.objects.get_for_object(obj)
            .select_related("revision__user")
            .defer("serialized_data")
            .order_by("-pk")
        )
        paginator = self.get_paginator(request, versions, self.list_per_page)
        page = paginator.get_page(request.GET.get(PAGE_VAR))
        shown = list(page)
        # Each row links to its changes since the row below it; the last row's
        # is the first of the next page.
        below = shown[1:]
        if shown:
            below.append(versions.filter(pk__lt=shown[-1].pk).first())
        action_list = [
            {
                "revision": version.revision,
                "url": reverse(
                    f"{self.admin_site.name}:{self._url_name('revision')}",
                    args=[obj.pk, version.pk],
                ),
                "previous": earlier.revision if earlier else None,
                "current": page.number == 1 and index == 0,
            }
            for index, (version, earlier) in enumerate(zip(shown, below, strict=True))
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("History of “%(article)s”") % {"article": obj},
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "action_list": action_list,
            "page": page,
            "page_range": paginator.get_elided_page_range(page.number),
            "page_var": PAGE_VAR,
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

    def compare_view(self, request, object_id):
        """Two revisions side by side: what changed in each field, word by word."""
        obj = self.editable_or_404(request, object_id)
        versions = Version.objects.get_for_object(obj).select_related("revision__user")
        try:
            older, newer = sorted(
                (versions.get(revision_id=request.GET.get(name, "")) for name in ("dari", "ke")),
                key=lambda version: version.revision.date_created,
            )
        except (Version.DoesNotExist, ValueError):
            raise Http404 from None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "title": _("Compare revisions of “%(article)s”") % {"article": obj},
            "older": older,
            "newer": newer,
            "changes": revisions.compare(older, newer),
        }
        return TemplateResponse(request, "admin/publishing/revision_compare.html", context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Restore: the change form filled with an earlier revision's content.

        Replaces VersionAdmin's view, which writes the old revision to the database
        (resetting the view count) and only then checks permissions. Here nothing
        is written until the form is saved, and that save is an ordinary one.
        """
        obj = self.editable_or_404(request, object_id)
        version = get_object_or_404(
            Version.objects.get_for_object(obj).select_related("revision__user"),
            pk=version_id,
        )
        request.restoring = version  # read by get_form
        context = {
            "title": _("Restore “%(article)s”") % {"article": obj},
            "restoring": version,
            **(extra_context or {}),
        }
        with self.create_revision(request):
            response = self.changeform_view(request, object_id, request.path, context)
            if request.method == "POST" and response.status_code == 302:
                reversion.set_comment(
                    _("Restored the revision of %(when)s. %(changes)s")
                    % {
                        "when": date_and_time(version.revision.date_created),
                        "changes": reversion.get_comment(),
                    }
                )
        if response.status_code == 200:
            response.template_name = "admin/publishing/revision_form.html"
        return response

    def recoverlist_view(self, request, extra_context=None):
        # Deleted items are everyone's: recovering them is an editor's job.
        if not self.may(request, "edit_all"):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.may(request, "edit_all"):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    # --- Preview ------------------------------------------------------------

    def preview_queryset(self, request):
        """What preview_context() needs joined; through get_queryset, so a writer
        previews only their own items."""
        return self.get_queryset(request)

    def preview_context(self, request, obj):
        return {"object": obj}

    def preview_view(self, request, object_id):
        """The item as readers will see it, for staff, whatever its status."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        obj = get_object_or_404(
            self.preview_queryset(request), pk=object_id if object_id.isdigit() else None
        )
        response = TemplateResponse(
            request, self.preview_template, self.preview_context(request, obj)
        )
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
