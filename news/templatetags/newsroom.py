"""Template tags for the admin (the newsroom)."""

from django import template

from news.models import Article

register = template.Library()


@register.inclusion_tag("admin/news/review_queue.html", takes_context=True)
def review_queue(context):
    """How many articles wait for an editor; one COUNT query, for publishers only."""
    user = context["request"].user
    if not user.has_perm(Article.permission("publish")):
        return {"waiting": None}
    return {"waiting": Article.objects.waiting_for_review().count()}
