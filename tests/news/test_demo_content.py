from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from news.models import Article, Author, DailyViews, Division
from office.models import SiteSettings

pytestmark = pytest.mark.django_db


def load(**settings_overrides):
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


def counts():
    return (
        Division.objects.count(),
        Author.objects.count(),
        Article.objects.count(),
        DailyViews.objects.count(),
        get_user_model().objects.count(),
    )


def test_demo_content_is_complete_and_idempotent(settings):
    settings.DEBUG = True
    output = load()
    divisions, authors, articles, buckets, users = counts()
    assert (divisions, authors, users) == (5, 3, 3)
    assert articles >= 30 and buckets > articles
    for password in ("kpu-admin-dev", "kpu-redaktur-dev", "kpu-penulis-dev"):
        assert password in output

    # Real KPU division names, every article published with a cover, tags and views.
    assert Division.objects.filter(name="Divisi Hukum dan Pengawasan").exists()
    assert Article.objects.published().count() == articles
    assert not Article.objects.filter(cover="").exists()
    assert not Article.objects.filter(tags=None).exists()
    assert not Article.objects.filter(view_count=0).exists()
    assert Article.objects.filter(featured=True).count() == 1
    for article in Article.objects.all()[:5]:
        assert article.view_count >= sum(article.daily_views.values_list("views", flat=True))

    # The office's contacts, for the footer and /kontak/; a saved row is kept.
    office = SiteSettings.objects.get()
    assert office.phone and office.email and "Trenggalek" in office.address
    SiteSettings.objects.update(phone="(0355) 700000")

    load()
    assert counts() == (divisions, authors, articles, buckets, users)
    assert SiteSettings.objects.get().phone == "(0355) 700000"


def test_no_development_login_without_debug(settings):
    settings.DEBUG = False
    output = load()
    assert not get_user_model().objects.exists()
    assert "no development login" in output
