"""Reading attachments."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from apps.attachments.models import Attachment


def record_attachments(record) -> QuerySet[Attachment]:
    """A record's files, newest first, with who added them: one query whatever their number."""
    return (
        Attachment.objects.filter(
            content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk
        )
        .select_related("uploaded_by")
        .order_by("-uploaded_at", "-id")
    )


def attachment_get(pk: int) -> Attachment:
    """Attachment.DoesNotExist when there is none."""
    return Attachment.objects.select_related("content_type").get(pk=pk)
