"""Refusing an oversized upload before it reaches memory or the disk.

Django's own handlers keep a small upload in memory and write a large one to a
temporary file, whatever its size: a 50 MB "picture" would be written out in
full before `validate_image` (news/images.py) could say it is too large.
`MaxSizeUploadHandler` goes first in FILE_UPLOAD_HANDLERS and looks at the
request's Content-Length: a body too large to hold one allowed file (a picture,
or in the documents' admin a document) and the form's other fields has its
files counted and dropped as they stream in. Each
such file reaches the form as a `RefusedUpload` that has only a name and a
size, so the usual validation answers with its usual message ("too large"),
and the form's other fields come through, so the page shows that message
next to the field.
"""

from io import BytesIO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers


class RefusedUpload(UploadedFile):
    """A file that was not kept: its name and its size in bytes, no content."""

    def __init__(self, name, content_type, size, charset=None, content_type_extra=None):
        super().__init__(BytesIO(), name, content_type, size, charset, content_type_extra)


class MaxSizeUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.refusing = False

    def request_limit(self):
        """The largest body that can carry an allowed file: a picture, or a
        document file (documents/forms.py) in the documents' admin.

        Form fields other than files are capped by DATA_UPLOAD_MAX_MEMORY_SIZE
        (Django refuses a request beyond it), so a larger body holds files over
        the limit. Read at request time: tests change the settings.
        """
        largest = settings.IMAGE_UPLOAD_MAX_BYTES
        if self.request is not None and self.request.path.startswith(
            f"/{settings.ADMIN_URL}documents/"
        ):
            largest = max(largest, settings.DOCUMENT_MAX_UPLOAD_BYTES)
        return largest + (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # A chunked request has no Content-Length; the WSGI servers we run behind
        # (gunicorn, nginx) send one, and Django reads no body without it.
        self.refusing = content_length is not None and content_length > self.request_limit()

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if self.refusing:
            # The memory and temporary-file handlers are not told about this file.
            raise StopFutureHandlers

    def receive_data_chunk(self, raw_data, start):
        # None: the chunk goes no further (counted by the parser, then discarded).
        return None if self.refusing else raw_data

    def file_complete(self, file_size):
        if not self.refusing:
            return None
        return RefusedUpload(
            self.file_name,
            self.content_type,
            file_size,
            self.charset,
            self.content_type_extra,
        )
