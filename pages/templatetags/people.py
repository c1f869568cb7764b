"""{% person_photo %}: a person's photo as the same responsive <picture> as covers."""

from django import template

from news import renditions
from news.cards import picture_html

register = template.Library()


@register.simple_tag
def person_photo(person, sizes, loading="lazy", css_class=""):
    """WebP and JPEG srcsets from person.photo_renditions: no query, no file access.

    The alt text is empty: the name is printed right beside the photo, and a
    screen reader would otherwise read it twice. Prints nothing without a photo.
    """
    return picture_html(
        renditions.cover_picture(person, field="photo"),
        "",
        sizes,
        loading=loading,
        css_class=css_class,
    )
