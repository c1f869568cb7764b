"""Two editors open one article in two browsers and both save: the second is warned."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect
from reversion.models import Version

from accounts import roles
from news.models import Article
from tests.e2e.conftest import log_in
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def editor(django_user_model, username, first_name):
    user = django_user_model.objects.create_user(
        username, password=f"sandi-{username}-123", is_staff=True, first_name=first_name
    )
    user.groups.set(Group.objects.filter(name=roles.EDITOR))
    return user


def test_second_save_is_refused_and_keeps_the_text(
    live_server, browser, artifacts, django_user_model
):
    editor(django_user_model, "budi", "Budi")
    editor(django_user_model, "sari", "Sari")
    article = ArticleFactory(
        title="Jadwal pleno rekapitulasi",
        body="<p>Pleno digelar Senin pagi.</p>",
        status=Article.Status.DRAFT,
        published_at=None,
    )
    change_url = f"{live_server.url}/admin/news/article/{article.pk}/change/"

    pages = {}
    for username in ("budi", "sari"):
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        log_in(page, live_server.url, username, f"sandi-{username}-123")
        page.goto(change_url)
        expect(page.locator(".ck-editor__editable")).to_be_visible()
        pages[username] = page

    # Budi saves first.
    budi = pages["budi"]
    budi.locator("#id_title").fill("Jadwal pleno rekapitulasi diundur")
    budi.locator("input[name=_continue]").click()
    expect(budi.locator(".messagelist")).to_contain_text("Draf disimpan")

    # Sari, still on the form she opened before, types in the editor and saves.
    sari = pages["sari"]
    sari.locator(".ck-editor__editable").click()
    sari.keyboard.press("Control+End")
    sari.keyboard.type(" Tambahan dari Sari yang tidak boleh hilang.")
    sari.locator("input[name=_continue]").click()

    expect(sari.locator(".errornote, .errorlist").first).to_be_visible()
    expect(sari.locator("ul.errorlist")).to_contain_text(
        re.compile(
            r"Tidak tersimpan: berita ini sudah diubah oleh Budi pada "
            r"\w+, \d+ \w+ \d{4} \d\d\.\d\d WIB saat Anda menyuntingnya"
        )
    )
    expect(sari.locator(".ck-editor__editable")).to_contain_text(
        "Tambahan dari Sari yang tidak boleh hilang."
    )
    sari.screenshot(path=artifacts / "admin-edit-conflict.png", full_page=True)

    article.refresh_from_db()
    assert article.title == "Jadwal pleno rekapitulasi diundur"
    assert "Tambahan dari Sari" not in article.body

    # Saving again is her deliberate choice; Budi's title is still in the history.
    sari.locator("input[name=_continue]").click()
    expect(sari.locator(".messagelist")).to_contain_text("Draf disimpan")
    article.refresh_from_db()
    assert "Tambahan dari Sari yang tidak boleh hilang." in article.body
    assert article.title == "Jadwal pleno rekapitulasi"
    kept = [version.field_dict["title"] for version in Version.objects.get_for_object(article)]
    assert kept == ["Jadwal pleno rekapitulasi", "Jadwal pleno rekapitulasi diundur"]
