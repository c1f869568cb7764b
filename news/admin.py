import re
from http import HTTPStatus

from django.contrib import admin, messages
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import JsonResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents.admin import LinksDocuments
from media_library.admin import picker_attributes, picker_view
from media_library.uploads import store_upload
from publishing.admin import PublishableAdmin
from publishing.fields import SEARCH_VECTORS
from publishing.processing import queue_on_commit

from . import tag_admin  # noqa: F401 (registers the tags' admin)
from .article_page import article_context
from .forms import ReencodedImageField
from .models import Article, Author, Division
from .renditions import make_cover_renditions
from .tag_admin import TagSuggestionsWidget, suggestions_view
from .tags import validate_tags
from .tasks import cover_label, make_article_cover_renditions

# The expression of the index news_article_adm_search_idx (news/models.py), which
# the search must repeat to be read through it.
ADMIN_SEARCH_VECTOR = SearchVector("title", "lead", "slug", config="simple")


# Past this many matches, the search filters the list itself (get_search_results()).
SEARCH_BY_KEY_UP_TO = 10_000


def admin_search_words(search_term):
    """The tsquery of every word of `search_term`, each matching the words it begins;
    of a link's last part only (https://…/berita/rapat-pleno/: "rapat", "pleno")."""
    if re.match(r"\s*(https?://|/)", search_term):
        search_term = search_term.strip().rstrip("/").rpartition("/")[2]
    words = re.findall(r"[^\W_]+", search_term.lower())
    return " & ".join(f"{word}:*" for word in words)


IMAGE_FIELDS = {models.ImageField: {"form_class": ReencodedImageField}}
NO_BYLINE = gettext_lazy(
    "Your account has no author profile yet, so your articles would have no byline: "
    "ask an administrator to add one to your user account (Users, “Author profile”)."
)


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
    formfield_overrides = IMAGE_FIELDS

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "user" in form.base_fields:
            # A list to choose from, not an id to type: the accounts with no byline yet.
            users = form.base_fields["user"].queryset
            form.base_fields["user"].queryset = users.filter(
                Q(author_profile__isnull=True, is_active=True) | Q(pk=obj.user_id if obj else None)
            ).order_by("username")
        return form


@admin.register(Article)
class ArticleAdmin(LinksDocuments, PublishableAdmin):
    """The newsroom's articles: the publishing rules (publishing/admin.py), plus the
    writer's byline, tags, the cover's renditions and pictures dropped into the editor.
    """

    list_display = ["title", "state_label", "published_at", "division", "author", "view_count"]
    list_select_related = ["division", "author"]
    list_filter = [*PublishableAdmin.list_filter, "featured", "division", "author"]
    # What the search reads (get_search_results(): words, not substrings).
    search_fields = ["title", "lead", "slug"]
    list_deferred_fields = ["body", *SEARCH_VECTORS, "cover_renditions"]
    prepopulated_fields = {"slug": ["title"]}
    history_fields = ["view_count", "created_at", "created_by", "updated_at", "updated_by"]
    readonly_fields = [*history_fields, "cover_status"]
    publisher_fields = [*PublishableAdmin.publisher_fields, "featured"]
    formfield_overrides = IMAGE_FIELDS
    # Existing public documents, found by title or number (documents/admin.py).
    autocomplete_fields = ["documents"]
    preview_template = "admin/news/article/preview.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", "lead", "body"]}),
        (
            gettext_lazy("Cover photo"),
            {"fields": ["cover", "cover_status", "cover_alt", "cover_caption"]},
        ),
        (gettext_lazy("Classification"), {"fields": ["division", "author", "tags"]}),
        (gettext_lazy("Documents"), {"fields": ["documents"]}),
        (gettext_lazy("Publication"), {"fields": ["status", "published_at", "featured"]}),
        (
            gettext_lazy("History"),
            {"fields": history_fields, "classes": ["collapse"]},
        ),
    ]

    class Media:
        # The "Picture library" button beside the body's editor (media_library/).
        css = {"all": ["css/admin-media-library.css"]}
        js = ["js/admin-media-library.js"]

    def get_urls(self):
        upload = path(
            "upload-image/",
            self.admin_site.admin_view(self.upload_image_view),
            name="news_article_upload_image",
        )
        # The body's "Picture library" button: what this user may reuse (media_library/).
        library = path(
            "media-library/",
            self.admin_site.admin_view(picker_view),
            name="news_article_media_library",
        )
        tag_suggestions = path(
            "tag-suggestions/",
            self.admin_site.admin_view(suggestions_view),
            name="news_article_tag_suggestions",
        )
        return [upload, library, tag_suggestions, *super().get_urls()]

    def get_search_results(self, request, queryset, search_term):
        """Articles whose title, lead or address has every word searched, or a word
        it begins ("rapat ple" finds "Rapat Pleno Terbuka"); a pasted link searches
        the words of its last part, the article's address.

        Read through the index news_article_adm_search_idx: a substring search
        (icontains) would read every article.
        """
        words = admin_search_words(search_term)
        if not words:
            return queryset, False
        matching = queryset.alias(admin_search=ADMIN_SEARCH_VECTOR).filter(
            admin_search=SearchQuery(words, config="simple", search_type="raw")
        )
        ids = list(matching.order_by().values_list("pk", flat=True)[: SEARCH_BY_KEY_UP_TO + 1])
        if len(ids) <= SEARCH_BY_KEY_UP_TO:
            # Found through the index, then read by key. Given the expression, PostgreSQL
            # may walk the list newest first, computing each article's words, until
            # it has a page: for a rare word, most of the table.
            return queryset.filter(pk__in=ids), False
        # So many that a page of them is among the first articles walked.
        return matching, False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "tags":
            formfield.validators.append(validate_tags)
            formfield.widget = TagSuggestionsWidget(formfield.widget.attrs)
        if db_field.name == "body":
            # Read by static/js/admin-media-library.js: the "Picture library" button.
            formfield.widget.attrs.update(picker_attributes())
        return formfield

    def chooses_byline(self, request):
        """Editors put any byline on an article; a writer's articles carry their own."""
        return request.user.has_perm(Article.permission("edit_all"))

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        author = Author.objects.filter(user=request.user).first()
        if not self.chooses_byline(request):
            # Not from the address (?author=…): the writer's own, or none.
            initial["author"] = author.pk if author else None
        elif author is not None:
            initial.setdefault("author", author.pk)
        return initial

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        own = Author.objects.filter(user=request.user).first()
        if "author" in form.base_fields:
            field = form.base_fields["author"]
            field.queryset = Author.objects.bylines_for(
                request.user, keeping=obj.author_id if obj else None
            )
            if not self.chooses_byline(request):
                # Shown, not chosen: a disabled field keeps the server's value (the
                # writer's own byline, or the one an editor set) whatever is posted.
                field.disabled = True
                field.error_messages["required"] = NO_BYLINE
                if obj is None:
                    field.initial = own.pk if own else None
        if "body" in form.base_fields:
            form.base_fields["body"].help_text = (
                _("The signature [%(signature)s] is added at the end of the article automatically.")
                % {"signature": own.signature}
                if own and not self.chooses_byline(request)
                else _(
                    "The author’s signature, in square brackets such as [Mrul], is added at the "
                    "end of the article automatically."
                )
            )
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if (
            add
            and not self.chooses_byline(request)
            and not Author.objects.filter(user=request.user).exists()
        ):
            self.message_user(request, NO_BYLINE, messages.WARNING)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "cover" in form.changed_data:  # uploaded, replaced or cleared
            if obj.cover:
                # Seconds of resizing: a worker does it once the save commits.
                queue_on_commit(make_article_cover_renditions, obj.pk)
            else:
                make_cover_renditions(obj)  # only empties the dict

    @admin.display(description=gettext_lazy("cover renditions"))
    def cover_status(self, article):
        # menunggu, diproses, selesai, gagal: … (news/tasks.py); one query.
        return cover_label(article) or "–"

    def preview_queryset(self, request):
        return (
            super().preview_queryset(request).select_related("author", "division").with_tag_list()
        )

    def preview_context(self, request, obj):
        return article_context(request, obj)

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
            # Into the picture library, with its renditions (media_library/uploads.py).
            image = store_upload(upload, request.user)
        except ValidationError as error:
            return self._upload_error(" ".join(error.messages), HTTPStatus.BAD_REQUEST)
        return JsonResponse({"url": image.file.url})
