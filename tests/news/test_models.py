from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from news.models import Article
from tests.factories import ArticleFactory, AuthorFactory, DivisionFactory

pytestmark = pytest.mark.django_db


def test_published_includes_only_published_articles_whose_time_has_come():
    now = timezone.now()
    visible = ArticleFactory(published_at=now - timedelta(minutes=1))
    scheduled = ArticleFactory(published_at=now + timedelta(hours=2))
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    in_review = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    draft_with_old_date = ArticleFactory(
        status=Article.Status.DRAFT, published_at=now - timedelta(days=3)
    )

    assert list(Article.objects.published()) == [visible]
    assert list(Article.objects.scheduled()) == [scheduled]
    for article in (visible, scheduled, draft, in_review, draft_with_old_date):
        # The instance twins agree with the querysets.
        assert article.is_published() == (article == visible)
        assert article.is_scheduled() == (article == scheduled)


def test_scheduled_article_becomes_visible_when_its_time_comes():
    article = ArticleFactory(published_at=timezone.now() + timedelta(seconds=1))
    assert not Article.objects.published().filter(pk=article.pk).exists()
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now())
    article.refresh_from_db()
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert article.is_published()


def test_slug_is_unique_in_the_database():
    ArticleFactory(slug="sama")
    with pytest.raises(IntegrityError):
        ArticleFactory(slug="sama")


def test_published_article_without_time_is_refused_by_the_database():
    # save() fills in the time (the next test); a write that skips it cannot leave it out.
    article = ArticleFactory()
    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=article.pk).update(published_at=None)


def test_save_publishes_now_when_no_time_was_given():
    article = ArticleFactory(published_at=None)
    assert article.published_at is not None and article.is_published()


def test_cover_without_alt_text_is_refused_by_the_database():
    article = ArticleFactory()
    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=article.pk).update(cover="covers/x.jpg", cover_alt="")


def test_clean_sets_publication_time_to_now_when_publishing_without_one():
    article = ArticleFactory.build(
        published_at=None, author=AuthorFactory(), division=DivisionFactory()
    )
    before = timezone.now()
    article.clean()
    assert before <= article.published_at <= timezone.now()


def test_body_is_sanitised_on_every_save():
    article = ArticleFactory(body='<p onclick="alert(1)">Halo<script>alert(2)</script></p>')
    article.refresh_from_db()
    assert article.body == "<p>Halo</p>"
    Article.objects.bulk_create(
        [
            ArticleFactory.build(
                slug="massal",
                body="<img src=x onerror=alert(1)>",
                author=article.author,
                division=article.division,
            )
        ]
    )
    assert Article.objects.get(slug="massal").body == '<img src="x">'


def test_publish_and_unpublish_record_who_did_it(admin):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    article.publish(by=admin)
    article.refresh_from_db()
    assert article.is_published() and article.updated_by == admin

    article.unpublish(by=admin)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_publish_keeps_a_future_time_as_a_schedule(admin):
    later = timezone.now() + timedelta(days=1)
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=later)
    article.publish(by=admin)
    assert article.is_scheduled()


def test_str_and_urls_are_useful(article):
    assert str(article) == article.title
    assert article.get_absolute_url() == f"/berita/{article.slug}/"
    assert str(article.division) == article.division.name
    assert article.division.get_absolute_url() == f"/divisi/{article.division.slug}/"
    assert str(article.author) == f"{article.author.name} [{article.author.signature}]"
    assert article.author.get_absolute_url() == f"/penulis/{article.author.slug}/"


def test_with_tag_list_brings_each_articles_tags_by_name_in_its_own_row(
    django_assert_num_queries,
):
    tagged = ArticleFactory(tags=["rekapitulasi", "Logistik", "daftar pemilih"])
    untagged = ArticleFactory()
    with django_assert_num_queries(1):
        articles = {a.pk: a for a in Article.objects.with_tag_list()}
    assert [tag["name"] for tag in articles[tagged.pk].tag_list] == [
        "Logistik",
        "daftar pemilih",
        "rekapitulasi",
    ]
    assert {tag["slug"] for tag in articles[tagged.pk].tag_list} == {
        "logistik",
        "daftar-pemilih",
        "rekapitulasi",
    }
    assert {tag["id"] for tag in articles[tagged.pk].tag_list} == set(
        tagged.tags.values_list("pk", flat=True)
    )
    assert articles[untagged.pk].tag_list == []
