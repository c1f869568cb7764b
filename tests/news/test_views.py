import json
import re
from datetime import date, datetime, timedelta
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from documents.models import InformationClass
from news import most_read, renditions
from news.models import Article
from tests.documents.conftest import make_document
from tests.factories import ArticleFactory, AuthorFactory, DivisionFactory
from tests.images import image_bytes

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/berita/", "/berita/?page=2"]


@pytest.fixture
def many_articles(request):
    """N published articles in one division by one author, each with three tags."""

    def make(count):
        division = DivisionFactory(slug="teknis")
        author = AuthorFactory(slug="rina")
        for index in range(count):
            ArticleFactory(
                division=division,
                author=author,
                tags=["pemilu", f"tag-{index}", f"lain-{index}"],
                published_at=timezone.now() - timedelta(hours=index + 1),
            )
        return division, author

    return make


# --- Visibility --------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "published_at"),
    [
        (Article.Status.DRAFT, None),
        (Article.Status.REVIEW, None),
        (Article.Status.PUBLISHED, timezone.now() + timedelta(days=1)),
    ],
    ids=["draft", "review", "scheduled"],
)
def test_unpublished_articles_are_404_and_absent_from_lists(client, status, published_at):
    hidden = ArticleFactory(status=status, published_at=published_at, title="Rahasia redaksi")
    assert client.get(hidden.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    for url in [
        "/",
        "/berita/",
        hidden.division.get_absolute_url(),
        hidden.author.get_absolute_url(),
    ]:
        assertNotContains(client.get(url), "Rahasia redaksi")


def test_missing_slug_is_a_friendly_404(client, db):
    response = client.get("/berita/tidak-ada/")
    assertContains(response, "Halaman tidak ditemukan", status_code=HTTPStatus.NOT_FOUND)


# --- Article page ------------------------------------------------------------


@pytest.fixture
def dated_article(db):
    return ArticleFactory(
        title="Pleno <script>alert(1)</script> DPT",
        slug="pleno-dpt",
        lead="Ringkasan & catatan",
        body="<p>Isi <strong>tebal</strong></p>",
        published_at=datetime(2022, 5, 31, 14, 30, tzinfo=ZoneInfo("Asia/Jakarta")),
        view_count=1234,
        cover_caption="Suasana rapat",
        author=AuthorFactory(name="Amirul Huda", signature="Mrul", slug="amirul"),
        tags=["pemilu 2024"],
    )


def test_article_page_shows_what_a_reader_expects(client, dated_article):
    response = client.get("/berita/pleno-dpt/")
    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Selasa, 31 Mei 2022 · 14.30 WIB")
    assertContains(response, '<time datetime="2022-05-31T14:30:00+07:00">', count=1)
    assertContains(response, "Amirul Huda")
    assertContains(response, "[Mrul]")
    assertContains(response, dated_article.division.name)
    assertContains(response, "<strong>tebal</strong>", html=False)
    assertContains(response, 'href="/tag/pemilu-2024/"')
    assertContains(response, "Dilihat <span data-view-count>1.234</span> kali")


def test_title_is_escaped_everywhere(client, dated_article):
    response = client.get("/berita/pleno-dpt/")
    assertNotContains(response, "<script>alert(1)</script>")
    assertContains(response, "Pleno &lt;script&gt;alert(1)&lt;/script&gt; DPT")
    # Inside JSON-LD the title cannot close the script element either.
    assertContains(response, "\\u003Cscript\\u003E")


def test_article_page_in_another_zone_prints_that_zone(client, dated_article, settings):
    settings.TIME_ZONE = "Asia/Jayapura"
    assertContains(client.get("/berita/pleno-dpt/"), "Selasa, 31 Mei 2022 · 16.30 WIT")


def test_article_page_lists_its_public_documents_newest_first_as_the_preview_does(
    client, admin_client, article
):
    older = make_document(title="Surat Lama", slug="surat-lama", document_date=date(2023, 1, 5))
    first = make_document(title="Keputusan A", slug="keputusan-a", document_date=date(2024, 9, 20))
    # The same date: the later one first.
    second = make_document(
        title="Keputusan B", slug="keputusan-b", number="", document_date=date(2024, 9, 20)
    )
    scheduled = make_document(slug="terjadwal", published_at=timezone.now() + timedelta(days=1))
    excepted = make_document(slug="dikecualikan", information_class=InformationClass.EXCEPTED)
    article.documents.add(older, first, second, scheduled, excepted)
    ArticleFactory().documents.add(first)

    def shown(documents):
        return [
            (document.pk, document.title, document.slug, document.number, document.document_date)
            for document in documents
        ]

    page = client.get(article.get_absolute_url())
    assert shown(page.context["documents"]) == shown([second, first, older])
    # Read with the article on the public page, by a query of their own in the preview.
    preview = admin_client.get(f"/admin/news/article/{article.pk}/preview/")
    assert shown(preview.context["documents"]) == shown([second, first, older])
    assertContains(page, "Nomor 45 Tahun 2024 · 20 September 2024")
    assertContains(page, 'Keputusan B</a><span class="attachments__meta">20 September 2024<')


def test_share_links_carry_the_encoded_absolute_url(client, dated_article):
    response = client.get("/berita/pleno-dpt/")
    links = {link.network: link.href for link in response.context["share_links"]}
    url = "http://testserver/berita/pleno-dpt/"
    title = dated_article.title
    assert parse_qs(urlsplit(links["whatsapp"]).query) == {"text": [f"{title} {url}"]}
    assert parse_qs(urlsplit(links["facebook"]).query) == {"u": [url]}
    assert parse_qs(urlsplit(links["x"]).query) == {"text": [title], "url": [url]}
    assert parse_qs(urlsplit(links["telegram"]).query) == {"url": [url], "text": [title]}
    assert links["whatsapp"].startswith("https://wa.me/?text=Pleno+%3Cscript%3E")
    for name in ("WhatsApp", "Facebook", "X (Twitter)", "Telegram"):
        assertContains(response, f'aria-label="Bagikan ke {name}"')
    assertContains(response, f'href="{url}" data-copy-link')
    # Sharing needs no third-party script: every script is our own.
    scripts = re.findall(rb'<script src="([^"]*)"', response.content)
    assert scripts and all(src.startswith(b"/static/js/") for src in scripts), scripts
    assertContains(response, '<script src="/static/js/article.js" defer>')


def test_open_graph_twitter_and_json_ld(client, dated_article):
    response = client.get("/berita/pleno-dpt/")
    url = "http://testserver/berita/pleno-dpt/"
    assertContains(response, f'<link rel="canonical" href="{url}">')
    assertContains(response, f'<meta property="og:url" content="{url}">')
    assertContains(response, '<meta property="og:description" content="Ringkasan &amp; catatan">')
    assertContains(
        response,
        '<meta property="og:image" content="http://testserver/static/img/share-default.png">',
    )
    assertContains(response, '<meta name="twitter:card" content="summary_large_image">')
    raw = response.content.decode().split('<script type="application/ld+json">')[1]
    data = json.loads(raw.split("</script>")[0])
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == dated_article.title
    assert data["url"] == url
    assert data["datePublished"] == "2022-05-31T07:30:00+00:00"
    assert data["author"][0]["name"] == "Amirul Huda"
    assert data["keywords"] == ["pemilu 2024"]


def test_cover_has_alt_text_caption_and_dimensions(client, dated_article):
    dated_article.cover = ContentFile(image_bytes(size=(800, 450)), name="sampul.jpg")
    dated_article.cover_alt = "Petugas menghitung surat suara"
    dated_article.save()
    response = client.get("/berita/pleno-dpt/")
    img = re.search(r"<img[^>]*Petugas menghitung surat suara[^>]*>", response.content.decode())
    assert img and 'width="800"' in img.group() and 'height="450"' in img.group()
    assertContains(response, "<figcaption>Suasana rapat</figcaption>")
    # Until its renditions exist the original cover is the share image...
    assertContains(response, f'content="http://testserver{dated_article.cover.url}"')
    # ...then the 1200×630 one.
    share = renditions.make_cover_renditions(dated_article)["share"]
    response = client.get("/berita/pleno-dpt/")
    assertContains(
        response, f'<meta property="og:image" content="http://testserver/media/{share["name"]}">'
    )


# --- Lists -------------------------------------------------------------------


def test_home_shows_headline_latest_and_divisions(client, db):
    division = DivisionFactory(name="Divisi Hukum dan Pengawasan")
    headline = ArticleFactory(
        featured=True,
        title="Berita utama hari ini",
        published_at=timezone.now() - timedelta(days=3),
    )
    latest = ArticleFactory(title="Berita paling baru", division=division)
    response = client.get("/")
    assert response.context["headline"] == headline
    assert latest in response.context["latest"]
    assert headline not in response.context["latest"]
    assertContains(response, "Berita utama hari ini")
    assertContains(response, "Divisi Hukum dan Pengawasan")
    assertContains(response, f'href="{division.get_absolute_url()}"')


def test_home_without_featured_article_leads_with_the_newest(client, db):
    newest = ArticleFactory()
    ArticleFactory(published_at=timezone.now() - timedelta(days=1))
    assert client.get("/").context["headline"] == newest


def test_home_with_no_articles_still_renders(client, db):
    assertContains(client.get("/"), "Belum ada berita.")


def test_list_paginates_ten_a_page_newest_first(client, many_articles):
    many_articles(23)
    first = client.get("/berita/")
    assert len(first.context["articles"]) == 10
    dates = [article.published_at for article in first.context["articles"]]
    assert dates == sorted(dates, reverse=True)
    assertContains(first, "Halaman 1 dari 3")
    assertContains(first, 'href="?page=2"')
    assert len(client.get("/berita/?page=3").context["articles"]) == 3


@pytest.mark.parametrize("page", ["-1", "abc", "0", "4", "999999999999999999999", "1.5", "%00"])
def test_bad_page_numbers_are_404_not_500(client, many_articles, page):
    many_articles(23)
    assert client.get("/berita/", {"page": page}).status_code == HTTPStatus.NOT_FOUND


def test_page_last_is_the_last_page(client, many_articles):
    many_articles(23)
    assert client.get("/berita/?page=last").context["page_obj"].number == 3


def test_division_tag_and_author_pages_list_only_their_articles(client, db):
    division, other_division = DivisionFactory(), DivisionFactory()
    author = AuthorFactory(bio="Staf humas")
    mine = ArticleFactory(division=division, author=author, tags=["logistik"], title="Milik divisi")
    ArticleFactory(division=other_division, tags=["hukum"], title="Milik divisi lain")

    for url in (division.get_absolute_url(), "/tag/logistik/", author.get_absolute_url()):
        response = client.get(url)
        assert list(response.context["articles"]) == [mine], url
    assertContains(client.get(division.get_absolute_url()), f"<h1>{division.name}</h1>", html=True)
    assertContains(client.get("/tag/logistik/"), "<h1>#logistik</h1>", html=True)
    assertContains(client.get(author.get_absolute_url()), "Staf humas")


def test_a_tags_pages_list_its_published_news_newest_first(client, db):
    """A tag's page reads its ids with its own statement (news/tag_page.py): the
    same order, paging and published rule as every other list."""
    now = timezone.now()
    tagged = [
        ArticleFactory(tags=["rekapitulasi"], published_at=now - timedelta(hours=hours))
        for hours in range(1, 13)
    ]
    ArticleFactory(tags=["rekapitulasi"], status=Article.Status.DRAFT)
    ArticleFactory(tags=["rekapitulasi"], published_at=now + timedelta(days=1))
    ArticleFactory(tags=["logistik"])
    # Same moment: the id decides, as on /berita/.
    tied = ArticleFactory(tags=["rekapitulasi"], published_at=tagged[0].published_at)

    first = client.get("/tag/rekapitulasi/")
    second = client.get("/tag/rekapitulasi/?page=2")

    assert first.context["paginator"].count == 13
    listed = list(first.context["articles"]) + list(second.context["articles"])
    assert listed == [tied, *tagged]
    assert client.get("/tag/rekapitulasi/?page=3").status_code == HTTPStatus.NOT_FOUND


def test_a_tag_gets_its_page_when_its_first_article_is_published(client, db):
    draft = ArticleFactory(tags=["pantarlih"], status=Article.Status.DRAFT)
    assert client.get("/tag/pantarlih/").status_code == HTTPStatus.NOT_FOUND

    draft.status = Article.Status.PUBLISHED
    draft.save()

    assert list(client.get("/tag/pantarlih/").context["articles"]) == [draft]


@pytest.mark.parametrize("url", ["/divisi/tidak-ada/", "/tag/tidak-ada/", "/penulis/tidak-ada/"])
def test_unknown_division_tag_or_author_is_404(client, db, url):
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


# --- Queries -----------------------------------------------------------------


@pytest.mark.parametrize("count", [10, 100])
def test_list_pages_query_count_does_not_grow_with_articles(
    client, many_articles, django_assert_max_num_queries, count
):
    division, author = many_articles(count)
    # A flushed database has no most-read window yet, and the first roll builds it
    # from the buckets once (tests/news/test_most_read.py): not a render's cost.
    most_read.roll()
    # Lists: count, page, and the division/tag/author lookup (/berita/: the
    # archive months instead). Home: one statement for all its sections, and
    # whether the week's most-read window moved. Both: what every page draws,
    # read once per process and cache generation: the menu's divisions and
    # pages, the office's settings and links; so are a list's count, the
    # archive months and the most-read window's day.
    for url, limit in [
        ("/", 5),
        ("/berita/", 6),
        (division.get_absolute_url(), 6),
        ("/tag/pemilu/", 6),
        (author.get_absolute_url(), 6),
    ]:
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == HTTPStatus.OK
        # Drawn again in the same generation: only what the page itself lists.
        with django_assert_max_num_queries(1 if url in ("/", "/berita/") else 2):
            assert client.get(url).status_code == HTTPStatus.OK


def test_a_lists_kept_count_follows_publishing(client, db, settings):
    """Kept per cache generation, a list's count and archive months still change
    the moment an article is published or unpublished (each starts a generation)."""
    settings.PAGE_CACHE_SECONDS = 0
    for number in range(10):
        ArticleFactory(title=f"Berita nomor {number}")
    assert client.get("/berita/").context["paginator"].count == 10
    assert client.get("/berita/?page=2").status_code == HTTPStatus.NOT_FOUND

    late = ArticleFactory(published_at=timezone.now() - timedelta(days=400))
    page = client.get("/berita/")
    assert page.context["paginator"].count == 11
    assert client.get("/berita/?page=2").status_code == HTTPStatus.OK
    month = timezone.localtime(late.published_at)
    assertContains(page, f'href="/berita/{month.year}/{month.month}/"')

    late.status = Article.Status.DRAFT
    late.save()
    page = client.get("/berita/")
    assert page.context["paginator"].count == 10
    assertNotContains(page, f'href="/berita/{month.year}/{month.month}/"')


def test_article_page_query_count(client, article, django_assert_max_num_queries):
    # The article with its author, division, tags and linked public documents;
    # related articles; what every page draws (the menu's divisions and pages,
    # the office's settings).
    article.documents.add(make_document())
    with django_assert_max_num_queries(5):
        client.get(article.get_absolute_url())


# --- Caching-friendliness ----------------------------------------------------


def test_public_pages_set_no_cookie_and_do_not_vary_on_it(client, article):
    for url in [
        "/",
        "/berita/",
        article.get_absolute_url(),
        article.division.get_absolute_url(),
        "/tag/pemilu-2024/",
        article.author.get_absolute_url(),
        "/berita/tidak-ada/",
    ]:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.cookies == {}, url
        assert "Cookie" not in response.get("Vary", ""), url
        assert "csrfmiddlewaretoken" not in response.content.decode(), url
        assertContains(response, '<html lang="id">', status_code=response.status_code)


def test_public_pages_stay_indonesian_whatever_the_browser_asks(client, article):
    response = client.get("/berita/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Accept-Language" not in response.get("Vary", "")
    assert response.headers.get("Content-Language", "id") == "id"
    assertContains(response, "Langsung ke konten")


@pytest.mark.parametrize(
    ("status", "published_at"),
    [
        (Article.Status.DRAFT, None),
        (Article.Status.REVIEW, None),
        (Article.Status.PUBLISHED, timezone.now() + timedelta(days=1)),
    ],
)
def test_a_tag_only_unpublished_articles_carry_does_not_exist_for_readers(
    client, status, published_at
):
    """A writer's draft must not publish text on the office's domain: a tag it
    carries has no page, no feed and no sitemap entry until an article with it is live."""
    sentence = "Kantor KPU ditutup permanen mulai besok"
    hidden = ArticleFactory(status=status, published_at=published_at, tags=[sentence])
    slug = hidden.tags.get().slug
    for url in (f"/tag/{slug}/", f"/tag/{slug}/feed/", f"/tag/{slug}/feed/atom/"):
        response = client.get(url)
        assert response.status_code == HTTPStatus.NOT_FOUND, url
        assertNotContains(response, sentence, status_code=HTTPStatus.NOT_FOUND)
    assertNotContains(client.get("/sitemap.xml"), slug)

    # Published, the tag has its page.
    hidden.status, hidden.published_at = Article.Status.PUBLISHED, timezone.now()
    hidden.save()
    assertContains(client.get(f"/tag/{slug}/"), sentence)
    assert client.get(f"/tag/{slug}/feed/").status_code == HTTPStatus.OK
