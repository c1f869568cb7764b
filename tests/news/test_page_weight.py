"""The article page stays light for phones on slow networks (issue 5).

Its HTML, CSS and JS together weigh at most 60 KB uncompressed (images aside),
and nothing from another host can hold up its first paint.
"""

import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile

from news.renditions import make_cover_renditions
from tests.factories import ArticleFactory, DivisionFactory
from tests.images import image_bytes

BUDGET_BYTES = 60 * 1024
DEMO_ARTICLES = Path(settings.BASE_DIR) / "news" / "demo" / "articles.json"
# Types a browser does not execute: data blocks such as the JSON-LD.
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


class PageAssets(HTMLParser):
    """The stylesheets and scripts of a page, and where each script stands."""

    def __init__(self):
        super().__init__()
        self.stylesheets = []
        self.scripts = []  # (attributes, in <head>?, tags seen before it)
        self.tags = 0
        self.in_head = False
        self.last_non_script_tag = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags += 1
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split():
            self.stylesheets.append(attrs["href"])
        if tag == "script":
            self.scripts.append((attrs, self.in_head, self.tags))
        else:
            self.last_non_script_tag = self.tags

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def realistic_body():
    """About 1,200 words (9 KB of HTML) of real news prose: four demo articles."""
    entries = json.loads(DEMO_ARTICLES.read_text(encoding="utf-8"))
    return "\n".join(entry["body"] for entry in entries[:4])


def covered(article):
    article.cover = ContentFile(image_bytes(size=(1600, 900)), name="sampul.jpg")
    article.cover_alt = "Petugas menghitung surat suara di aula kantor"
    article.cover_caption = "Rapat pleno terbuka di aula kantor KPU."
    article.save()
    make_cover_renditions(article)
    return article


@pytest.fixture
def full_article_page(db, client):
    """An article with everything the page can show: a long body, a cover with a
    caption, tags, four related articles with covers, every division in the menu."""
    divisions = [DivisionFactory(name=f"Divisi Teknis Penyelenggaraan {n}") for n in range(6)]
    tags = ["pemilu 2024", "pilkada serentak", "daftar pemilih tetap", "logistik", "rekapitulasi"]
    article = covered(
        ArticleFactory(
            title="KPU Trenggalek tetapkan daftar pemilih tetap untuk pemilihan serentak",
            lead="Rapat pleno terbuka menetapkan jumlah pemilih tetap di 14 kecamatan "
            "setelah pencocokan dan penelitian oleh petugas di lapangan.",
            body=realistic_body(),
            division=divisions[0],
            tags=tags,
        )
    )
    for _ in range(4):
        covered(ArticleFactory(division=divisions[0], tags=tags[:2], lead=article.lead * 2))
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def parse(html):
    parser = PageAssets()
    parser.feed(html)
    parser.close()
    return parser


def static_file(url):
    path = urlsplit(url).path
    assert path.startswith(settings.STATIC_URL), f"{url} is not a static file"
    found = finders.find(path.removeprefix(settings.STATIC_URL))
    assert found, f"{url} is not found by the static finders"
    return Path(found)


def test_article_page_html_css_and_js_weigh_at_most_60_kb(full_article_page):
    assets = parse(full_article_page)
    files = [static_file(href) for href in assets.stylesheets]
    files += [static_file(attrs["src"]) for attrs, _, _ in assets.scripts if "src" in attrs]
    assert files, "the page should reference its stylesheet and script"
    html_bytes = len(full_article_page.encode())
    total = html_bytes + sum(file.stat().st_size for file in files)
    assert total <= BUDGET_BYTES, (
        f"article page weighs {total} bytes (HTML {html_bytes}, "
        + ", ".join(f"{file.name} {file.stat().st_size}" for file in files)
        + f"); the budget is {BUDGET_BYTES}"
    )


def test_article_page_loads_styles_and_scripts_only_from_its_own_site(full_article_page):
    assets = parse(full_article_page)
    urls = assets.stylesheets + [attrs["src"] for attrs, _, _ in assets.scripts if "src" in attrs]
    third_party = [url for url in urls if urlsplit(url).netloc not in ("", "testserver")]
    assert not third_party
    for css in (static_file(href) for href in assets.stylesheets):
        text = css.read_text(encoding="utf-8")
        assert "@import" not in text, f"{css.name} imports another stylesheet"
        assert "url(http" not in text and "url(//" not in text, f"{css.name} loads from elsewhere"


def test_article_page_scripts_do_not_block_rendering(full_article_page):
    assets = parse(full_article_page)
    executable = [
        (attrs, in_head, position)
        for attrs, in_head, position in assets.scripts
        if attrs.get("type", "").lower() not in DATA_SCRIPT_TYPES
    ]
    assert executable, "the article page has its script (view counter, sharing)"
    for attrs, in_head, position in executable:
        deferred = "defer" in attrs or "async" in attrs or attrs.get("type") == "module"
        at_end_of_body = not in_head and position > assets.last_non_script_tag
        assert deferred or at_end_of_body, f"render-blocking script: {attrs}"
