"""sitemap.xml: every public page a crawler should know, in pages of PAGE_SIZE URLs.

While the whole site fits in one page, /sitemap.xml is that one <urlset>. Past
that it is a <sitemapindex> naming /sitemap-<section>.xml?p=N for each section
(SECTIONS: home and the list, pages, divisions, tags, authors, articles,
announcements, documents; each lives beside what it lists, news/sitemaps.py,
pages/sitemaps.py, announcements/sitemaps.py and documents/sitemaps.py).

Why it stays cheap at any size
- A section's page N holds its items with a primary key in
  ((N - 1) × PAGE_SIZE, N × PAGE_SIZE]: one range scan of the primary key, never
  an OFFSET or a COUNT over the table. A page keeps its URLs when others are
  published, so a crawler refetches only the pages that changed.
- The index needs one query: each section's lowest and highest listed key (an
  index scan each way, stopped at its first row, joined by UNION ALL). It names
  the pages between them; one whose items were all withdrawn lists home alone.
- The XML is written here in Python from the rows of one query per page
  (compiled once per process), with each lastmod already formatted by the
  database and each URL from one reverse() per page: Django's sitemap framework
  renders a template and reverses per URL, hundreds of times slower for the
  whole site (figures in bench/RESULTS.md). A page size far under the
  protocol's 50,000 keeps every page cheaper to draw than an uncached news list.

Every URL is on the site's public address (settings.SITE_URL; the request's host
when it is empty). A slug is listed only when the URL pattern's slug converter
accepts it, so every listed address opens, and no listed slug holds a character
XML would need escaped; the address of the site itself is escaped once.

Conditional GET: each answer's ETag is the hash of its body, which costs its one
or two queries; If-None-Match then answers 304 without the body. There is no
Last-Modified: lastmod is a day (as Django's framework wrote it), and a day
cannot tell a reader's copy from a later one drawn the same day.
"""

import re
from xml.sax.saxutils import escape

from django.db import connection
from django.db.models import Value
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, set_response_etag

from announcements.sitemaps import AnnouncementSection
from documents.sitemaps import DocumentSection
from news.sitemaps import (
    ArticleSection,
    AuthorSection,
    DivisionSection,
    NewsListSection,
    TagSection,
)
from pages.sitemaps import PageSection
from publishing.sql import compiled_once, published_sql

from .site_url import absolute_url

# URLs per sitemap page (the protocol allows 50,000; see above why far fewer).
PAGE_SIZE = 1000

# Section names become sitemap-<name>.xml: crawlers keep them, do not rename.
SECTIONS = {
    "utama": NewsListSection(),
    "halaman": PageSection(),
    "divisi": DivisionSection(),
    "tag": TagSection(),
    "penulis": AuthorSection(),
    "berita": ArticleSection(),
    "pengumuman": AnnouncementSection(),
    "dokumen": DocumentSection(),
}

# ?p= as the index writes it; anything else (0, -1, abc, 10**30) is a 404.
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,8}")

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def site_address(request):
    """The site's public address, escaped for XML, without the trailing slash."""
    return escape(absolute_url("/", request)[:-1])


@compiled_once
def key_bounds_sql():
    queries = [
        section.listed().order_by(order).values_list(Value(name), "pk")[:1]
        for name, section in SECTIONS.items()
        if section.paged
        for order in ("pk", "-pk")
    ]
    return published_sql(queries[0].union(*queries[1:], all=True))


def key_bounds():
    """{section name: (lowest, highest) primary key it lists}, in one query; absent when empty.

    An index scan each way per section, stopped at its first row.
    """
    with connection.cursor() as cursor:
        cursor.execute(key_bounds_sql(), {})
        found = cursor.fetchall()
    bounds = {}
    for name, key in found:
        low, high = bounds.get(name, (key, key))
        bounds[name] = (min(low, key), max(high, key))
    return bounds


def page_of(key):
    """The number of the page that holds the primary key `key`."""
    return (key - 1) // PAGE_SIZE + 1


def page_numbers(name, bounds):
    """The pages of section `name` the index names: from its lowest key's to its highest's.

    Numbered by key, not counted from 1: a page keeps its number and its URLs
    whatever is published or deleted on other pages.
    """
    if not SECTIONS[name].paged:
        return range(1, 2)
    if name not in bounds:
        return range(0)
    low, high = bounds[name]
    return range(page_of(low), page_of(high) + 1)


def urlset(entries):
    """A <urlset> of (absolute URL, lastmod or None), both safe in XML as they are."""
    return "".join(
        [
            XML_DECLARATION,
            f'<urlset xmlns="{NAMESPACE}">\n',
            *[
                f"<url><loc>{loc}</loc><lastmod>{lastmod}</lastmod></url>\n"
                if lastmod
                else f"<url><loc>{loc}</loc></url>\n"
                for loc, lastmod in entries
            ],
            "</urlset>\n",
        ]
    )


def sitemap_index(locations):
    return "".join(
        [
            XML_DECLARATION,
            f'<sitemapindex xmlns="{NAMESPACE}">\n',
            *[f"<sitemap><loc>{loc}</loc></sitemap>\n" for loc in locations],
            "</sitemapindex>\n",
        ]
    )


def xml_response(request, body):
    """The body with its hash as ETag; 304 when the client's copy has that hash."""
    response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    # As Django's sitemap views: the sitemap itself is no page for search results.
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    set_response_etag(response)
    return get_conditional_response(request, etag=response["ETag"], response=response)


def section_urls(site):
    """(name, absolute URL) of each section, in order: one reverse() each."""
    return [
        (name, f"{site}{reverse('sitemap-section', kwargs={'section': name})}") for name in SECTIONS
    ]


def index(request):
    """/sitemap.xml: every URL while they fit in one page, else the index of pages."""
    site = site_address(request)
    bounds = key_bounds()
    # A section lists at most as many items as its keys span.
    most = sum(high - low + 1 for low, high in bounds.values()) + SECTIONS["utama"].size
    if most <= PAGE_SIZE:
        entries = []
        for name, section in SECTIONS.items():
            if not section.paged or name in bounds:
                low, high = bounds.get(name, (1, 0))
                entries += section.entries(site, low - 1, high)
        return xml_response(request, urlset(entries))
    return xml_response(
        request,
        sitemap_index(
            f"{url}?p={number}"
            for name, url in section_urls(site)
            for number in page_numbers(name, bounds)
        ),
    )


def section(request, section):
    """/sitemap-<section>.xml?p=N: page N of one section."""
    if section not in SECTIONS or not PAGE_NUMBER.fullmatch(request.GET.get("p", "1")):
        raise Http404
    number = int(request.GET.get("p", "1"))
    listing = SECTIONS[section]
    site = site_address(request)
    entries = listing.entries(site, (number - 1) * PAGE_SIZE, number * PAGE_SIZE)
    if not entries:
        # Outside the section, or a range within it whose items were all withdrawn or deleted.
        if number not in page_numbers(section, key_bounds()):
            raise Http404
        # The index names this page, so it answers; a <urlset> needs one <url>.
        entries = [(f"{site}/", None)]
    return xml_response(request, urlset(entries))
