from django import forms

from .images import reencode_image


class ReencodedImageField(forms.FileField):
    """An image upload that is checked and written anew by Pillow (news/images.py).

    Replaces forms.ImageField, whose one generic message would hide why a file
    was refused (too large, too many pixels, not a picture).
    """

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return reencode_image(upload)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs.setdefault("accept", "image/jpeg,image/png,image/webp,image/gif")
        return attrs
