"""(Re)make the responsive copies of article covers (news/renditions.py).

Covers saved through the admin get theirs from the task queue (news/tasks.py),
the demo loader's at once; this is for the rest: articles from before
renditions existed, a cover changed outside the admin, or new widths or
quality (`--all`).
"""

from django.core.management.base import BaseCommand, CommandError

from news.models import Article
from news.renditions import is_current, make_cover_renditions


class Command(BaseCommand):
    help = "Make cover renditions for articles whose renditions are missing or stale."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="Remake the renditions of every article with a cover, current or not.",
        )

    def handle(self, *args, **options):
        articles = (
            Article.objects.exclude(cover="")
            .only("pk", "slug", "cover", "cover_width", "cover_height", "cover_renditions")
            .order_by("pk")
        )
        made = current = 0
        failed = []
        # Staleness is a comparison inside the JSON: simpler read here than in SQL.
        for article in articles.iterator(chunk_size=200):
            if not options["all"] and is_current(article):
                current += 1
                continue
            try:
                make_cover_renditions(article)
            except OSError as error:  # a cover file missing or unreadable
                failed.append(article.slug)
                self.stderr.write(f"{article.slug}: {error}")
                continue
            made += 1
        self.stdout.write(f"Cover renditions made for {made} articles ({current} up to date).")
        if failed:
            raise CommandError(f"{len(failed)} covers could not be read: {', '.join(failed)}")
