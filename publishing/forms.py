from django import forms
from django.utils.translation import gettext_lazy as _

from kpu_site.formatting import date_and_time


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


def _editor_name(user):
    if user is None:
        return _("someone else")
    return user.get_full_name() or user.get_username()
