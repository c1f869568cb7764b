"""The task queue's work on the office's people: a new photo's renditions.

PersonAdmin queues `make_person_photo_renditions` once a save with a new photo
commits; until the worker has made them, the organisation page shows the photo
as it was uploaded, at its own size (renditions.cover_picture()). The person's
form shows where they stand (Person.processing_label()). The demo loader
(pages/demo.py) makes them at once.
"""

from celery import shared_task

from news.tasks import RETRIED, make_picture_renditions, make_with_status
from publishing.processing import ProcessingTask

from .models import Person


class PhotoRenditionsTask(ProcessingTask):
    processed_model = "pages.Person"

    def pending_pks(self):
        # Without a photo there is nothing to make, whatever the status says.
        return super().pending_pks().exclude(photo="")


@shared_task(base=PhotoRenditionsTask, **RETRIED)
def make_person_photo_renditions(self, person_id):
    """Make (or empty) the person's photo renditions from the photo as saved now."""
    make_with_status(
        self,
        Person,
        person_id,
        lambda: make_picture_renditions(Person, person_id, "photo"),
    )


def photo_label(person) -> str:
    """The photo renditions' state in the admin's words; "" without a photo."""
    return person.processing_label() if person.pk and person.photo else ""
