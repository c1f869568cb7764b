from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kpu_site.formatting import date_and_time

from .models import Status


class VersionCheckedForm(forms.ModelForm):
    """The admin form of a publishable type: it refuses a save based on an outdated copy.

    `version` carries the item's version from when the form was opened.
    clean() locks the item's row (SELECT … FOR UPDATE) and compares: if
    another save raised it since, this one is refused and nothing is written.
    Otherwise the instance gets the next version, and the lock holds until the
    admin's transaction commits the save: check and increment are one atomic
    step, so of two simultaneous saves the second always sees the first.
    Validate this form inside a transaction, as the admin's change view does.
    A POST without `version` (a page opened before it existed) is not checked.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version

    def publishes(self):
        """Whether saving leaves the item published (or scheduled): the status chosen,
        or the admin's "Save and publish" button."""
        return self.instance.status == Status.PUBLISHED or "_publish" in self.data

    def _post_clean(self):
        # The instance holds the form's values only from here on: what stops it
        # from being published is asked of them, and shown above the form, which
        # keeps everything typed.
        super()._post_clean()
        if self.publishes():
            for reason in self.instance.publication_errors():
                self.add_error(None, not_published_error(self.instance, reason))

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None:
            return cleaned_data
        model = type(self.instance)
        current = (
            model.objects.select_for_update(of=("self",))
            .select_related("updated_by")
            .filter(pk=self.instance.pk)
            .first()
        )
        if current is None:
            raise forms.ValidationError(
                _("This %(type)s was deleted while you were editing it."),
                code="deleted",
                params={"type": model._meta.verbose_name},
            )
        seen = cleaned_data.get("version")
        if seen is not None and seen != current.version:
            # Refused once: saving again is a deliberate overwrite (the other
            # person's text stays in the history).
            self.data = self.data.copy()
            self.data[self.add_prefix("version")] = current.version
            raise forms.ValidationError(
                _(
                    "This %(type)s was changed by %(name)s on %(when)s while you were "
                    "editing it. Nothing was saved: your text is still in the form below. "
                    "Their change is under History; saving again will overwrite it."
                ),
                code="conflict",
                params={
                    "type": model._meta.verbose_name,
                    "name": _editor_name(current.updated_by),
                    "when": date_and_time(current.updated_at),
                },
            )
        self.instance.version = current.version + 1
        # The save writes every column, and the page loaded the item before this
        # lock: what changed outside saves since then (readers counted) stays.
        for name in model.kept_on_save:
            setattr(self.instance, name, getattr(current, name))
        return cleaned_data


def not_published_error(item, reason):
    return capfirst(
        _("%(type)s not published: %(reason)s")
        % {"type": item._meta.verbose_name, "reason": reason}
    )


class CurrentVersionForm(forms.Form):
    """A form acting on an item as it was when the page was opened (send back,
    restore): refused if the item was saved since. Give it the item's row,
    locked (SELECT … FOR UPDATE), as `item`."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields["version"].initial = item.version

    def clean_version(self):
        seen = self.cleaned_data["version"]
        if seen != self.item.version:
            self.data = self.data.copy()
            self.data[self.add_prefix("version")] = self.item.version
            raise forms.ValidationError(
                _(
                    "This %(type)s was changed by %(name)s on %(when)s since you opened "
                    "this page. Nothing was done: look at their change, then try again."
                ),
                code="conflict",
                params={
                    "type": self.item._meta.verbose_name,
                    "name": _editor_name(self.item.updated_by),
                    "when": date_and_time(self.item.updated_at),
                },
            )
        return seen


class SendBackForm(CurrentVersionForm):
    note = forms.CharField(
        label=_("Note for the writer"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What should change before it can be published. The writer sees it."),
    )


def _editor_name(user):
    if user is None:
        return _("someone else")
    return user.get_full_name() or user.get_username()
