"""What the article template needs, for the public page and the staff preview alike.

Its own module so that the admin's preview (news/admin.py) need not import the
public views.
"""

from django.templatetags.static import static

from . import renditions
from .body_images import render_body
from .breadcrumbs import HOME_CRUMB, NEWS_CRUMB, crumb
from .sharing import share_links
from .structured_data import news_article


def article_context(request, article):
    """Everything the article template needs but the related news and the menu.

    `article` comes with its author and division selected and with_tag_list().
    """
    url = request.build_absolute_uri(article.get_absolute_url())
    # The 1200×630 share rendition; the original cover until it exists.
    share_image = renditions.share_image_url(article) or (
        article.cover.url if article.cover else static("img/share-default.png")
    )
    image_url = request.build_absolute_uri(share_image)
    return {
        "article": article,
        # Library pictures as responsive <picture>s: one query when there are any.
        "body_html": render_body(article.body),
        "breadcrumbs": [
            HOME_CRUMB,
            NEWS_CRUMB,
            crumb(article.division.name, article.division.get_absolute_url()),
            crumb(article.title),
        ],
        "canonical_url": url,
        "share_image_url": image_url,
        "share_links": share_links(url, article.title),
        "structured_data": news_article(
            article,
            url=url,
            image_url=image_url,
            author_url=request.build_absolute_uri(article.author.get_absolute_url()),
        ),
    }
