from django.contrib import admin

from apps.attachments.models import Attachment


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "media_type",
        "size",
        "content_type",
        "object_id",
        "uploaded_by",
        "uploaded_at",
    )
    list_select_related = ("content_type", "uploaded_by")
    readonly_fields = (
        "file",
        "media_type",
        "size",
        "content_type",
        "object_id",
        "uploaded_by",
        "uploaded_at",
    )
    search_fields = ("name", "description")
