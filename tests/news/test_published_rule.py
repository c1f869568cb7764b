""" "Visible to the public now" is stated once, in published(): every reader follows it."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.utils import timezone

from documents.models import DocumentQuerySet
from news.models import Article, ArticleQuerySet
from publishing.sql import forget_compiled, published_sql
from tests.documents.conftest import make_document
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

READER = (
    "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36"
)


@pytest.fixture
def only_featured_are_visible(monkeypatch):
    """The rule changed in its one place: only featured articles are visible."""
    published = ArticleQuerySet.published
    monkeypatch.setattr(
        ArticleQuerySet, "published", lambda self: published(self).filter(featured=True)
    )
    forget_compiled()
    yield
    forget_compiled()


def test_every_reader_of_published_follows_a_change_of_the_rule(only_featured_are_visible):
    shown = ArticleFactory(title="Rapat pleno yang ditampilkan", featured=True, tags=["pleno"])
    hidden = ArticleFactory(
        title="Rapat pleno yang disembunyikan", division=shown.division, tags=["pleno"]
    )
    client = Client()

    for url in ["/", "/berita/", "/tag/pleno/", "/feed/", "/sitemap.xml", "/cari/?q=pleno"]:
        page = client.get(url)
        assert page.status_code == HTTPStatus.OK, url
        assert shown.slug in page.text, url
        assert hidden.slug not in page.text, url

    article_page = client.get(shown.get_absolute_url())
    assert [item.pk for item in article_page.context["related"]] == []
    assert client.get(hidden.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND

    def beacon(article):
        return client.post(f"/berita/{article.slug}/dilihat/", HTTP_USER_AGENT=READER)

    assert beacon(shown).json()["counted"] is True
    assert beacon(hidden).status_code == HTTPStatus.NOT_FOUND
    hidden.refresh_from_db()
    assert hidden.view_count == 0


def test_related_articles_follow_the_rule_in_both_directions(only_featured_are_visible):
    shown = ArticleFactory(featured=True, tags=["logistik"])
    also_shown = ArticleFactory(featured=True, tags=["logistik"])
    ArticleFactory(tags=["logistik"])
    related = Client().get(shown.get_absolute_url()).context["related"]
    assert [item.pk for item in related] == [also_shown.pk]


@pytest.fixture
def only_numbered_documents_are_public(monkeypatch):
    """Document.objects.public() changed in its one place: a document needs a number."""
    public = DocumentQuerySet.public
    monkeypatch.setattr(DocumentQuerySet, "public", lambda self: public(self).exclude(number=""))
    forget_compiled()
    yield
    forget_compiled()


def test_an_articles_documents_follow_a_change_of_the_public_rule(
    only_numbered_documents_are_public,
):
    # Read in the article's own statement (news/article_page.py), not by the ORM.
    numbered = make_document(slug="bernomor")
    article = ArticleFactory()
    article.documents.add(numbered, make_document(slug="tanpa-nomor", number=""))
    documents = Client().get(article.get_absolute_url()).context["documents"]
    assert [document.pk for document in documents] == [numbered.pk]


def test_compiled_sql_refuses_a_fixed_time():
    with pytest.raises(ValueError, match="fixed time"):
        published_sql(Article.objects.filter(published_at__lte=timezone.now()))
