"""Nothing is published while Publishable.publication_errors() says why not:
not through the form, its "Save and publish" button, a schedule, nor the list."""

from http import HTTPStatus

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from pytest_django.asserts import assertContains

from accounts.models import AuditEvent
from news.models import Article
from publishing.models import Status
from tests.clients import login
from tests.notices.models import Notice
from tests.publishing.content_types import NoticeType

pytestmark = pytest.mark.django_db

NOTICES = "/admin/notices/notice/"
REASON = "Gambar kedua belum punya teks alternatif."


@pytest.fixture(autouse=True)
def pictures_need_alt_text(monkeypatch):
    """A notice whose text holds "<img" cannot be published (as an article's body
    pictures without alt text cannot)."""
    monkeypatch.setattr(
        Notice, "publication_errors", lambda self: [REASON] if "<img" in self.text else []
    )


@pytest.fixture
def notice(writer):
    return NoticeType(Notice, has_preview=False).make(writer, Status.REVIEW, title="Pleno")


TYPED = {"title": "Pleno terbuka hari ini", "text": '<p>Hadir.</p><p><img src="/a.jpg"></p>'}


@pytest.mark.parametrize(
    "publishing",
    [
        {"status": "published"},
        {"status": "review", "_publish": "1"},
        {"status": "published", "published_at_0": "03/12/2030", "published_at_1": "09:00"},
    ],
    ids=["status", "button", "schedule"],
)
def test_the_form_says_why_and_keeps_what_was_typed(notice, editor, publishing):
    data = {"published_at_0": "", "published_at_1": "", **TYPED, **publishing, "version": 1}
    response = login(editor).post(f"{NOTICES}{notice.pk}/change/", data)
    assert response.status_code == HTTPStatus.OK
    assertContains(response, f"Notice belum dapat diterbitkan: {REASON}")
    assertContains(response, 'value="Pleno terbuka hari ini"')
    notice.refresh_from_db()
    assert (notice.title, notice.status) == ("Pleno", Status.REVIEW)
    assert not AuditEvent.objects.exists()


def test_the_same_text_saves_as_a_draft(notice, editor):
    data = {"published_at_0": "", "published_at_1": "", **TYPED, "status": "draft", "version": 1}
    response = login(editor).post(f"{NOTICES}{notice.pk}/change/", data)
    assert response.status_code == HTTPStatus.FOUND
    notice.refresh_from_db()
    assert notice.title == "Pleno terbuka hari ini"


def test_the_list_publishes_the_ready_ones_and_names_the_others(writer, editor):
    make = NoticeType(Notice, has_preview=False).make
    ready = make(writer, Status.REVIEW, title="Siap terbit")
    held = make(writer, Status.REVIEW, title="Fotonya belum lengkap")
    Notice.objects.filter(pk=held.pk).update(text='<p><img src="/a.jpg"></p>')
    response = login(editor).post(
        NOTICES, {"action": "publish_selected", "_selected_action": [ready.pk, held.pk]}
    )
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "1 notice diterbitkan",
        f"“Fotonya belum lengkap” tidak diterbitkan: {REASON}",
    ]
    ready.refresh_from_db()
    held.refresh_from_db()
    assert ready.is_published() and held.status == Status.REVIEW


@pytest.mark.parametrize("model", [Article, Notice])
def test_the_database_rule_speaks_of_any_item(model):
    constraint = next(c for c in model._meta.constraints if c.name.endswith("has_date"))
    with pytest.raises(ValidationError) as refused:
        constraint.validate(model, model(status=Status.PUBLISHED, published_at=None))
    assert refused.value.messages == ["Konten yang terbit harus punya waktu terbit."]
