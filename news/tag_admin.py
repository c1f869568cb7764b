"""The tags' admin: taggit's, with its merge view behind the editors' permissions,
and the suggestions the article form's tag field offers as one types.

taggit 6 adds `…/taggit/tag/merge-tags/` through `admin_site.admin_view()`,
which lets in any staff member: a writer could rename and merge every tag on
the site. Here the merge needs the permissions it uses (change and delete
tags), checks the new name like every other tag name (news/tags.py), and
merges in one transaction, so a failure leaves every tag as it was.

Suggestions come from our own server (`…/news/article/tag-suggestions/?q=pil`), for
whoever may tag an article: the names of existing tags, so that "Pilkada 2024"
is picked rather than typed again in another spelling.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, Exists, Min, OuterRef, Value, When
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.forms import TagWidget
from taggit.models import Tag, TaggedItem

from publishing import page_cache

from .models import Article, published_tags
from .tags import validate_tag_name, validate_tag_slug

# The session key taggit's own "merge" action leaves the chosen tags under.
SELECTED_TAGS = "selected_tag_ids"
# How many names one suggestion request returns: a short list to choose from.
SUGGESTIONS = 10


class TagSuggestionsWidget(TagWidget):
    """The tag field, suggesting existing tags as one types (static/js/admin-tags.js)."""

    class Media:
        css = {"all": ["css/admin-tags.css"]}
        js = ["js/admin-tags.js"]

    def __init__(self, attrs=None):
        super().__init__(
            {
                "autocomplete": "off",
                "class": "vTextField",
                "data-tag-suggestions": reverse_lazy("admin:news_article_tag_suggestions"),
                **(attrs or {}),
            }
        )


class TagForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "slug"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The address is chosen here, so any name may have one.
        self.fields["slug"].validators.append(validate_tag_slug)

    def clean_name(self):
        name = self.cleaned_data["name"]
        # Names are one tag whatever their case (news migration 0011 holds the
        # database to it): the list's merge action is the way to join two.
        same = Tag.objects.filter(name__iexact=name).exclude(pk=self.instance.pk).first()
        if same is not None:
            raise ValidationError(
                _(
                    "The tag “%(tag)s” already exists. To join two tags, choose both in "
                    "the list and use “Merge selected tags”."
                ),
                code="unique",
                params={"tag": same.name},
            )
        return name


class MergeTagsForm(forms.Form):
    new_tag_name = forms.CharField(
        label=gettext_lazy("Name of the merged tag"),
        max_length=Tag._meta.get_field("name").max_length,
        validators=[validate_tag_name],
        help_text=gettext_lazy("A new name, or the name of an existing tag."),
    )


admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(TaggitTagAdmin):
    form = TagForm
    # taggit's inline edits tagged items of any model by content type and id:
    # articles get their tags in the article form.
    inlines = []

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.has_merge_permission(request):
            actions.pop("render_tag_form", None)
        return actions

    def has_merge_permission(self, request):
        return self.has_change_permission(request) and self.has_delete_permission(request)

    @admin.action(description=gettext_lazy("Merge selected tags"))
    def render_tag_form(self, request, queryset):
        if not self.has_merge_permission(request):
            raise PermissionDenied
        request.session[SELECTED_TAGS] = [tag.pk for tag in queryset]
        return redirect("admin:taggit_tag_merge_tags")

    def merge_tags_view(self, request):
        if not self.has_merge_permission(request):
            raise PermissionDenied
        selected = self.selected_tags(request)
        if not selected:
            self.message_user(request, _("Choose the tags to merge first."), messages.WARNING)
            return redirect("admin:taggit_tag_changelist")
        form = MergeTagsForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            merged = merge_tags(selected, form.cleaned_data["new_tag_name"])
            request.session.pop(SELECTED_TAGS, None)
            self.message_user(
                request,
                ngettext(
                    "%(count)d tag merged into “%(tag)s”.",
                    "%(count)d tags merged into “%(tag)s”.",
                    len(selected),
                )
                % {"count": len(selected), "tag": merged},
                messages.SUCCESS,
            )
            return redirect("admin:taggit_tag_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Merge tags"),
            "form": form,
            "selected": selected,
            "changelist_url": reverse("admin:taggit_tag_changelist"),
        }
        return TemplateResponse(request, "admin/taggit/tag/merge_tags.html", context)

    @staticmethod
    def selected_tags(request):
        """The tags the merge action chose, as they are now (some may be gone)."""
        chosen = request.session.get(SELECTED_TAGS)
        if not isinstance(chosen, list) or not all(isinstance(pk, int) for pk in chosen):
            return []
        return list(Tag.objects.filter(pk__in=chosen).order_by("name"))


def merge_tags(tags, name):
    """Give every object tagged with any of `tags` the tag `name` instead; returns it.

    One transaction: the tag named `name` in any case (created if new) takes over
    the tagged items, an object that already had it keeps one, and the merged
    tags go. The kept tag takes the spelling typed: merging "pilkada" and
    "PILKADA" into "Pilkada" is how an editor tidies a name's case.
    """
    with transaction.atomic():
        target = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
        if target.name != name:
            target.name = name
            target.save(update_fields=["name"])
        others = [tag.pk for tag in tags if tag.pk != target.pk]
        items = TaggedItem.objects.filter(tag_id__in=others)
        already_tagged = TaggedItem.objects.filter(
            tag=target, content_type=OuterRef("content_type"), object_id=OuterRef("object_id")
        )
        items.filter(Exists(already_tagged)).delete()
        # An object with several of the merged tags keeps one item, now the target's;
        # deleting the merged tags takes the rest with them.
        first_of_each_object = (
            items.values("content_type", "object_id").annotate(first=Min("pk")).values("first")
        )
        TaggedItem.objects.filter(pk__in=first_of_each_object).update(tag=target)
        Tag.objects.filter(pk__in=others).delete()
        # Items moved by update skip the signals the page cache listens to.
        transaction.on_commit(page_cache.invalidate_now)
    return target


def suggestable_tags(user):
    """The tags `user` may be shown: all for editors; for a writer, those of
    published articles and of their own. A tag only a colleague's draft carries
    is that colleague's unpublished text."""
    if user.has_perm(Article.permission("edit_all")):
        return Tag.objects.all()
    own = Article.objects.editable_by(user).filter(tags=OuterRef("pk"))
    return published_tags() | Tag.objects.filter(Exists(own))


def suggestions_view(request):
    """{"tags": [names]}: up to SUGGESTIONS existing tags containing `q`, those
    starting with it first. Served beside the article form (ArticleAdmin.get_urls),
    for those who may add or change articles."""
    if not any(request.user.has_perm(Article.permission(act)) for act in ("add", "change")):
        raise PermissionDenied
    # No tag name holds a NUL, and PostgreSQL refuses one in a pattern.
    typed = " ".join(request.GET.get("q", "").replace("\x00", "").split())
    if not typed or len(typed) > Tag._meta.get_field("name").max_length:
        return JsonResponse({"tags": []})
    names = (
        suggestable_tags(request.user)
        .filter(name__icontains=typed)
        .annotate(starts=Case(When(name__istartswith=typed, then=Value(0)), default=Value(1)))
        .order_by("starts", "name")
        .values_list("name", flat=True)[:SUGGESTIONS]
    )
    return JsonResponse({"tags": list(names)})
