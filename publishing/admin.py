"""PublishableAdmin: the newsroom's rules for every publishable type, on the server.

- writers see and edit only their own items, and only while draft or in review;
- only those with the type's `publish` permission set "published", a time, or
  the type's other `publisher_fields`, through the form, the buttons or the
  bulk actions;
- every save is a revision (django-reversion, publishing/revisions.py) with
  its user and a summary of what really changed; history, compare and
  restore follow the same rules as editing, and restoring is one action that
  never publishes;
- the state is said as it is: a published item with a time to come is
  "Terjadwal" with its time, in the list, its filter, the form and the
  messages after each action;
- an editor sends an item in review back to its writer with a note, shown at
  the top of its form;
- nothing is published while Publishable.publication_errors() says why not;
- a save based on an outdated copy is refused (publishing/forms.py);
- state changes go through the model (Publishable.submit_for_review(),
  approve(), publish(), unpublish()), which also writes the audit record.

A type's admin subclasses it and adds its fields; `preview_template` turns on a
staff preview drawn by `preview_context()`.
"""

import reversion
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import model_ngettext, unquote
from django.contrib.admin.views.main import PAGE_VAR, ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.admin import VersionAdmin
from reversion.models import Version

from accounts import audit
from accounts.models import AuditEvent
from autosave.admin import AutosaveAdminMixin
from corrections.admin import CorrectionsMixin
from kpu_site.formatting import date_and_time

from . import revisions
from .admin_paginator import CappedCountPaginator
from .forms import CurrentVersionForm, SendBackForm, VersionCheckedForm
from .models import ReviewNote, State, Status, publication_moment

# The state filter's values in the address, and the old address of the review
# queue (the admin index links to it), kept working.
STATE_PARAMETERS = {
    State.DRAFT: "draf",
    State.REVIEW: "tinjauan",
    State.SCHEDULED: "terjadwal",
    State.PUBLISHED: "terbit",
}
OLD_REVIEW_QUEUE = ("tinjauan", "menunggu")


class StateFilter(admin.SimpleListFilter):
    """Draft, waiting for review (the editors' work queue), scheduled, published."""

    title = gettext_lazy("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [(value, state.label) for state, value in STATE_PARAMETERS.items()]

    def queryset(self, request, queryset):
        for state, value in STATE_PARAMETERS.items():
            if self.value() == value:
                return queryset.in_state(state)
        return queryset


def outcome_message(item, was, now):
    """What a save did, for the message after it: "Berita diterbitkan".

    `was` and `now` are revisions.publication_state()s, `was` None for a new item.
    """
    was_state, was_at = was or (None, None)
    state, at = now
    values = {"type": item._meta.verbose_name, "when": publication_moment(at) if at else ""}
    if state == was_state or (was is None and state == State.DRAFT):
        message = {
            State.DRAFT: _("Draft saved"),
            State.REVIEW: _("Changes saved; the %(type)s is still waiting for review"),
            State.PUBLISHED: _("Changes saved; the %(type)s stays published"),
            State.SCHEDULED: _("Changes saved; the %(type)s is scheduled for %(when)s")
            if at == was_at
            else _("%(type)s rescheduled for %(when)s"),
        }[state]
    elif state == State.REVIEW:
        message = _("%(type)s submitted for review")
    elif state == State.PUBLISHED:
        message = _("%(type)s published")
    elif state == State.SCHEDULED:
        message = _("%(type)s scheduled for %(when)s")
    elif was_state == State.SCHEDULED:
        message = _("Schedule cancelled; the %(type)s is a draft again")
    elif was_state == State.PUBLISHED:
        message = _("%(type)s taken off the site and back to draft")
    else:
        message = _("%(type)s taken back from review and back to draft")
    return capfirst(message % values)


class PublishableChangeList(ChangeList):
    def get_results(self, request):
        # The rows drawn leave out the columns no list shows (an article's body);
        # the actions still get whole items (ChangeList.get_queryset()).
        self.queryset = self.queryset.defer(*self.model_admin.list_deferred_fields)
        super().get_results(request)


class PublishableAdmin(AutosaveAdminMixin, CorrectionsMixin, VersionAdmin):
    form = VersionCheckedForm
    list_filter = [StateFilter]
    date_hierarchy = "published_at"
    # Lists of any size: no count of the whole table on each page (admin_paginator.py).
    paginator = CappedCountPaginator
    show_full_result_count = False
    # Wide fields the change list never shows, left out of its rows.
    list_deferred_fields = ()
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
            path(
                "<path:object_id>/send-back/",
                wrap(self.send_back_view),
                name=self._url_name("send_back"),
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

    def action_checkbox(self, obj):
        # Django's input, written out: its widget renders a template for every row.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(_("Select this object for an action - {}"), str(obj)),
        )

    # --- The state, said as it is -------------------------------------------

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def state_label(self, obj):
        """The list's status column: "Terjadwal · …" for a schedule, not "Terbit"."""
        return obj.state_label()

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        may_edit = add or (obj is not None and self.has_change_permission(request, obj))
        status = obj.status if obj else Status.DRAFT
        context.update(
            show_submit_for_review=may_edit and status == Status.DRAFT,
            show_publish=may_edit
            and self.has_publish_permission(request)
            and not (obj and (obj.is_published() or obj.is_scheduled())),
            show_send_back=may_edit
            and obj is not None
            and status == Status.REVIEW
            and self.has_publish_permission(request),
        )
        if obj is not None:
            context.update(
                state=obj.state(),
                state_label=obj.state_label(),
                review_notes=ReviewNote.objects.about(obj).select_related("author"),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        status = form.base_fields.get("status")
        if status is not None and obj is not None and obj.is_scheduled():
            # The choice the form shows for a schedule names it, not "Terbit".
            status.choices = [
                (value, obj.state_label() if value == Status.PUBLISHED else label)
                for value, label in status.choices
            ]
        return form

    def get_changelist(self, request, **kwargs):
        return PublishableChangeList

    def changelist_view(self, request, extra_context=None):
        if request.GET.get(OLD_REVIEW_QUEUE[0]) == OLD_REVIEW_QUEUE[1]:
            query = request.GET.copy()
            del query[OLD_REVIEW_QUEUE[0]]
            query[StateFilter.parameter_name] = STATE_PARAMETERS[State.REVIEW]
            return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")
        extra_context = {"may_recover": self.may(request, "edit_all"), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    # --- Saving: the state change, its summary and its message ----------------

    def save_model(self, request, obj, form, change):
        before = self.model.objects.get(pk=obj.pk) if change else None
        if before is None:
            obj.created_by = request.user
        obj.updated_by = request.user
        if "_submit_review" in request.POST:
            obj.submit_for_review()
        if "_publish" in request.POST:
            if not self.has_publish_permission(request):
                raise PermissionDenied
            obj.approve()
        # Read by construct_change_message(), once the tags are saved too.
        request.publishing_before = before and (
            revisions.snapshot(before),
            revisions.publication_state(before),
        )
        super().save_model(request, obj, form, change)
        obj.record_publication_change(
            by=request.user,
            was_status=before and before.status,
            was_published_at=before and before.published_at,
        )

    def construct_change_message(self, request, form, formsets, add=False):
        """The revision's summary (and the admin log's): what the save really changed,
        from the stored values before and after it. Also sets the message the
        user sees after it (message_user())."""
        obj = form.instance
        before, was = getattr(request, "publishing_before", None) or (None, None)
        now = revisions.publication_state(obj)
        request.publishing_message = outcome_message(obj, was, now)
        return revisions.change_summary(
            self.model, before, revisions.snapshot(obj) if before else None, was, now
        )

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        # Django's "The article … was changed successfully" after a save becomes
        # what the save did ("Berita diterbitkan").
        outcome = getattr(request, "publishing_message", None)
        if outcome and level == messages.SUCCESS:
            message, request.publishing_message = outcome, None
        super().message_user(request, message, level, *args, **kwargs)

    def view_on_site(self, obj):
        """Published items open on the site; others in the staff-only preview, if any."""
        if obj.is_published():
            return obj.get_absolute_url()
        if self.preview_template:
            return reverse(f"{self.admin_site.name}:{self._url_name('preview')}", args=[obj.pk])
        return None

    def _change_publication(self, request, items, change):
        """Publish or unpublish `items` in one transaction; returns their states after.

        In changelist_view's revision (VersionAdmin): one revision for the batch.
        """
        with transaction.atomic():
            for item in items:
                change(item, by=request.user)
            # Open forms of these items are now outdated: saving them must conflict.
            self.model.objects.filter(pk__in=[item.pk for item in items]).update(
                version=F("version") + 1
            )
        return [item.state() for item in items]

    def _count_message(self, message, count):
        return capfirst(message % {"count": count, "items": model_ngettext(self.opts, count)})

    # Django fills in %(verbose_name_plural)s, as in its own "Delete selected …".
    @admin.action(
        description=gettext_lazy("Publish selected %(verbose_name_plural)s"),
        permissions=["publish"],
    )
    def publish_selected(self, request, queryset):
        """Publishes what may be: an item whose publication_errors() says why not is
        left as it is, and named with its reasons."""
        ready, refused = [], []
        for item in queryset.exclude(status=Status.PUBLISHED):
            reasons = item.publication_errors()
            (refused if reasons else ready).append((item, reasons))
        states = self._change_publication(
            request, [item for item, _reasons in ready], self.model.publish
        )
        published, scheduled = states.count(State.PUBLISHED), states.count(State.SCHEDULED)
        reversion.set_comment(
            _("Scheduled from the list.")
            if scheduled and not published
            else _("Published from the list.")
            if published and not scheduled
            else _("Published or scheduled from the list.")
        )
        if published:
            self.message_user(
                request,
                self._count_message(_("%(count)d %(items)s published"), published),
                messages.SUCCESS,
            )
        if scheduled:
            self.message_user(
                request,
                self._count_message(
                    _("%(count)d %(items)s scheduled for their publication time"), scheduled
                ),
                messages.SUCCESS,
            )
        for item, reasons in refused:
            self.message_user(
                request,
                _("“%(item)s” was not published: %(reasons)s")
                % {"item": item, "reasons": " ".join(map(str, reasons))},
                messages.WARNING,
            )
        if not (ready or refused):
            self.message_user(
                request,
                capfirst(
                    _("The selected %(items)s are published already.")
                    % {"items": self.opts.verbose_name_plural}
                ),
                messages.INFO,
            )

    @admin.action(
        description=gettext_lazy("Unpublish selected %(verbose_name_plural)s (back to draft)"),
        permissions=["publish"],
    )
    def unpublish_selected(self, request, queryset):
        items = list(queryset.filter(status=Status.PUBLISHED))
        self._change_publication(request, items, self.model.unpublish)
        reversion.set_comment(_("Unpublished from the list."))
        self.message_user(
            request,
            self._count_message(
                _("%(count)d %(items)s taken off the site and back to draft"), len(items)
            ),
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
        """Restore one revision: GET shows what restoring would change, with the
        button; POST restores it.

        Replaces VersionAdmin's view, which writes the old revision back whole
        (the publication state and the view count included) and only then
        checks permissions. Here restoring is an edit: the same permission and
        version checks, validated, saved as one new revision "Dipulihkan dari
        revisi …" and audited as a restore. It brings back the content only
        (revisions.restored_fields()): it never publishes nor unpublishes.
        """
        obj = self.editable_or_404(request, object_id)
        version = get_object_or_404(
            Version.objects.get_for_object(obj).select_related("revision__user"),
            pk=version_id,
        )
        history = reverse(f"{self.admin_site.name}:{self._url_name('history')}", args=[obj.pk])
        if request.method == "POST":
            self._restore(request, obj, version)
            return HttpResponseRedirect(history)
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET", "POST"])
        latest = Version.objects.get_for_object(obj).select_related("revision__user").first()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "title": _("Restore “%(article)s”") % {"article": obj},
            "version": version,
            "form": CurrentVersionForm(item=obj),
            "changes": revisions.compare(latest, version) if latest != version else [],
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/publishing/revision_restore.html", context)

    def _restore(self, request, obj, version):
        when = date_and_time(version.revision.date_created)
        with transaction.atomic():
            current = self.model.objects.select_for_update(of=("self",)).get(pk=obj.pk)
            form = CurrentVersionForm(request.POST, item=current)
            if not form.is_valid():
                for error in form.errors.get("version", []):
                    self.message_user(request, error, messages.ERROR)
                return
            relations = revisions.restore(current, version)
            try:
                current.full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                self.message_user(
                    request,
                    _("The revision of %(when)s cannot be restored: %(reasons)s")
                    % {"when": when, "reasons": " ".join(error.messages)},
                    messages.ERROR,
                )
                return
            comment = _("Restored from the revision of %(when)s") % {"when": when}
            with self.create_revision(request):
                current.version += 1
                current.updated_by = request.user
                current.save()
                for name, values in relations.items():
                    getattr(current, name).set(values)
                if relations:
                    reversion.add_to_revision(current)  # with its tags and links as restored
                self.log_change(request, current, comment)
            audit.record(request.user, AuditEvent.Action.RESTORE, current, when)
        self.message_user(
            request,
            capfirst(
                _("%(type)s restored from the revision of %(when)s")
                % {"type": self.opts.verbose_name, "when": when}
            ),
            messages.SUCCESS,
        )

    # --- Review: back to the writer, with a note -----------------------------

    def send_back_view(self, request, object_id):
        """An editor sends an item in review back to its writer: a draft again, with a
        note the writer reads at the top of its form. A revision, a review note
        and an audit event, in one transaction."""
        obj = self.editable_or_404(request, object_id)
        if not self.has_publish_permission(request):
            raise PermissionDenied
        change_url = reverse(f"{self.admin_site.name}:{self._url_name('change')}", args=[obj.pk])
        if obj.status != Status.REVIEW:
            self.message_user(
                request,
                capfirst(
                    _("This %(type)s is not waiting for review: there is nothing to send back.")
                    % {"type": self.opts.verbose_name}
                ),
                messages.WARNING,
            )
            return HttpResponseRedirect(change_url)
        form = SendBackForm(item=obj)
        if request.method == "POST":
            with transaction.atomic():
                current = self.model.objects.select_for_update(of=("self",)).get(pk=obj.pk)
                form = SendBackForm(request.POST, item=current)
                if form.is_valid():
                    self._send_back(request, current, form.cleaned_data["note"])
                    return HttpResponseRedirect(
                        reverse(f"{self.admin_site.name}:{self._url_name('changelist')}")
                        + f"?{StateFilter.parameter_name}={STATE_PARAMETERS[State.REVIEW]}"
                    )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "title": _("Send “%(article)s” back to the writer") % {"article": obj},
            "form": form,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/publishing/send_back.html", context)

    def _send_back(self, request, obj, note):
        obj.withdraw()
        obj.version += 1
        obj.updated_by = request.user
        with self.create_revision(request):
            obj.save()
            self.log_change(request, obj, _("Sent back to the writer"))
        ReviewNote.objects.create(
            item=obj, kind=ReviewNote.Kind.SENT_BACK, text=note, author=request.user
        )
        audit.record(request.user, AuditEvent.Action.SEND_BACK, obj, note)
        self.message_user(
            request,
            capfirst(_("%(type)s sent back to the writer") % {"type": self.opts.verbose_name}),
            messages.SUCCESS,
        )

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
