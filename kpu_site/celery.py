"""The task queue: Celery, with the Redis the site already runs as its broker.

Work that takes seconds (reading text out of PDFs, OCR of scans, drawing a
document's first page, picture renditions) runs in a worker
(`celery -A kpu_site worker`, started by `make run`), never in a request.
Each app's tasks live in its own `tasks.py`; autodiscover_tasks() finds them.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kpu_site.settings.development")

app = Celery("kpu_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
