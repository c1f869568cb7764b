"""The admin screens issue 14 added, used as their people use them, at 1366 and 390 px.

An administrator changes the office's phone in its settings and sees it in the
public footer; an editor writes a fixed page under "Profil" and publishes it, and
it appears in the public menu; a writer opens a person's form read-only and the
pages list. Nothing may be wider than a phone's screen. Screenshots go to
test-artifacts/ for a person to look at.
"""

import pytest
from playwright.sync_api import expect

from accounts import roles
from pages.models import Page, Person
from tests.e2e.conftest import log_in, staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (1366, 390)


def open_as(browser, live_server, user, width):
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    log_in(page, live_server.url, user.username, f"sandi-{user.username}-123")
    return page


def check(page, artifacts, name, width):
    page.wait_for_load_state("networkidle")
    page.screenshot(path=artifacts / f"{name}-{width}.png", full_page=True)
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, f"{name} is {wide} px wide on a {width} px screen"


@pytest.mark.parametrize("width", WIDTHS)
def test_an_administrator_changes_the_offices_phone_and_readers_see_it(
    live_server, browser, artifacts, demo_site, django_user_model, width
):
    admin = staff(django_user_model, "admin_kantor", roles.ADMINISTRATOR)
    page = open_as(browser, live_server, admin, width)

    # The list of one row leads straight to it.
    page.goto(f"{live_server.url}/admin/office/sitesettings/")
    phone = page.locator("#id_phone")
    expect(phone).to_be_visible()
    check(page, artifacts, "office-settings", width)
    phone.fill("(0355) 791234")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    check(page, artifacts, "office-settings-saved", width)

    page.goto(f"{live_server.url}/admin/office/externallink/")
    check(page, artifacts, "office-links", width)

    page.goto(f"{live_server.url}/kontak/")
    expect(page.locator("footer")).to_contain_text("(0355) 791234")
    check(page, artifacts, "office-contact", width)


@pytest.mark.parametrize("width", WIDTHS)
def test_an_editor_writes_a_page_under_profil_and_it_is_in_the_menu(
    live_server, browser, artifacts, demo_site, django_user_model, width
):
    editor = staff(django_user_model, "redaktur_kantor", roles.EDITOR)
    profil = Page.objects.get(parent=None, title="Profil")
    page = open_as(browser, live_server, editor, width)

    page.goto(f"{live_server.url}/admin/pages/page/")
    expect(page.locator("#result_list")).to_contain_text("Visi dan Misi")
    check(page, artifacts, "pages-list-editor", width)

    page.goto(f"{live_server.url}/admin/pages/page/add/")
    page.locator("#id_title").fill("Maklumat Pelayanan Informasi")
    page.locator("#id_summary").fill("Janji layanan informasi publik kantor.")
    editor_box = page.locator(".ck-editor__editable").first
    editor_box.click()
    editor_box.type("Kami melayani permintaan informasi publik dengan cepat.")
    page.locator("#id_parent").select_option(str(profil.pk))
    page.locator("#id_in_menu").check()
    page.locator("#id_status").select_option("published")
    check(page, artifacts, "page-form-editor", width)
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    created = Page.objects.get(title="Maklumat Pelayanan Informasi")
    assert created.parent == profil and created.is_published()
    assert "melayani permintaan informasi" in created.body

    page.goto(f"{live_server.url}/")
    # In the closed menu (a popover), so hidden until opened: look it up by its text.
    link = page.locator(".site-nav a", has_text="Maklumat Pelayanan Informasi")
    expect(link).to_have_attribute("href", created.get_absolute_url())


@pytest.mark.parametrize("width", WIDTHS)
def test_a_writer_sees_the_people_but_cannot_change_them(
    live_server, browser, artifacts, demo_site, django_user_model, width
):
    writer = staff(django_user_model, "penulis_kantor", roles.WRITER)
    person = Person.objects.order_by("order").first()
    page = open_as(browser, live_server, writer, width)

    page.goto(f"{live_server.url}/admin/pages/person/{person.pk}/change/")
    expect(page.locator("#content")).to_contain_text(person.name)
    expect(page.locator("input[name=_save]")).to_have_count(0)
    check(page, artifacts, "person-writer", width)

    page.goto(f"{live_server.url}/admin/pages/page/")
    check(page, artifacts, "pages-list-writer", width)
