"""Putting an uploaded picture into the library: checked, re-encoded, then resized
by the task queue."""

from pathlib import PurePath

from django.core.files.storage import default_storage

from news.images import reencode_image
from publishing.processing import queue_on_commit

from .models import MediaImage, upload_to
from .renditions import delete_files
from .tasks import make_library_renditions


def store_upload(upload, user) -> MediaImage:
    """Re-encode `upload` (news/images.py: size and pixel limits, EXIF stripped),
    keep it, and queue its renditions. Raises ValidationError for what is not a
    picture.

    The writer gets the picture's address at once: pages print the re-encoded
    upload itself until a worker has made the renditions (media_library/tasks.py).
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
        image.save()
    except BaseException:
        delete_files(image)
        raise
    queue_on_commit(make_library_renditions, image.pk)
    return image
