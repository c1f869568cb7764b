"""The article admin's change form, as a test posts it."""

from django.utils import timezone
from taggit.utils import edit_string_for_tags


def change_url(article):
    return f"/admin/news/article/{article.pk}/change/"


def article_form_data(article, **overrides):
    """Every field of the form for `article` as it stands, with `overrides` on top."""
    data = {
        "title": article.title,
        "slug": article.slug,
        "lead": article.lead,
        "body": article.body,
        "cover_alt": "",
        "cover_caption": "",
        "division": article.division_id,
        "author": article.author_id,
        "tags": "",
        "status": article.status,
        "published_at_0": "",
        "published_at_1": "",
    }
    data.update(overrides)
    return data


def open_article_form(client, article, url=None):
    """The change form as the browser holds it: every field, the hidden version included."""
    form = client.get(url or change_url(article)).context["adminform"].form
    assert 'type="hidden" name="version"' in str(form["version"])
    data = {
        "title": form["title"].value(),
        "slug": form["slug"].value(),
        "lead": form["lead"].value(),
        "body": form["body"].value(),
        "cover_alt": "",
        "cover_caption": "",
        "division": form["division"].value(),
        "author": form["author"].value(),
        "tags": _tags(form["tags"].value()),
        "status": form["status"].value(),
        "published_at_0": "",
        "published_at_1": "",
        "version": form["version"].value(),
    }
    published_at = "published_at" in form.fields and form["published_at"].value()
    if published_at:
        local = timezone.localtime(published_at)
        data["published_at_0"], data["published_at_1"] = f"{local:%d/%m/%Y}", f"{local:%H:%M:%S}"
    return data


def _tags(value):
    return value if isinstance(value, str) else edit_string_for_tags(value or [])
