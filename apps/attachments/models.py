"""Files attached to records (datasheets, invoices, delivery notes, photos).

One model with a generic relation rather than one per app: the four kinds of record live
in three apps (catalog, inventory, purchasing), and their files are handled the same way
(type and size checks, storage, download headers, history). A low layer holding the one
model keeps that logic in one place and needs no import of the apps above it.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from apps.core.storage import safe_upload_name

# Under MEDIA_ROOT; the media view refuses this folder (settings.MEDIA_PRIVATE_DIRS):
# attachments are sent only by their own download view, with its headers.
UPLOAD_DIR = "attachments"


def upload_path(instance, filename: str) -> str:
    """attachments/catalog.part/42/datasheet.pdf (the storage adds a suffix when taken)."""
    label = f"{instance.content_type.app_label}.{instance.content_type.model}"
    return f"{UPLOAD_DIR}/{label}/{instance.object_id}/{safe_upload_name(filename)}"


class Attachment(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    file = models.FileField(upload_to=upload_path, max_length=255)
    name = models.CharField(max_length=200, help_text="The file's name as shown and downloaded.")
    media_type = models.CharField(max_length=100, help_text="Found from the content.")
    size = models.PositiveBigIntegerField(help_text="Bytes.")
    description = models.CharField(max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attachments",
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "-uploaded_at", "-id"],
                name="attachment_record_idx",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.media_type.startswith("image/")
