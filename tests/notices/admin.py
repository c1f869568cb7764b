from django.contrib import admin

from publishing.admin import PublishableAdmin

from .models import Notice


@admin.register(Notice)
class NoticeAdmin(PublishableAdmin):
    list_display = ["title", "state_label", "published_at"]
    fields = ["title", "text", "status", "published_at"]
