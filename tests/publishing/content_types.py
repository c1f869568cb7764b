"""The publishable types the role matrix runs over: Article, Page, Announcement, Document
and Notice, declared only in the test suite (tests/notices/). Each says how a test makes
one and posts its change form; the rules themselves are tested once, in test_role_matrix.py.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import count
from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from announcements.models import Announcement
from documents.models import Document
from news.models import Article
from pages.models import Page
from tests.admin_forms import article_form_data
from tests.documents.conftest import document_form_data
from tests.factories import ArticleFactory, AuthorFactory, DivisionFactory
from tests.notices.models import Notice


@dataclass
class TypeUnderTest:
    model: Any
    has_preview: bool

    @property
    def admin_url(self):
        return f"/admin/{self.model._meta.app_label}/{self.model._meta.model_name}/"

    def change_url(self, item):
        return f"{self.admin_url}{item.pk}/change/"

    def make(self, owner, status, published_at=None, **fields):
        raise NotImplementedError

    def form_data(self, item, **overrides):
        raise NotImplementedError


class ArticleType(TypeUnderTest):
    def make(self, owner, status, published_at=None, **fields):
        self.division = getattr(self, "division", None) or DivisionFactory()
        self.author = getattr(self, "author", None) or AuthorFactory()
        return ArticleFactory(
            created_by=owner,
            status=status,
            published_at=published_at,
            division=self.division,
            author=self.author,
            **fields,
        )

    def form_data(self, item, **overrides):
        return article_form_data(item, **overrides)


class NoticeType(TypeUnderTest):
    def make(self, owner, status, published_at=None, **fields):
        fields.pop("slug", None)  # a notice has no address of its own
        return Notice.objects.create(
            title=fields.pop("title", "Pengumuman jadwal pleno"),
            text="<p>Pleno terbuka digelar di aula kantor.</p>",
            created_by=owner,
            status=status,
            published_at=published_at,
            **fields,
        )

    def form_data(self, item, **overrides):
        data = {
            "title": item.title,
            "text": item.text,
            "status": item.status,
            "published_at_0": "",
            "published_at_1": "",
        }
        data.update(overrides)
        return data


class PageType(TypeUnderTest):
    def make(self, owner, status, published_at=None, **fields):
        return Page.objects.create(
            title=fields.pop("title", "Visi dan Misi"),
            body="<p>Terwujudnya pemilu yang jujur dan adil.</p>",
            created_by=owner,
            status=status,
            published_at=published_at,
            **fields,
        )

    def form_data(self, item, **overrides):
        data = {
            "title": item.title,
            "slug": item.slug,
            "summary": item.summary,
            "body": item.body,
            "parent": item.parent_id or "",
            "order": item.order,
            "layout": item.layout,
            "status": item.status,
            "published_at_0": "",
            "published_at_1": "",
        }
        if item.in_menu:
            data["in_menu"] = "on"
        data.update(overrides)
        return data


class AnnouncementType(TypeUnderTest):
    numbers = count(1)  # slugs are unique

    def make(self, owner, status, published_at=None, **fields):
        self.division = getattr(self, "division", None) or DivisionFactory()
        title = fields.pop("title", "Pendaftaran calon anggota PPS")
        now = timezone.now()
        return Announcement.objects.create(
            title=title,
            slug=fields.pop("slug", f"{slugify(title)}-{next(self.numbers)}"),
            body="<p>Pendaftaran dibuka di sekretariat PPK.</p>",
            division=self.division,
            valid_from=now - timedelta(hours=1),
            valid_until=now + timedelta(days=7),
            created_by=owner,
            status=status,
            published_at=published_at,
            **fields,
        )

    def form_data(self, item, **overrides):
        def split(moment):
            local = timezone.localtime(moment)
            return f"{local:%d/%m/%Y}", f"{local:%H:%M:%S}"

        data = {
            "title": item.title,
            "slug": item.slug,
            "summary": item.summary,
            "body": item.body,
            "division": item.division_id,
            "documents": [],
            "status": item.status,
            "published_at_0": "",
            "published_at_1": "",
        }
        data["valid_from_0"], data["valid_from_1"] = split(item.valid_from)
        data["valid_until_0"], data["valid_until_1"] = split(item.valid_until)
        if item.pinned:
            data["pinned"] = "on"
        data.update(overrides)
        return data


class DocumentType(TypeUnderTest):
    numbers = count(1)  # slugs are unique

    def make(self, owner, status, published_at=None, **fields):
        title = fields.pop("title", "Keputusan Penetapan DPT")
        return Document.objects.create(
            title=title,
            slug=fields.pop("slug", f"{slugify(title)}-{next(self.numbers)}"),
            document_date=date(2024, 9, 20),
            information_class=Document.InformationClass.ANY_TIME,
            created_by=owner,
            status=status,
            published_at=published_at,
            **fields,
        )

    def form_data(self, item, **overrides):
        return document_form_data(item, **overrides)


def content_types():
    return {
        "article": ArticleType(Article, has_preview=True),
        "notice": NoticeType(Notice, has_preview=False),
        "page": PageType(Page, has_preview=True),
        "announcement": AnnouncementType(Announcement, has_preview=True),
        # Staff see a document as readers will, at its own address (documents/views.py).
        "document": DocumentType(Document, has_preview=False),
    }
