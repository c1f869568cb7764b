"""The task queue's work on library pictures: the renditions of a new upload.

store_upload() queues `make_library_renditions` once the picture's row
commits; until the worker has made them, bodies print the picture as it was
uploaded (re-encoded by news/images.py: never larger than its limits), since
media_library.renditions.picture() finds no renditions. The library's list and
form show where they stand (MediaImage.processing_label()).
"""

from celery import shared_task
from django.db import transaction

from news.tasks import RETRIED, check_picture, make_with_status
from publishing import page_cache
from publishing.processing import ProcessingTask, finish_processing

from .models import MediaImage
from .renditions import make_renditions


@shared_task(base=ProcessingTask, processed_model="media_library.MediaImage", **RETRIED)
def make_library_renditions(self, image_id):
    """Make the picture's renditions and store them with its status."""
    make_with_status(self, MediaImage, image_id, lambda: make_and_store(image_id))


def make_and_store(image_id):
    image = MediaImage.objects.filter(pk=image_id).first()
    if image is None:
        return  # deleted meanwhile
    check_picture(image.file)
    finish_processing(MediaImage, image_id, renditions=make_renditions(image))
    # Bodies print it as a <picture> from now on: cached pages are drawn again.
    transaction.on_commit(page_cache.invalidate_now)
