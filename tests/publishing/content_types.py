"""The publishable types the role matrix runs over: Article, Page, and Notice, declared
only in the test suite (tests/notices/). Each says how a test makes one and posts
its change form; the rules themselves are tested once, in test_role_matrix.py.
"""

from dataclasses import dataclass
from typing import Any

from news.models import Article
from pages.models import Page
from tests.admin_forms import article_form_data
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


def content_types():
    return {
        "article": ArticleType(Article, has_preview=True),
        "notice": NoticeType(Notice, has_preview=False),
        "page": PageType(Page, has_preview=True),
    }
