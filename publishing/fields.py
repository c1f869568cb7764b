import functools
import operator

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django_ckeditor_5.fields import CKEditor5Field
from django_ckeditor_5.widgets import CKEditor5Widget

from .sanitize import clean_html


class RichTextWidget(CKEditor5Widget):
    # CKEditor hides the textarea; a `required` attribute on it would make the
    # browser block the submit with no visible message. The server checks instead.
    def use_required_attribute(self, initial):
        return False


class SanitizedRichTextField(CKEditor5Field):
    """CKEditor 5 rich text, sanitised on every save (admin, shell, commands, bulk_create)."""

    def formfield(self, **kwargs):
        return super().formfield(widget=RichTextWidget(config_name=self.config_name), **kwargs)

    def pre_save(self, model_instance, add):
        cleaned = clean_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, cleaned)
        return cleaned

    def validate(self, value, model_instance):
        # What the editor sends for an empty document ("<p>&nbsp;</p>") is empty too.
        if not self.blank and self._is_empty_html(value):
            value = ""
        super().validate(value, model_instance)


# The fields of stored_vector()s that a model with a rank_vector has: only ever
# searched, never shown, and left unread by every page.
SEARCH_VECTORS = ("search_vector", "rank_vector")


def stored_vector(**weights):
    """The site search's words of some fields (search/engine.py), kept by PostgreSQL
    itself, so that no save path can forget them: each field at its weight ("A"
    ranks highest), stemmed by the `indonesian` configuration ("menyuarakan" →
    "suara") and as written, by `simple` (the stemmer mangles some words)."""
    parts = [
        SearchVector(field, config=config, weight=weight)
        for field, weight in weights.items()
        for config in ("indonesian", "simple")
    ]
    return models.GeneratedField(
        expression=functools.reduce(operator.add, parts),
        output_field=SearchVectorField(),
        db_persist=True,
    )
