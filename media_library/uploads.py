"""Putting an uploaded picture into the library: checked, re-encoded, resized."""

from pathlib import PurePath

from django.core.files.storage import default_storage

from news.images import reencode_image

from .models import MediaImage, upload_to
from .renditions import delete_files, make_renditions


def store_upload(upload, user) -> MediaImage:
    """Re-encode `upload` (news/images.py: size and pixel limits, EXIF stripped) and
    keep it with its renditions. Raises ValidationError for what is not a picture.

    The renditions are made here, in the request, as a cover's are: the writer
    waits a moment once, and every page that shows the picture finds them ready.
    """
    content = reencode_image(upload)
    image = MediaImage(
        original_name=PurePath(upload.name or content.name).name[:255],
        size=content.size,
        uploaded_by=user,
    )
    # Saved by name, as the storage gives it back: FileField.save() would also
    # rewrite the name (spaces to underscores) that the writer recognises.
    image.file = default_storage.save(upload_to(image, content.name), content)
    try:
        image.renditions = make_renditions(image)
        image.save()
    except BaseException:
        delete_files(image)
        raise
    return image
