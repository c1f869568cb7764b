from http import HTTPStatus
from uuid import uuid4

import reversion
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import F
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from reversion.admin import VersionAdmin
from reversion.models import Version

from . import revisions, tag_admin  # noqa: F401 (registers the tags' admin)
from .forms import ArticleAdminForm, ReencodedImageField
from .images import reencode_image
from .models import Article, Author, Division
from .tags import validate_tags
from .templatetags.news_format import clock_time, long_date
from .views import article_context

IMAGE_FIELDS = {models.ImageField: {"form_class": ReencodedImageField}}


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "slug"]
    list_editable = ["order"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "signature", "user"]
    list_select_related = ["user"]
    search_fields = ["name", "signature", "user__username"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["user"]
    formfield_overrides = IMAGE_FIELDS


class ReviewFilter(admin.SimpleListFilter):
    """The editors' work queue, one click from the changelist."""

    title = gettext_lazy("review")
    parameter_name = "tinjauan"

    def lookups(self, request, model_admin):
        return [("menunggu", gettext_lazy("Waiting for review"))]

    def queryset(self, request, queryset):
        if self.value() == "menunggu":
            return queryset.filter(status=Article.Status.REVIEW)
        return queryset


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    """The newsroom. Who may do what (accounts/roles.py) is enforced here, on the server:

    - writers see and edit only their own articles, and only while draft or in review;
    - only those with news.publish_article set "published", a time, or "featured",
      through the form, the buttons or the bulk actions;
    - every save is a revision (django-reversion, news/revisions.py) with its user
      and a comment; history, compare and restore follow the same rules as editing;
    - a save based on an outdated copy is refused (ArticleAdminForm's version check).
    """

    form = ArticleAdminForm

    list_display = ["title", "status", "published_at", "division", "author", "view_count"]
    list_select_related = ["division", "author"]
    list_filter = [ReviewFilter, "status", "featured", "division", "author"]
    search_fields = ["title", "lead", "slug"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["view_count", "created_at", "created_by", "updated_at", "updated_by"]
    actions = ["publish_selected", "unpublish_selected"]
    # Fields only publishers set; for others they are read-only, so a crafted POST is ignored.
    publisher_fields = ["published_at", "featured"]
    formfield_overrides = IMAGE_FIELDS
    history_latest_first = True
    object_history_template = "admin/news/article/object_history.html"
    change_list_template = "admin/news/article/change_list.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", "lead", "body"]}),
        (gettext_lazy("Cover photo"), {"fields": ["cover", "cover_alt", "cover_caption"]}),
        (gettext_lazy("Classification"), {"fields": ["division", "author", "tags"]}),
        (gettext_lazy("Publication"), {"fields": ["status", "published_at", "featured"]}),
        (
            gettext_lazy("History"),
            {"fields": readonly_fields, "classes": ["collapse"]},
        ),
    ]

    def get_urls(self):
        extra = [
            path(
                "upload-image/",
                self.admin_site.admin_view(self.upload_image_view),
                name="news_article_upload_image",
            ),
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="news_article_preview",
            ),
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="news_article_compare",
            ),
        ]
        return extra + super().get_urls()

    # --- Who may do what ----------------------------------------------------

    def get_queryset(self, request):
        articles = super().get_queryset(request)
        if not request.user.has_perm("news.edit_all_articles"):
            articles = articles.filter(created_by=request.user)
        return articles

    def has_publish_permission(self, request):
        return request.user.has_perm("news.publish_article")

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.can_be_edited_by(request.user))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.can_be_edited_by(request.user))

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("news.edit_all_articles"):
            # Bulk delete checks no object: it would reach published articles too.
            actions.pop("delete_selected", None)
        return actions

    def editable_article_or_404(self, request, object_id):
        """The article, if this user may edit it: 404 outside their articles, else 403.

        History, compare and restore are all gated by it: writers reach only their
        own drafts and articles in review, as in the change form.
        """
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            readonly += self.publisher_fields
        return readonly

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "tags":
            formfield.validators.append(validate_tags)
        return formfield

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not self.has_publish_permission(request):
            kwargs["choices"] = [
                (Article.Status.DRAFT, Article.Status.DRAFT.label),
                (Article.Status.REVIEW, Article.Status.REVIEW.label),
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        may_edit = add or (obj is not None and self.has_change_permission(request, obj))
        status = obj.status if obj else Article.Status.DRAFT
        context.update(
            show_submit_for_review=may_edit and status == Article.Status.DRAFT,
            show_publish=may_edit
            and self.has_publish_permission(request)
            and not (obj and (obj.is_published() or obj.is_scheduled())),
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        author = Author.objects.filter(user=request.user).first()
        if author is not None:
            initial.setdefault("author", author.pk)
        return initial

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "author" in form.base_fields:
            # A crafted POST with another byline fails like any invalid choice.
            form.base_fields["author"].queryset = Author.objects.bylines_for(
                request.user, keeping=obj.author_id if obj else None
            )
        restoring = getattr(request, "restoring", None)
        if restoring is None or request.method != "GET":
            return form
        initial = revisions.restored_initial(restoring)

        class RestoringForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.initial.update(initial)

        return RestoringForm

    def save_model(self, request, obj, form, change):
        was_status = was_published_at = None
        if change:
            was_status, was_published_at = (
                Article.objects.filter(pk=obj.pk).values_list("status", "published_at").get()
            )
        else:
            obj.created_by = request.user
        obj.updated_by = request.user
        if "_submit_review" in request.POST and obj.status == Article.Status.DRAFT:
            obj.status = Article.Status.REVIEW
        if "_publish" in request.POST:
            if not self.has_publish_permission(request):
                raise PermissionDenied
            obj.status = Article.Status.PUBLISHED
            obj.published_at = obj.published_at or timezone.now()
        super().save_model(request, obj, form, change)
        if "cover" in form.changed_data:  # uploaded, replaced or cleared
            from .renditions import make_cover_renditions

            make_cover_renditions(obj)
        obj.record_publication_change(
            by=request.user, was_status=was_status, was_published_at=was_published_at
        )

    def view_on_site(self, obj):
        """Published articles open on the site; others in the staff-only preview."""
        if obj.is_published():
            return obj.get_absolute_url()
        return reverse("admin:news_article_preview", args=[obj.pk])

    def _change_publication(self, request, articles, change, comment):
        """Publish or unpublish `articles` in one transaction; returns how many.

        In changelist_view's revision (VersionAdmin): one revision for the batch.
        """
        with transaction.atomic():
            articles = list(articles)
            for article in articles:
                change(article, by=request.user)
            # Open forms of these articles are now outdated: saving them must conflict.
            Article.objects.filter(pk__in=[a.pk for a in articles]).update(version=F("version") + 1)
        reversion.set_comment(comment)
        return len(articles)

    @admin.action(description=gettext_lazy("Publish selected articles"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        published = self._change_publication(
            request,
            queryset.exclude(status=Article.Status.PUBLISHED),
            Article.publish,
            _("Published from the article list."),
        )
        self.message_user(
            request,
            ngettext("%(count)d article published.", "%(count)d articles published.", published)
            % {"count": published},
            messages.SUCCESS,
        )

    @admin.action(
        description=gettext_lazy("Unpublish selected articles (back to draft)"),
        permissions=["publish"],
    )
    def unpublish_selected(self, request, queryset):
        unpublished = self._change_publication(
            request,
            queryset.filter(status=Article.Status.PUBLISHED),
            Article.unpublish,
            _("Unpublished from the article list."),
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d article unpublished.", "%(count)d articles unpublished.", unpublished
            )
            % {"count": unpublished},
            messages.SUCCESS,
        )

    # --- Revisions: history, compare, restore ------------------------------

    def history_view(self, request, object_id, extra_context=None):
        """The article's revisions, newest first, a page at a time.

        Replaces VersionAdmin's view, which lists every revision on one page and
        reads each whole (the article's text included): a writer can save an
        article thousands of times.
        """
        article = self.editable_article_or_404(request, object_id)
        versions = (
            Version.objects.get_for_object(article)
            .select_related("revision__user")
            .defer("serialized_data")
            .order_by("-pk")
        )
        paginator = self.get_paginator(request, versions, self.list_per_page)
        page = paginator.get_page(request.GET.get(PAGE_VAR))
        shown = list(page)
        # Each row links to its changes since the row below it; the last row's
        # is the first of the next page.
        below = shown[1:]
        if shown:
            below.append(versions.filter(pk__lt=shown[-1].pk).first())
        action_list = [
            {
                "revision": version.revision,
                "url": reverse(
                    f"{self.admin_site.name}:news_article_revision", args=[article.pk, version.pk]
                ),
                "previous": earlier.revision if earlier else None,
                "current": page.number == 1 and index == 0,
            }
            for index, (version, earlier) in enumerate(zip(shown, below, strict=True))
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("History of “%(article)s”") % {"article": article},
            "subtitle": None,
            "object": article,
            "opts": self.opts,
            "action_list": action_list,
            "page": page,
            "page_range": paginator.get_elided_page_range(page.number),
            "page_var": PAGE_VAR,
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

    def compare_view(self, request, object_id):
        """Two revisions side by side: what changed in each field, word by word."""
        article = self.editable_article_or_404(request, object_id)
        versions = Version.objects.get_for_object(article).select_related("revision__user")
        try:
            older, newer = sorted(
                (versions.get(revision_id=request.GET.get(name, "")) for name in ("dari", "ke")),
                key=lambda version: version.revision.date_created,
            )
        except (Version.DoesNotExist, ValueError):
            raise Http404 from None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": article,
            "title": _("Compare revisions of “%(article)s”") % {"article": article},
            "older": older,
            "newer": newer,
            "changes": revisions.compare(older, newer),
        }
        return TemplateResponse(request, "admin/news/article/revision_compare.html", context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Restore: the change form filled with an earlier revision's content.

        Replaces VersionAdmin's view, which writes the old revision to the database
        (resetting the view count) and only then checks permissions. Here nothing
        is written until the form is saved, and that save is an ordinary one.
        """
        article = self.editable_article_or_404(request, object_id)
        version = get_object_or_404(
            Version.objects.get_for_object(article).select_related("revision__user"),
            pk=version_id,
        )
        request.restoring = version  # read by get_form
        context = {
            "title": _("Restore “%(article)s”") % {"article": article},
            "restoring": version,
            **(extra_context or {}),
        }
        with self.create_revision(request):
            response = self.changeform_view(request, object_id, request.path, context)
            if request.method == "POST" and response.status_code == 302:
                reversion.set_comment(
                    _("Restored the revision of %(when)s. %(changes)s")
                    % {
                        "when": f"{long_date(version.revision.date_created)} "
                        f"{clock_time(version.revision.date_created)}",
                        "changes": reversion.get_comment(),
                    }
                )
        if response.status_code == 200:
            response.template_name = "admin/news/article/revision_form.html"
        return response

    def recoverlist_view(self, request, extra_context=None):
        # Deleted articles are everyone's: recovering them is an editor's job.
        if not request.user.has_perm("news.edit_all_articles"):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not request.user.has_perm("news.edit_all_articles"):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def preview_view(self, request, object_id):
        """The article as readers will see it, for staff, whatever its status."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        # Through get_queryset: a writer previews only their own articles.
        article = get_object_or_404(
            self.get_queryset(request).select_related("author", "division").with_tag_list(),
            pk=object_id if object_id.isdigit() else None,
        )
        context = article_context(request, article)
        response = TemplateResponse(request, "admin/news/article/preview.html", context)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    @staticmethod
    def _upload_error(message, status):
        # The shape CKEditor 5's SimpleUploadAdapter shows to the writer.
        return JsonResponse({"error": {"message": str(message)}}, status=status)

    def upload_image_view(self, request):
        """Pictures dropped into the editor: staff who may write, checked and re-encoded."""
        if request.method != "POST":
            return self._upload_error(_("Method not allowed."), HTTPStatus.METHOD_NOT_ALLOWED)
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            return self._upload_error(_("You may not upload pictures."), HTTPStatus.FORBIDDEN)
        upload = request.FILES.get("upload")
        if upload is None:
            return self._upload_error(_("No file was uploaded."), HTTPStatus.BAD_REQUEST)
        try:
            image = reencode_image(upload)
        except ValidationError as error:
            return self._upload_error(" ".join(error.messages), HTTPStatus.BAD_REQUEST)
        name = default_storage.save(
            f"uploads/{timezone.localdate():%Y/%m}/{uuid4().hex[:12]}-{image.name}", image
        )
        return JsonResponse({"url": default_storage.url(name)})
