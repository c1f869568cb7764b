"""Send the task queue again what is still waiting (publishing/processing.py).

Work saved while the broker was down stays "menunggu"; a worker sends it again
when it starts, and this does the same by hand (after restoring a backup, or
from a timer). `--failed` also tries again what failed, once its cause (a
missing Tesseract, say) is fixed.
"""

from django.core.management.base import BaseCommand

from kpu_site.celery import app
from publishing.processing import ProcessingStatus, mark_pending, processing_tasks, requeue_pending


class Command(BaseCommand):
    help = "Send pending processing work (document files, cover renditions) to the task queue."

    def add_arguments(self, parser):
        parser.add_argument(
            "--failed", action="store_true", help="Also try again the work that failed."
        )

    def handle(self, *args, **options):
        if options["failed"]:
            for task in processing_tasks(app):
                model = task.model()
                if model is not None:
                    failed = model.objects.filter(processing_status=ProcessingStatus.FAILED)
                    for pk in failed.values_list("pk", flat=True):
                        mark_pending(model, pk)
        for name, sent in requeue_pending(app).items():
            self.stdout.write(f"{name}: {sent} sent")
