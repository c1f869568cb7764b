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
