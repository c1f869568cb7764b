"""Corrections in the admin: the writer's proposal form on their published item,
and the editors' queue and decision page.

- CorrectionsMixin (a base of publishing.admin.PublishableAdmin, so every
  publishable type has it) adds the proposal form at <item>/correction/, a
  panel on the item's change page (the writer's button and their last
  outcome; for editors, the corrections waiting) and, for editors, a list
  filter "correction waiting" on the item's list.
- CorrectionAdmin is the queue (waiting first) and the decision page: the live
  version against the proposal, word by word, and "publish" or "reject with a note".

Every view checks on the server: a writer proposes only for published items
they created and opens only their own proposals; only those with the `publish`
permission of the item's type decide.
"""

import copy

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import audit
from accounts.models import AuditEvent
from kpu_site.formatting import date_and_time
from publishing.models import Status

from . import values
from .models import Correction, State


def _name(user):
    if user is None:
        return _("someone else")
    return user.get_full_name() or user.get_username()


def _change_url(admin_site, item):
    opts = item._meta
    return reverse(f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=[item.pk])


class PendingCorrectionFilter(admin.SimpleListFilter):
    """Editors: the items of this list with a correction waiting, and how many."""

    title = gettext_lazy("correction")
    parameter_name = "koreksi"

    def lookups(self, request, model_admin):
        waiting = _waiting_for(model_admin.model).values("object_id").distinct().count()
        return [("menunggu", _("Waiting for review (%(count)d)") % {"count": waiting})]

    def queryset(self, request, queryset):
        if self.value() == "menunggu":
            return queryset.filter(pk__in=_waiting_for(queryset.model).values("object_id"))
        return queryset


def _waiting_for(model):
    return Correction.objects.pending().filter(
        content_type=ContentType.objects.get_for_model(model)
    )


class CorrectionsMixin:
    """The writer's side of corrections, on the admin of every publishable type."""

    def _may_publish(self, request):
        return request.user.has_perm(self.model.permission("publish"))

    def get_urls(self):
        opts = self.model._meta
        propose = path(
            "<path:object_id>/correction/",
            self.admin_site.admin_view(self.propose_correction_view),
            name=f"{opts.app_label}_{opts.model_name}_correction",
        )
        return [propose, *super().get_urls()]

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if self._may_publish(request):
            filters.append(PendingCorrectionFilter)
        return filters

    def may_propose_correction(self, request, item):
        """Only for a published (or scheduled) item of their own that they may no
        longer edit: everyone else edits directly, or has no business here."""
        return (
            item.created_by_id == request.user.pk
            and item.status == Status.PUBLISHED
            and not item.can_be_edited_by(request.user)
            and self.has_view_permission(request, item)
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["correction_panel"] = self._correction_panel(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _correction_panel(self, request, item):
        """What the item's change page says about corrections (one or two queries)."""
        panel = {}
        if self.may_propose_correction(request, item):
            opts = self.model._meta
            panel["propose_url"] = reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_correction",
                args=[item.pk],
            )
            panel["own"] = (
                Correction.objects.pending().about(item).filter(proposed_by=request.user).first()
            )
        if self._may_publish(request):
            panel["waiting"] = list(
                Correction.objects.pending().about(item).select_related("proposed_by")
            )
        return panel

    def _correction_fieldsets(self, request, item):
        """The change form's fieldsets, with only the fields a correction may change."""
        corrected = {field.name for field in values.corrected_fields(self.model)}
        corrected -= set(self.get_readonly_fields(request, item))
        fieldsets = []
        for name, options in self.get_fieldsets(request, item):
            kept = [
                entry
                for entry in options["fields"]
                if (set(entry) if isinstance(entry, list | tuple) else {entry}) <= corrected
            ]
            if kept:
                fieldsets.append((name, {**options, "fields": kept}))
        return fieldsets

    def propose_correction_view(self, request, object_id):
        """The writer's correction of their published item: the change form's
        widgets with only the correctable fields, filled with the live values
        (or their proposal still waiting). Saving keeps the changed values as a
        Correction; the item and its public page stay as they are."""
        # Through get_queryset: a writer finds only their own items.
        item = self.get_object(request, unquote(object_id))
        if item is None:
            raise Http404
        if item.can_be_edited_by(request.user):
            return HttpResponseRedirect(_change_url(self.admin_site, item))
        if not self.may_propose_correction(request, item):
            raise PermissionDenied
        fieldsets = self._correction_fieldsets(request, item)
        names = flatten_fieldsets(fieldsets)
        fields = [field for field in values.corrected_fields(self.model) if field.name in names]
        live = {field.name: values.live_value(item, field) for field in fields}
        waiting = Correction.objects.pending().about(item).filter(proposed_by=request.user).first()
        shown = {**live, **(waiting.proposed if waiting else {})}
        # change=False: Django would leave out every field of an item the user may not change.
        form_class = self.get_form(request, item, change=False, fields=names, form=forms.ModelForm)
        if request.method == "POST":
            # A copy: validating puts the values on the instance, and the live
            # item is what the audit record names.
            form = form_class(request.POST, instance=copy.copy(item))
            if form.is_valid():
                proposed = {
                    field.name: values.cleaned_value(field, form.cleaned_data[field.name])
                    for field in fields
                }
                changed = {name: value for name, value in proposed.items() if value != live[name]}
                # What would stop the editor from publishing the values (on the
                # form's instance) is better said to the writer now.
                errors = form.instance.publication_errors()
                for error in errors:
                    form.add_error(None, error)
                if changed and not errors:
                    Correction.propose(item, by=request.user, values=changed)
                    self.message_user(
                        request,
                        _(
                            "Correction sent; the public page stays as it is "
                            "until an editor publishes it."
                        ),
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(_change_url(self.admin_site, item))
                if not changed:
                    form.add_error(
                        None,
                        _("Nothing differs from the published version: there is nothing to send."),
                    )
        else:
            initial = {field.name: values.form_value(field, shown[field.name]) for field in fields}
            form = form_class(instance=item, initial=initial)
        adminform = helpers.AdminForm(form, fieldsets, {}, model_admin=self)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Propose a correction to “%(item)s”") % {"item": item},
            "subtitle": None,
            "opts": self.model._meta,
            "object": item,
            "adminform": adminform,
            "errors": helpers.AdminErrorList(form, []),
            "media": self.media + adminform.media,
            "waiting": waiting,
            "change_url": _change_url(self.admin_site, item),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/corrections/propose.html", context)


class StateFilter(admin.SimpleListFilter):
    """By state, those waiting unless asked otherwise: the list is the review queue."""

    title = gettext_lazy("state")
    parameter_name = "keadaan"
    ALL = "semua"

    def lookups(self, request, model_admin):
        return [*State.choices, (self.ALL, _("All"))]

    def value(self):
        return super().value() or State.PENDING

    @classmethod
    def shows_waiting(cls, request):
        return request.GET.get(cls.parameter_name, State.PENDING) == State.PENDING

    def queryset(self, request, queryset):
        if self.value() == self.ALL:
            return queryset
        return queryset.filter(state=self.value())

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


class RejectForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Note to the writer"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": gettext_lazy("Tell the writer why it is rejected.")},
    )


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["item_title", "item_type", "proposed_by", "updated_at"]
    list_display_links = ["item_title"]
    list_filter = [StateFilter]

    def get_list_display(self, request):
        if StateFilter.shows_waiting(request):
            return self.list_display
        return [*self.list_display, "state", "decided_by", "note_text"]

    def get_queryset(self, request):
        # The item of each row in one query per type (GenericForeignKey prefetch).
        return (
            super()
            .get_queryset(request)
            .visible_to(request.user)
            .select_related("content_type", "proposed_by", "decided_by", "note")
            .prefetch_related("item")
        )

    def has_add_permission(self, request):
        return False  # proposed from the item's own page

    def has_delete_permission(self, request, obj=None):
        return False  # a record of what was decided

    def has_change_permission(self, request, obj=None):
        """Deciding: the corrections permission, and publishing the item's type."""
        if not super().has_change_permission(request, obj):
            return False
        if obj is None:
            return True
        model = obj.content_type.model_class()
        return (
            obj.is_pending()
            and model is not None
            and request.user.has_perm(model.permission("publish"))
        )

    @admin.display(description=gettext_lazy("item"))
    def item_title(self, obj):
        return str(obj.item) if obj.item is not None else "—"

    @admin.display(description=gettext_lazy("type"), ordering="content_type")
    def item_type(self, obj):
        return obj.content_type.name

    @admin.display(description=gettext_lazy("note"))
    def note_text(self, obj):
        return obj.note.text if obj.note else ""

    def changelist_view(self, request, extra_context=None):
        title = _("Corrections waiting") if StateFilter.shows_waiting(request) else _("Corrections")
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The decision page: the live version against the proposal, word by word."""
        correction = self.get_object(request, unquote(object_id))
        if correction is None:
            raise Http404
        if not self.has_view_or_change_permission(request, correction):
            raise PermissionDenied
        item = correction.item
        if item is None:
            raise Http404
        may_decide = self.has_change_permission(request, correction)
        reject_form = RejectForm()
        publish_errors = []
        if request.method == "POST":
            if not may_decide:
                raise PermissionDenied
            if "_reject" in request.POST:
                reject_form = RejectForm(request.POST)
                if reject_form.is_valid():
                    return self._reject(request, correction, item, reject_form.cleaned_data["text"])
            elif "_publish_correction" in request.POST:
                response, publish_errors = self._publish(request, correction)
                if response is not None:
                    return response
                item.refresh_from_db()
        model = type(item)
        fields = values.corrected_fields(model)
        live = {
            field.name: values.live_value(item, field)
            for field in fields
            if field.name in correction.proposed
        }
        context = {
            **self.admin_site.each_context(request),
            "title": _("Correction to “%(item)s”") % {"item": item},
            "subtitle": None,
            "opts": self.opts,
            "correction": correction,
            "item": item,
            "item_opts": model._meta,
            "item_url": _change_url(self.admin_site, item),
            "live_url": item.get_absolute_url() if item.is_published() else None,
            "changes": values.changes(model, live, correction.proposed),
            "stale": correction.is_stale(item),
            "changed_by": _name(item.updated_by),
            "changed_at": date_and_time(item.updated_at),
            "may_decide": may_decide,
            "reject_form": reject_form,
            "publish_errors": publish_errors,
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/corrections/correction.html", context)

    def _locked_pending(self, correction):
        """The correction, locked, if still waiting (another editor may have decided)."""
        return (
            Correction.objects.select_for_update(of=("self",))
            .filter(pk=correction.pk, state=State.PENDING)
            .first()
        )

    def _already_decided(self, request):
        self.message_user(
            request, _("This correction was already decided by someone else."), messages.WARNING
        )
        return HttpResponseRedirect(request.path)

    def _reject(self, request, correction, item, text):
        with transaction.atomic():
            correction = self._locked_pending(correction)
            if correction is None:
                return self._already_decided(request)
            correction.reject(by=request.user, text=text, item=item)
        self.message_user(
            request, _("Correction rejected; the writer sees your note."), messages.SUCCESS
        )
        return HttpResponseRedirect(
            reverse(f"{self.admin_site.name}:corrections_correction_changelist")
        )

    def _publish(self, request, correction):
        """Apply the proposal through the item's own admin form (validation,
        sanitising, version), as a revision. (response, errors): a redirect when
        done, else None and what stopped it, with nothing saved."""
        model = correction.content_type.model_class()
        item_admin = self.admin_site._registry[model]
        fields = [
            field for field in values.corrected_fields(model) if field.name in correction.proposed
        ]
        with transaction.atomic():
            correction = self._locked_pending(correction)
            if correction is None:
                return self._already_decided(request), []
            item = model.objects.select_for_update(of=("self",)).get(pk=correction.object_id)
            # What the editor compared: the item and the proposal as they stood.
            if str(item.version) != request.POST.get("version"):
                return None, [
                    _(
                        "The %(type)s changed while you were comparing: nothing was "
                        "published. Compare again below."
                    )
                    % {"type": model._meta.verbose_name}
                ]
            if correction.updated_at.isoformat() != request.POST.get("proposal"):
                return None, [
                    _(
                        "The writer changed the correction while you were comparing: "
                        "nothing was published. Compare again below."
                    )
                ]
            form_class = item_admin.get_form(
                request, item, change=False, fields=[field.name for field in fields]
            )
            data = {
                field.name: values.form_value(field, correction.proposed[field.name])
                for field in fields
            }
            form = form_class(data, instance=item)
            if not form.is_valid():
                return None, _form_errors(form)
            errors = item.publication_errors()
            if errors:
                return None, errors
            writer = _name(correction.proposed_by)
            with reversion.create_revision():
                item = form.save(commit=False)
                item.updated_by = request.user
                item.save()
                form.save_m2m()
                reversion.set_user(request.user)
                reversion.set_comment(_("Correction by %(writer)s published.") % {"writer": writer})
            correction.decide(State.PUBLISHED, by=request.user)
            audit.record(
                request.user,
                AuditEvent.Action.CORRECTION_PUBLISH,
                item,
                ", ".join(correction.proposed),
            )
        self.message_user(
            request, _("Correction published; the public page shows it now."), messages.SUCCESS
        )
        return HttpResponseRedirect(_change_url(self.admin_site, item)), []


def _form_errors(form):
    """The item form's errors as sentences naming their field, for the decision page."""
    return [
        f"{form.fields[name].label}: {error}" if name in form.fields else error
        for name, errors in form.errors.items()
        for error in errors
    ]
