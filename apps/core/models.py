from django.conf import settings
from django.db import models
from django.utils import timezone


class DataVersion(models.Model):
    """One row whose `value` grows with every committed write to the application's tables.

    Database triggers (installed after every migrate, see apps/core/response_cache.py)
    bump it in the writing transaction itself, whatever wrote: the ORM, a bulk
    update, raw SQL or the admin. Cached pages are keyed on it, so a cached page can
    never outlive the data it shows.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    value = models.BigIntegerField(default=0)
    # Random, set when the row is created: a database that was emptied and refilled (tests)
    # starts a new series of versions that cannot meet the old ones in a cache.
    epoch = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"data version {self.value}"


class IdempotencyKey(models.Model):
    """The outcome of a stock form's POST, kept under the key the form carried (a hidden
    field the page generates), so that the same POST sent again (a retry after a lost
    answer, a double click) shows that outcome instead of booking a second time.

    The row is inserted in the same transaction as the write it guards, before it: a
    concurrent duplicate waits on the unique index until the first commits, then replays.
    A POST that is refused (a form error) rolls its key back with it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    path = models.CharField(max_length=255, help_text="The URL path the key was first sent to.")
    status_code = models.PositiveSmallIntegerField(null=True)
    headers = models.JSONField(default=dict, blank=True)
    body = models.TextField(blank=True)
    messages = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="core_idempotency_key_per_user")
        ]
        indexes = [models.Index(fields=["created_at"], name="core_idempotency_created_idx")]

    def __str__(self) -> str:
        return f"{self.key} ({self.user_id})"
