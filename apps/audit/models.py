"""History: who changed which record, when, from what (a before/after diff per field)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class AuditAction(models.TextChoices):
    CREATE = "create", "created"
    UPDATE = "update", "changed"
    DELETE = "delete", "deleted"


class AuditEntry(models.Model):
    """One change of one record. `changes` maps a field name to [before, after]."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=200)
    action = models.CharField(max_length=8, choices=AuditAction)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    created_at = models.DateTimeField(default=timezone.now)
    request_id = models.CharField(
        max_length=32, blank=True, db_index=True, help_text="Groups the changes of one request."
    )
    source = models.CharField(
        max_length=200, blank=True, help_text="Request method and path, or the command that ran."
    )
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "history entry"
        verbose_name_plural = "history entries"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "-created_at", "-id"], name="audit_record_idx"
            ),
            models.Index(fields=["-created_at", "-id"], name="audit_recent_idx"),
            models.Index(fields=["user", "-created_at"], name="audit_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.object_repr} {self.get_action_display()} by {self.user or 'system'}"

    @property
    def model_label(self) -> str:
        return f"{self.content_type.app_label}.{self.content_type.model}"


class AuditParent(models.Model):
    """A record an entry also belongs to: the price list's part and supplier, an order
    line's order. A record's history shows the changes of its own lines through these
    (recorder.PARENT_FIELDS)."""

    entry = models.ForeignKey(AuditEntry, on_delete=models.CASCADE, related_name="parents")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)

    class Meta:
        verbose_name = "history entry parent"
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_parent_idx")]

    def __str__(self) -> str:
        return f"{self.entry_id} → {self.content_type_id}:{self.object_id}"
