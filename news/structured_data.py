"""schema.org `NewsArticle` JSON-LD for an article page."""

from django.conf import settings


def news_article(article, *, url: str, image_url: str, author_url: str) -> dict:
    """Reads article.author, .division and .tag_list (ArticleQuerySet.with_tag_list())."""
    # A draft in the staff preview has no publication time yet.
    published = article.published_at or article.updated_at
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.title[:110],
        "description": article.lead,
        "image": [image_url],
        "datePublished": published.isoformat(),
        "dateModified": max(published, article.updated_at).isoformat(),
        "author": [{"@type": "Person", "name": article.author.name, "url": author_url}],
        "publisher": {"@type": "GovernmentOrganization", "name": settings.OFFICE_NAME},
        "articleSection": article.division.name,
        "keywords": [tag["name"] for tag in article.tag_list],
        "inLanguage": "id",
    }
