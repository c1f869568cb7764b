"""Draft → review → published, as writers and editors meet it in the admin."""

from http import HTTPStatus

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from news.models import Article, Author
from tests.clients import login
from tests.factories import ArticleFactory, DivisionFactory

pytestmark = pytest.mark.django_db

PUBLISH_BUTTON = 'name="_publish"'
REVIEW_BUTTON = 'name="_submit_review"'


def test_editors_see_how_many_articles_wait_for_review(editor, writer):
    ArticleFactory.create_batch(2, status=Article.Status.REVIEW, published_at=None)
    ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    response = login(editor).get("/admin/")
    assertContains(response, "2 berita menunggu tinjauan")
    assertContains(response, 'href="/admin/news/article/?status=tinjauan"')
    # Others' items: the writer's start page lists only their own.
    assertNotContains(login(writer).get("/admin/"), "berita menunggu tinjauan")


def test_waiting_for_review_filter(editor):
    waiting = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    ArticleFactory()
    # The old address of the queue, linked from the admin index, still leads to it.
    response = login(editor).get("/admin/news/article/", {"tinjauan": "menunggu"}, follow=True)
    assert response.redirect_chain == [("/admin/news/article/?status=tinjauan", HTTPStatus.FOUND)]
    assert list(response.context["cl"].result_list) == [waiting]


def test_buttons_are_shown_only_to_those_who_may_use_them(editor, writer):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=writer)
    published = ArticleFactory(created_by=writer)

    as_writer = login(writer).get(f"/admin/news/article/{draft.pk}/change/")
    assertContains(as_writer, REVIEW_BUTTON)
    assertNotContains(as_writer, PUBLISH_BUTTON)
    # The writer's status choice stops at "review".
    assertNotContains(as_writer, '<option value="published"')
    assertNotContains(as_writer, 'name="featured"')

    as_editor = login(editor).get(f"/admin/news/article/{draft.pk}/change/")
    assertContains(as_editor, PUBLISH_BUTTON)
    assertContains(as_editor, '<option value="published"')
    assertNotContains(
        login(editor).get(f"/admin/news/article/{published.pk}/change/"), PUBLISH_BUTTON
    )
    assertContains(login(writer).get("/admin/news/article/add/"), REVIEW_BUTTON)


def test_new_article_defaults_to_the_writers_author_profile(writer):
    profile = Author.objects.create(
        name="Rina Kartikasari", slug="rina", signature="Rin", user=writer
    )
    response = login(writer).get("/admin/news/article/add/")
    assert response.context["adminform"].form.initial["author"] == profile.pk


def test_writer_submits_and_editor_publishes(writer, editor):
    division = DivisionFactory()
    author = Author.objects.create(
        name="Rina Kartikasari", slug="rina", signature="Rin", user=writer
    )
    data = {
        "title": "Bimtek KPPS di Kecamatan Dongko",
        "slug": "bimtek-kpps-dongko",
        "lead": "Petugas KPPS mengikuti bimbingan teknis.",
        "body": "<p>Bimtek berlangsung sehari penuh.</p>",
        "division": division.pk,
        "author": author.pk,
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
    }
    response = login(writer).post("/admin/news/article/add/", {**data, "_submit_review": "1"})
    assert response.status_code == HTTPStatus.FOUND
    article = Article.objects.get(slug="bimtek-kpps-dongko")
    assert article.status == Article.Status.REVIEW and article.created_by == writer

    url = f"/admin/news/article/{article.pk}/change/"
    response = login(editor).post(url, {**data, "status": "review", "_publish": "1"})
    assert response.status_code == HTTPStatus.FOUND
    article.refresh_from_db()
    assert article.is_published() and article.updated_by == editor

    # Readers see the byline of the Author, never the account's username.
    page = Client().get(article.get_absolute_url())
    assertContains(page, "Rina Kartikasari")
    assertNotContains(page, ">writer<")
