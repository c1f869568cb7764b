"""Where document files and their previews live: settings.DOCUMENTS_ROOT,
outside MEDIA_ROOT, with no base URL. No web server serves them by path; only
documents/views.py does, after asking whether the document is public."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.signals import setting_changed
from django.utils.functional import LazyObject, empty


class _PrivateFileSystemStorage(FileSystemStorage):
    def url(self, name):
        # Django would fall back to MEDIA_URL: a document file has no address.
        raise ValueError("Document files have no URL; documents/views.py serves them.")


class _DocumentStorage(LazyObject):
    def _setup(self):
        self._wrapped = _PrivateFileSystemStorage(location=settings.DOCUMENTS_ROOT)


document_storage = _DocumentStorage()


def storage():
    """The FileField's storage, named by the migrations as a callable."""
    return document_storage


def _forget_location(*, setting, **kwargs):
    # Tests move DOCUMENTS_ROOT per test (tests/conftest.py).
    if setting == "DOCUMENTS_ROOT":
        document_storage._wrapped = empty


setting_changed.connect(_forget_location)
