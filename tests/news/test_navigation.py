"""The header menu (templates/includes/site_nav.html) as the server draws it.

What a browser does with it (opening, keyboard, focus, widths) is in
tests/e2e/test_navigation.py.
"""

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pages.models import Page
from tests.factories import ArticleFactory, DivisionFactory
from tests.pages.conftest import make_page

pytestmark = pytest.mark.django_db


class MenuParser(HTMLParser):
    """The menu's links, buttons, ids and anything inline (script, style)."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # inside <nav class="site-nav"> while > 0
        self.links, self.buttons, self.ids, self.inline = [], [], set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and "site-nav" in (attrs.get("class") or "").split():
            self.depth = 1
            return
        if not self.depth:
            return
        if tag == "nav":
            self.depth += 1
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a":
            self.links.append(attrs["href"])
        if tag == "button":
            self.buttons.append(attrs)
        if tag in ("script", "style") or "style" in attrs or any(n.startswith("on") for n in attrs):
            self.inline.append((tag, attrs))

    def handle_endtag(self, tag):
        if self.depth and tag == "nav":
            self.depth -= 1


def site_menu(client, url="/"):
    response = client.get(url)
    parser = MenuParser()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def menu_site(db):
    divisions = [DivisionFactory(name=f"Divisi {name}") for name in ("Teknis", "Hukum", "Data")]
    profile = make_page("Profil", slug="profil", order=1)
    children = [
        make_page("Visi dan Misi", slug="visi-dan-misi", parent=profile, order=1),
        make_page("Pertanggungjawaban Penyelenggaraan", slug="pertanggungjawaban", parent=profile),
    ]
    leaf = make_page("Layanan Informasi", slug="layanan-informasi", order=2)
    hidden = [
        make_page("Tidak di menu", slug="tidak-di-menu", in_menu=False),
        make_page("Anak tersembunyi", slug="anak-tersembunyi", parent=profile, in_menu=False),
        Page.objects.create(title="Draf", slug="draf", status=Page.Status.DRAFT),
    ]
    return divisions, profile, children, leaf, hidden


def test_menu_links_home_news_every_division_every_menu_page_and_contact(client, menu_site):
    divisions, profile, children, leaf, hidden = menu_site
    menu = site_menu(client)
    expected = [
        "/",
        "/berita/",
        "/pengumuman/",
        "/dokumen/",
        *(division.get_absolute_url() for division in divisions),
        profile.get_absolute_url(),
        *(child.get_absolute_url() for child in children),
        leaf.get_absolute_url(),
        "/kontak/",
    ]
    assert sorted(menu.links) == sorted(expected)
    for page in hidden:
        assert page.get_absolute_url() not in menu.links


def test_menu_pages_come_in_their_order_with_children_under_their_parent(client, menu_site):
    _divisions, profile, children, leaf, _hidden = menu_site
    links = site_menu(client).links
    # The parent opens its own group, its children follow (by order, then title).
    ordered = [profile, children[1], children[0], leaf]
    positions = [links.index(page.get_absolute_url()) for page in ordered]
    assert positions == sorted(positions)


def test_every_menu_button_opens_a_panel_that_exists_and_nothing_is_inline(client, menu_site):
    menu = site_menu(client)
    # "Menu", "Divisi" and "Profil": each names the panel it opens, for the
    # browser (popovertarget) and for assistive technology (aria-controls).
    assert len(menu.buttons) == 3
    for button in menu.buttons:
        assert button["type"] == "button"
        assert button["popovertarget"] in menu.ids
        assert button["aria-controls"] == button["popovertarget"]
    # The policy allows no inline script or style (kpu_site/settings CONTENT_SECURITY_POLICY).
    assert menu.inline == []


def test_menu_without_divisions_or_pages_still_links_home_news_and_contact(client, db):
    menu = site_menu(client)
    assert menu.links == ["/", "/berita/", "/pengumuman/", "/dokumen/", "/kontak/"]
    assert len(menu.buttons) == 1  # "Menu" only: no empty group


def test_the_menu_is_on_every_public_page(client, menu_site):
    divisions, profile, _children, _leaf, _hidden = menu_site
    article = ArticleFactory(division=divisions[0])
    for url in [
        "/berita/",
        article.get_absolute_url(),
        divisions[0].get_absolute_url(),
        profile.get_absolute_url(),
        "/tidak-ada/",
    ]:
        assert divisions[2].get_absolute_url() in site_menu(client, url).links, url


def test_menu_follows_an_edited_page_at_once(client, menu_site):
    _divisions, _profile, _children, leaf, _hidden = menu_site
    site_menu(client)  # kept for this generation
    leaf.title = "Layanan PPID"
    leaf.save()
    new = make_page("Pengumuman", slug="pengumuman", order=3)
    response = client.get("/")
    assert "Layanan PPID" in response.content.decode()
    assert new.get_absolute_url() in site_menu(client).links


def menu_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return [
        query["sql"]
        for query in queries.captured_queries
        if 'FROM "pages_page"' in query["sql"] or 'FROM "news_division"' in query["sql"]
    ]


def test_menu_costs_one_query_per_generation_for_divisions_and_one_for_pages(
    client, menu_site, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # pages drawn afresh; what they repeat is still kept
    first = menu_queries(client, "/tidak-ada/")  # the 404 page reads nothing else
    assert len(first) == 2
    for url in ["/tidak-ada/", "/berita/", "/kontak/"]:
        assert menu_queries(client, url) == [], url
