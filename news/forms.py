"""The admin's picture upload: checked, re-encoded, and kept when the form does not save.

A browser never sends a file twice: when a form with a chosen picture fails for
another field (an empty lead, missing alt text), the picture would be lost and
the writer would have to pick it again. So a valid picture from a failed form is
held in a private folder (HELD_UPLOADS_ROOT, outside MEDIA_ROOT and never served),
and the form carries a signed token for it, bound to the user; submitted again
without a new file, the form uses the held picture.
"""

import time
from pathlib import PurePath
from uuid import uuid4

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AdminFileWidget
from django.core import signing
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .images import reencode_image

# Long enough to come back to a form after lunch or a lost session; older held
# pictures are deleted whenever another is held.
HOLD_SECONDS = 24 * 60 * 60


class HeldUpload:
    """A picture held from a failed form: its token, and once checked its name."""

    def __init__(self, token, name=None, initial=None, label=""):
        self.token = token
        self.name = name
        self.initial = initial  # the item's current picture, still shown
        self.label = label

    def __bool__(self):
        return True  # FileField.clean() takes a falsy value for "no upload"


def held_storage():
    # Never asked for a URL: the pictures in it are read back only by this module.
    return FileSystemStorage(
        location=getattr(settings, "HELD_UPLOADS_ROOT", settings.BASE_DIR / "var" / "held-uploads")
    )


def _salt(user):
    return f"news.forms.held-upload.{user.pk}"


def hold(image, user):
    """Keep `image` (re-encoded) for `user`; return the token that gives it back."""
    storage = held_storage()
    forget_expired(storage)
    stored = storage.save(f"{uuid4().hex}{PurePath(image.name).suffix}", image)
    return signing.dumps({"file": stored, "name": image.name}, salt=_salt(user))


def _read_token(token, user):
    try:
        return signing.loads(token, salt=_salt(user), max_age=HOLD_SECONDS)
    except signing.BadSignature:
        return None


def take_back(token, user):
    """The picture `token` holds for `user`, or a ValidationError to pick it again."""
    held = _read_token(token, user)
    try:
        if held is None:
            raise FileNotFoundError
        with held_storage().open(held["file"]) as file:
            return ContentFile(file.read(), name=held["name"])
    except (OSError, SuspiciousFileOperation):
        raise ValidationError(
            _("The photo chosen earlier is no longer available. Choose it again."),
            code="held_upload_gone",
        ) from None


def forget_expired(storage):
    """Delete the held pictures older than HOLD_SECONDS."""
    try:
        _folders, names = storage.listdir("")
    except FileNotFoundError:
        return
    oldest = time.time() - HOLD_SECONDS
    for name in names:
        try:
            if storage.get_modified_time(name).timestamp() < oldest:
                storage.delete(name)
        except FileNotFoundError:
            pass  # another worker deleted it first


def _user_of(form):
    """The user the admin built `form` for, or None.

    ModelAdmin.get_form() gives the form a formfield_callback bound to the request
    (functools.partial); a form made elsewhere has none, and holds no picture.
    """
    callback = getattr(getattr(form, "_meta", None), "formfield_callback", None)
    request = getattr(callback, "keywords", {}).get("request")
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


class HeldImageInput(AdminFileWidget):
    """The admin's file input, plus the picture held from the last attempt."""

    def held_name(self, name):
        return f"{name}-held"

    def value_from_datadict(self, data, files, name):
        upload = super().value_from_datadict(data, files, name)
        token = data.get(self.held_name(name))
        if upload is None and token:
            return HeldUpload(token)
        return upload

    def value_omitted_from_data(self, data, files, name):
        return (
            super().value_omitted_from_data(data, files, name) and self.held_name(name) not in data
        )

    def render(self, name, value, attrs=None, renderer=None):
        if not isinstance(value, HeldUpload):
            return super().render(name, value, attrs, renderer)
        return format_html(
            '{}<p class="held-upload">{}</p><input type="hidden" name="{}" value="{}">',
            super().render(name, value.initial, attrs, renderer),
            value.label,
            self.held_name(name),
            value.token,
        )


class ReencodedImageField(forms.FileField):
    """An image upload that is checked and written anew by Pillow (news/images.py).

    Replaces forms.ImageField, whose one generic message would hide why a file
    was refused (too large, too many pixels, not a picture). In an admin form a
    valid picture outlives a failed save (see the module's docstring).
    """

    def __init__(self, *, widget=None, **kwargs):
        # The admin passes its AdminFileWidget; HeldImageInput is that and the held picture.
        super().__init__(widget=HeldImageInput, **kwargs)
        self.user = None
        self.owner = ""
        # (the upload, its re-encoded picture, its token once held) from this form's clean()
        self._cleaned = None

    def get_bound_field(self, form, field_name):
        # Each form has its own copy of the field: this is this form's user.
        self.user = _user_of(form)
        model = getattr(getattr(form, "_meta", None), "model", None)
        self.owner = model._meta.verbose_name if model else ""
        return super().get_bound_field(form, field_name)

    def to_python(self, data):
        if isinstance(data, HeldUpload):
            if self.user is None:
                return None
            return take_back(data.token, self.user)
        upload = super().to_python(data)
        if upload is None:
            return None
        image = reencode_image(upload)
        self._cleaned = (data, image, None)
        return image

    def bound_data(self, data, initial):
        """What the form shows again after a failed save: a valid picture, held."""
        if self.user is not None:
            if isinstance(data, HeldUpload):
                held = _read_token(data.token, self.user)
                if held is not None:
                    return self._held(data.token, held["name"], initial)
            elif self._cleaned and self._cleaned[0] is data:
                upload, image, token = self._cleaned
                if token is None:  # held once, however often the form is drawn
                    token = hold(image, self.user)
                    self._cleaned = (upload, image, token)
                return self._held(token, image.name, initial)
        return super().bound_data(data, initial)

    def _held(self, token, name, initial):
        label = _("Chosen photo: %(name)s (will be saved with the %(owner)s)") % {
            "name": name,
            "owner": self.owner,
        }
        return HeldUpload(token, name, initial, label)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs.setdefault("accept", "image/jpeg,image/png,image/webp,image/gif")
        return attrs
