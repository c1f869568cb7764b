"""What the article template needs, for the public page and the staff preview alike.

Its own module so that the admin's preview (news/admin.py) need not import the
public views.
"""

from kpu_site.site_url import absolute_url

from .body_images import render_body
from .breadcrumbs import HOME_CRUMB, NEWS_CRUMB, crumb
from .sharing import article_image, share_links
from .structured_data import modified_at, news_article


def article_context(request, article):
    """Everything the article template needs but the related news and the menu.

    `article` comes with its author and division selected and with_tag_list().
    """
    url = absolute_url(article.get_absolute_url(), request)
    # The 1200×630 share rendition; the original cover until it exists.
    share_image = article_image(request, article)
    breadcrumbs = [
        HOME_CRUMB,
        NEWS_CRUMB,
        crumb(article.division.name, article.division.get_absolute_url()),
        crumb(article.title),
    ]
    return {
        "article": article,
        # Library pictures as responsive <picture>s: one query when there are any.
        "body_html": render_body(article.body),
        "breadcrumbs": breadcrumbs,
        "canonical_url": url,
        "modified_at": modified_at(article),
        "share_image": share_image,
        "share_links": share_links(url, article.title),
        "structured_data": news_article(
            request,
            article,
            url=url,
            share_image=share_image,
            author_url=absolute_url(article.author.get_absolute_url(), request),
            breadcrumbs=breadcrumbs,
        ),
    }
