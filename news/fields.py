from django_ckeditor_5.fields import CKEditor5Field

from .sanitize import clean_html


class SanitizedRichTextField(CKEditor5Field):
    """CKEditor 5 rich text, sanitised on every save (admin, shell, commands, bulk_create)."""

    def pre_save(self, model_instance, add):
        cleaned = clean_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, cleaned)
        return cleaned
