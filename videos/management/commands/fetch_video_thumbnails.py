"""Try again, now, every video without a thumbnail (after the network came back)."""

from django.core.management.base import BaseCommand

from videos.fetch import fetch
from videos.models import Video


class Command(BaseCommand):
    help = "Fetch the thumbnail and title of every embedded video that has no thumbnail yet."

    def handle(self, *args, **options):
        for video in Video.objects.filter(thumbnail=""):
            fetch(video)
            outcome = video.failure or "ok"
            self.stdout.write(f"{video.video_id}: {outcome}")
