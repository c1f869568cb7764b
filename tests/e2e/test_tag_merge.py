"""An editor merges two tags from the tags' list; a writer is never offered the merge."""

import pytest
from playwright.sync_api import expect
from taggit.models import Tag

from accounts import roles
from news.models import Author
from tests.e2e.conftest import log_in, staff
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1366, 390])
def test_editor_merges_tags_and_writer_cannot(
    live_server, browser, artifacts, django_user_model, width
):
    editor = staff(django_user_model, "redaktur", roles.EDITOR)
    writer = staff(django_user_model, "penulis", roles.WRITER)
    ArticleFactory(tags=["pemilu", "Pemilu 2024"])
    ArticleFactory(tags=["Pemilu 2024", "logistik"])

    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    log_in(page, live_server.url, "redaktur", "sandi-redaktur-123")
    page.goto(f"{live_server.url}/admin/taggit/tag/")
    for name in ("pemilu", "Pemilu 2024"):
        page.get_by_role(
            "checkbox", name=f"Pilih objek ini untuk suatu aksi - {name}", exact=True
        ).check()
    page.locator("select[name=action]").select_option("render_tag_form")
    page.locator("button[name=index]").click()
    expect(page.get_by_role("heading", name="Gabungkan tag")).to_be_visible()
    page.get_by_label("Nama tag gabungan").fill("🎉")
    page.get_by_role("button", name="Gabungkan").click()
    expect(page.locator(".errorlist")).to_contain_text("perlu huruf Latin atau angka")
    page.screenshot(path=artifacts / f"admin-tag-merge-error-{width}.png", full_page=True)
    page.get_by_label("Nama tag gabungan").fill("Pemilu Serentak")
    page.get_by_role("button", name="Gabungkan").click()
    expect(page.locator(".messagelist")).to_contain_text("2 tag digabungkan menjadi")
    page.screenshot(path=artifacts / f"admin-tag-merge-done-{width}.png", full_page=True)
    assert set(Tag.objects.values_list("name", flat=True)) == {"logistik", "Pemilu Serentak"}

    # The writer: their own byline or the office's, and no tags' admin at all.
    Author.objects.create(name="Dewi Anggraini", slug="dewi", signature="Dew", user=writer)
    Author.objects.create(name="Rekan Redaksi", slug="rekan", signature="Rek", user=editor)
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    log_in(page, live_server.url, "penulis", "sandi-penulis-123")
    page.goto(f"{live_server.url}/admin/news/article/add/")
    expect(page.locator("#id_author option", has_text="Dewi Anggraini")).to_have_count(1)
    expect(page.locator("#id_author option", has_text="Rekan Redaksi")).to_have_count(0)
    page.screenshot(path=artifacts / f"admin-article-add-writer-{width}.png", full_page=True)
    response = page.goto(f"{live_server.url}/admin/taggit/tag/merge-tags/")
    assert response.status == 403
