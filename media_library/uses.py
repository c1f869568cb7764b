"""Which library pictures each article and fixed page shows, kept on every save of its body.

A post_save handler, so that every way an item is saved (the admin, a restore
from history, a command, the shell) keeps the list right; a picture removed
from the body loses its use at once, and the library may then delete it.
QuerySet.update() sends no signal: nothing here writes bodies that way.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from news.body_images import library_names
from news.models import Article
from pages.models import Page

from .models import MediaImage


def record_uses(item) -> None:
    """Make the item's uses exactly the library pictures its body shows."""
    names = library_names(item.body)
    item.media_images.set(MediaImage.objects.filter(file__in=names) if names else [])


@receiver(post_save, sender=Article, dispatch_uid="media-library-uses")
@receiver(post_save, sender=Page, dispatch_uid="media-library-page-uses")
def keep_uses(sender, instance, raw, update_fields, **kwargs):
    if raw:  # loaddata
        return
    if update_fields is not None and "body" not in update_fields:
        return  # a workflow step or the counter: the body is as it was
    record_uses(instance)
