"""schema.org JSON-LD: an article page's NewsArticle, the home page's office and
website, and the breadcrumb trail of the other pages.

Built from what the page has already read (the office settings come from
office.site.current(), read once per process and cache generation): no query
of its own. Printed through the json_ld filter, which keeps the text inside
its <script>.
"""

from django.templatetags.static import static
from django.urls import reverse

from kpu_site.site_url import absolute_url
from office.site import current as current_office

from . import renditions
from .sharing import static_image_size

PUBLISHER_LOGO = "img/logo-publisher.png"  # a raster copy of favicon.svg, 512 × 512


def news_article(request, article, *, url: str, share_image, author_url: str, breadcrumbs) -> dict:
    """Reads article.author, .division and .tag_list (ArticleQuerySet.with_tag_list()).

    `share_image` is the sharing.PreviewImage the page's og:image shows; the
    trail is nested in the page (WebPage.breadcrumb) so that the page keeps a
    single JSON-LD block.
    """
    # A draft in the staff preview has no publication time yet.
    published = article.published_at or article.updated_at
    # Google's 1:1, 4:3 and 16:9 crops; the link-preview picture until they are made.
    images = [
        {
            "@type": "ImageObject",
            "url": absolute_url(image["url"], request),
            "width": image["width"],
            "height": image["height"],
        }
        for image in renditions.structured_data_images(article)
    ] or [image_object(share_image.url, share_image.width, share_image.height)]
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": f"{url}#berita",
        "mainEntityOfPage": {
            "@type": "WebPage",
            "@id": url,
            "breadcrumb": breadcrumb_list(request, breadcrumbs),
        },
        "url": url,
        "headline": article.title[:110],
        "description": article.lead,
        "image": images,
        "datePublished": published.isoformat(),
        "dateModified": modified_at(article).isoformat(),
        "author": [{"@type": "Person", "name": article.author.name, "url": author_url}],
        "publisher": publisher(request),
        "articleSection": article.division.name,
        "keywords": [tag["name"] for tag in article.tag_list],
        "inLanguage": "id",
    }


def modified_at(article):
    """The last change a reader can see: never before the publication."""
    published = article.published_at or article.updated_at
    return max(published, article.updated_at)


def image_object(url, width, height) -> dict:
    data = {"@type": "ImageObject", "url": url}
    if width and height:
        data.update(width=width, height=height)
    return data


def logo(request) -> dict:
    """The office's logo from its settings when it is a raster picture (Google
    reads no SVG logo), else the KPU emblem as a PNG.
    """
    office = current_office()
    if office.logo and office.logo_width and office.logo_height:
        name = office.logo.name.lower()
        if not name.endswith(".svg"):
            return image_object(
                absolute_url(office.logo.url, request), office.logo_width, office.logo_height
            )
    width, height, _type = static_image_size(PUBLISHER_LOGO)
    return image_object(absolute_url(static(PUBLISHER_LOGO), request), width, height)


def home_url(request) -> str:
    """The home page's address, which names the office and the website: reversed
    once per block, not for each name."""
    return absolute_url(reverse("news:home"), request)


def organisation_id(home: str) -> str:
    return home + "#organisasi"


def publisher(request) -> dict:
    """The office as an article's publisher: name, address and logo."""
    home = home_url(request)
    return {
        "@type": "GovernmentOrganization",
        "@id": organisation_id(home),
        "name": current_office().name,
        "url": home,
        "logo": logo(request),
    }


def organisation(request) -> dict:
    """The office with its contacts and address, from its settings: for the home page."""
    office = current_office()
    data = publisher(request)
    data["areaServed"] = office.region
    contact = {
        "@type": "ContactPoint",
        "contactType": "customer service",
        "areaServed": "ID",
        "availableLanguage": ["Indonesian"],
    }
    if office.phone:
        contact["telephone"] = office.phone
    if office.email:
        contact["email"] = office.email
    if office.phone or office.email:
        data["contactPoint"] = [contact]
    if office.email:
        data["email"] = office.email
    if office.phone:
        data["telephone"] = office.phone
    if office.address:
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": " ".join(office.address.split()),
            "addressRegion": office.region,
            "addressCountry": "ID",
        }
    same_as = [url for _label, url in office.social_links()]
    if same_as:
        data["sameAs"] = same_as
    return data


def website(request) -> dict:
    home = home_url(request)
    return {
        "@type": "WebSite",
        "@id": home + "#situs",
        "name": current_office().name,
        "url": home,
        "inLanguage": "id",
        "publisher": {"@id": organisation_id(home)},
    }


def home_page(request) -> dict:
    """The home page's block: the office and the website, linked by @id."""
    return {
        "@context": "https://schema.org",
        "@graph": [organisation(request), website(request)],
    }


def breadcrumb_list(request, crumbs) -> dict:
    """The visible trail (news/breadcrumbs.py) as a BreadcrumbList; the current
    page, printed without a link, is the last item and has no URL, as Google allows.
    """
    items = []
    for position, item in enumerate(crumbs, 1):
        element = {"@type": "ListItem", "position": position, "name": str(item["label"])}
        if item.get("url") and position < len(crumbs):
            element["item"] = absolute_url(str(item["url"]), request)
        items.append(element)
    return {"@type": "BreadcrumbList", "itemListElement": items}
