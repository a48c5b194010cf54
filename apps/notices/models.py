"""Who wants which notice, what was sent, and the one row that keeps the daily schedule.

A sent notice is a row unique per (user, kind, day), written in the same transaction as
the send: a second worker or a second run on the same day finds the row and sends
nothing (apps/notices/services.py)."""

from django.conf import settings
from django.db import models


class NoticeKind(models.TextChoices):
    LOW_STOCK = "low_stock", "Low-stock digest"
    OVERDUE_ORDERS = "overdue_orders", "Overdue orders"


class NoticePreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preference"
    )
    low_stock = models.BooleanField(
        "Daily low-stock digest",
        default=False,
        help_text="Parts below their reorder point, every morning (only when there are some).",
    )
    categories = models.ManyToManyField(
        "catalog.Category",
        blank=True,
        related_name="+",
        help_text="Only parts in these categories (and their subcategories). None: all parts.",
    )
    overdue_orders = models.BooleanField(
        "Overdue orders",
        default=False,
        help_text="Placed orders past their expected date and not fully received (purchasers).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Notices of {self.user}"


class SentNotice(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_notices"
    )
    kind = models.CharField(max_length=20, choices=NoticeKind)
    day = models.DateField(help_text="The day (site time zone) the notice is for.")
    sent_at = models.DateTimeField(auto_now_add=True)
    email = models.CharField(max_length=254)
    subject = models.CharField(max_length=200)
    item_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "day"], name="sentnotice_once_a_day")
        ]
        indexes = [models.Index(fields=["-sent_at", "-id"], name="sentnotice_recent_idx")]
        permissions = [("manage_notices", "Can see every notice sent and send them now")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.email} on {self.day}"


class NoticeSchedule(models.Model):
    """One row (pk 1): the queued task that sends the next notices, so that ensuring the
    schedule (manage.py schedule_notices, any number of times, from any number of
    places) never queues a second chain."""

    task_result_id = models.CharField(max_length=64, blank=True)
    next_run_at = models.DateTimeField(null=True, blank=True)
    last_run_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Next notices at {self.next_run_at}"
