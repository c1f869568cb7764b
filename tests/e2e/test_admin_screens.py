"""The admin's main screens on a desktop and on a phone, as an editor and a writer.

With demo content and a newsroom at work (an item scheduled, items waiting
for review, one sent back with a note, views over the last 30 days): the start
page, an article's form and its history, at 1366 px and at 390 px. Nothing
may be wider than a phone's screen; the start page's chart and its table are
there; axe-core finds nothing wrong on the start page's own part. Screenshots
go to test-artifacts/ for a person to look at.
"""

from datetime import timedelta

import pytest
import reversion
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from accounts import audit, roles
from accounts.models import AuditEvent
from news.models import Article
from publishing.models import ReviewNote
from tests.e2e.conftest import log_in, staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (1366, 390)
AXE = Axe()


@pytest.fixture
def newsroom(demo_site, django_user_model):
    """The demo site with an editor and a writer at work in it."""
    editor = staff(django_user_model, "redaktur", roles.EDITOR)
    writer = staff(django_user_model, "penulis", roles.WRITER)
    articles = list(Article.objects.published().order_by("-published_at"))
    # The writer's: a few read articles (their chart), and one of each state.
    Article.objects.filter(pk__in=[a.pk for a in articles[:6]]).update(created_by=writer)
    in_review, sent_back, scheduled, draft = articles[6:10]
    for item in (in_review, sent_back):
        item.status = Article.Status.REVIEW
        item.created_by = writer
        item.save()
        audit.record(writer, AuditEvent.Action.SUBMIT, item)
    sent_back.withdraw()
    sent_back.save()
    ReviewNote.objects.create(
        item=sent_back,
        kind=ReviewNote.Kind.SENT_BACK,
        text="Mohon lengkapi nama narasumber dan jabatannya di paragraf kedua, "
        "lalu kirim ulang untuk ditinjau.",
        author=editor,
    )
    scheduled.created_by = writer
    scheduled.publish(by=editor, at=timezone.now() + timedelta(days=1, hours=3))
    draft.withdraw()
    draft.created_by = writer
    draft.save()
    # A history to show: the writer's first version, then the editor's edit.
    for item in (articles[0], sent_back):
        for by, lead in ((writer, "Versi pertama ringkasan."), (editor, item.lead)):
            with reversion.create_revision():
                item.lead = lead
                item.save()
                reversion.set_user(by)
                reversion.set_comment("Ringkasan diperbaiki.")
    # What each opens: any article for the editor, their sent-back draft for the writer.
    return {"editor": (editor, articles[0]), "writer": (writer, sent_back)}


def open_page(browser, live_server, username, width):
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    log_in(page, live_server.url, username, f"sandi-{username}-123")
    return page


def check(page, artifacts, name, width):
    page.wait_for_load_state("networkidle")
    page.screenshot(path=artifacts / f"{name}-{width}.png", full_page=True)
    if width == 390:
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= 390, f"{name} is {overflow} px wide on a 390 px screen"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", ["editor", "writer"])
def test_start_page_form_and_history(live_server, browser, artifacts, newsroom, role, width):
    user, article = newsroom[role]
    username = user.username
    page = open_page(browser, live_server, username, width)
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)

    # --- The start page -------------------------------------------------------
    chart = page.locator(".view-chart svg")
    expect(chart).to_be_visible()
    expect(chart.locator("rect.view-chart__bar")).to_have_count(30)
    if role == "editor":
        queue = page.locator("section", has=page.locator("#newsroom-review"))
        expect(queue.locator("li")).to_have_count(1)
        expect(page.locator("section", has=page.locator("#newsroom-scheduled"))).to_contain_text(
            "WIB"
        )
    else:
        sent_back = page.locator("section", has=page.locator("#newsroom-sent-back"))
        expect(sent_back).to_contain_text("Mohon lengkapi nama narasumber")
        expect(page.locator("#newsroom-review")).to_have_count(0)
    # The app list stays, below.
    expect(page.locator(".app-news")).to_be_visible()
    results = AXE.run(page, context=".newsroom")
    assert results.violations_count == 0, results.generate_report()
    check(page, artifacts, f"dashboard-{role}", width)
    # The figures, one row a day, behind a summary that opens them.
    figures = page.locator(".view-chart__figures")
    figures.locator("summary").click()
    expect(figures.locator("tbody tr")).to_have_count(30)
    expect(figures.get_by_role("columnheader", name="Kali dilihat")).to_be_visible()
    check(page, artifacts, f"dashboard-{role}-figures", width)
    page.emulate_media(color_scheme="dark")
    page.screenshot(path=artifacts / f"dashboard-{role}-dark-{width}.png", full_page=True)
    page.emulate_media(color_scheme="light")
    assert problems == []

    # --- An article's form and its history -------------------------------------
    page.goto(f"{live_server.url}/admin/news/article/{article.pk}/change/")
    expect(page.locator("#id_title")).to_have_value(article.title)
    check(page, artifacts, f"article-form-{role}", width)
    page.goto(f"{live_server.url}/admin/news/article/{article.pk}/history/")
    expect(page.locator("#change-history tbody tr")).to_have_count(2)
    check(page, artifacts, f"history-{role}", width)
