"""A writer types a tag that exists in another case: the field suggests it, and the
article gets that one tag, under the writer's own byline."""

import pytest
from playwright.sync_api import expect
from taggit.models import Tag

from accounts import roles
from news.models import Article, Author
from tests.e2e.conftest import log_in, staff
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1366, 390])
def test_a_typed_tag_is_suggested_and_saved_once(
    live_server, browser, artifacts, django_user_model, width
):
    writer = staff(django_user_model, "penulis", roles.WRITER)
    own = Author.objects.create(name="Amirul Hakim", slug="amirul", signature="Mrul", user=writer)
    ArticleFactory(tags=["pilkada 2024", "logistik"])
    draft = ArticleFactory(
        status=Article.Status.DRAFT, published_at=None, created_by=writer, author=own
    )

    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    log_in(page, live_server.url, "penulis", "sandi-penulis-123")
    page.goto(f"{live_server.url}/admin/news/article/{draft.pk}/change/")

    # The byline is the writer's own, shown and not to be chosen.
    expect(page.locator("#id_author")).to_be_disabled()
    expect(page.locator("#id_author option:checked")).to_have_text("Amirul Hakim [Mrul]")
    expect(
        page.get_by_text("Tanda tangan [Mrul] ditambahkan otomatis di akhir berita.")
    ).to_be_visible()

    field = page.locator("#id_tags")
    field.press_sequentially("Pilkada 2024")
    suggestion = page.get_by_role("option", name="pilkada 2024")
    expect(suggestion).to_be_visible()
    expect(page.get_by_role("option", name="logistik")).to_have_count(0)
    page.screenshot(path=artifacts / f"admin-tag-suggestion-{width}.png", full_page=True)

    # Saved as typed, without choosing: still the one existing tag.
    page.get_by_role("button", name="Simpan dan terus mengedit").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.locator("#id_tags")).to_have_value("pilkada 2024")
    assert [tag.name for tag in draft.tags.all()] == ["pilkada 2024"]
    assert Tag.objects.filter(name__iexact="pilkada 2024").count() == 1

    # Choosing with the keyboard: the tag's exact name, and a comma for the next.
    field = page.locator("#id_tags")
    field.press("End")
    field.press_sequentially(", logis")
    expect(page.get_by_role("option", name="logistik")).to_be_visible()
    expect(page.get_by_role("option", name="pilkada 2024")).to_have_count(0)
    field.press("ArrowDown")
    field.press("Enter")
    expect(field).to_have_value("pilkada 2024, logistik, ")
    page.get_by_role("button", name="Simpan dan terus mengedit").click()
    expect(page.locator("#id_tags")).to_have_value("logistik, pilkada 2024")
    assert sorted(tag.name for tag in draft.tags.all()) == ["logistik", "pilkada 2024"]
    assert Tag.objects.count() == 2
    assert Article.objects.get(pk=draft.pk).author == own
    assert problems == []


def test_an_administrator_adds_a_writer_with_a_byline_and_lifts_a_lock(
    live_server, browser, artifacts, django_user_model, settings
):
    staff(django_user_model, "pengelola", roles.ADMINISTRATOR)
    page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    log_in(page, live_server.url, "pengelola", "sandi-pengelola-123")

    page.goto(f"{live_server.url}/admin/accounts/user/add/")
    page.locator("#id_username").fill("amirul")
    page.locator("#id_password1").fill("Pemilu-Jujur-Adil-2024")
    page.locator("#id_password2").fill("Pemilu-Jujur-Adil-2024")
    page.locator("#id_first_name").fill("Amirul")
    page.locator("#id_last_name").fill("Hakim")
    page.locator("#id_role").select_option(roles.WRITER)
    page.get_by_role("button", name="Simpan", exact=True).click()
    # No signature yet: refused, with everything typed still there.
    expect(page.locator(".field-author_signature .errorlist")).to_contain_text("tanda tangan")
    expect(page.locator("#id_first_name")).to_have_value("Amirul")
    page.screenshot(path=artifacts / "admin-user-add-byline-error.png", full_page=True)
    page.locator("#id_password1").fill("Pemilu-Jujur-Adil-2024")
    page.locator("#id_password2").fill("Pemilu-Jujur-Adil-2024")
    page.locator("#id_author_signature").fill("Mrul")
    page.get_by_role("button", name="Simpan", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    author = Author.objects.get(user__username="amirul")
    assert (author.name, author.signature, author.slug) == ("Amirul Hakim", "Mrul", "amirul-hakim")

    # Locked out after failed logins: the lock shows on the page, and is lifted there.
    visitor = browser.new_context().new_page()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        visitor.goto(f"{live_server.url}/admin/login/")
        visitor.get_by_label("Nama pengguna").fill("amirul")
        visitor.get_by_label("Sandi").fill("salah")
        visitor.get_by_role("button", name="Masuk").click()
    expect(visitor.get_by_text("Terlalu banyak percobaan masuk")).to_be_visible()
    page.goto(f"{live_server.url}/admin/accounts/user/{author.user_id}/change/")
    expect(page.locator(".login-lock")).to_contain_text("amirul terkunci")
    page.screenshot(path=artifacts / "admin-user-locked.png", full_page=True)
    page.get_by_role("button", name="Buka kunci").click()
    expect(page.locator(".messagelist")).to_contain_text("Kunci akun amirul sudah dibuka")
    expect(page.locator(".login-lock")).to_contain_text("Tidak terkunci")
    log_in(visitor, live_server.url, "amirul", "Pemilu-Jujur-Adil-2024")
