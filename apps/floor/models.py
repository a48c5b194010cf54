"""Check-out: a part, tool or batch lent to a person (a user or a named borrower) or a
job, and its return. The stock goes out and comes back through the ledger (an ISSUE
line at check-out, a RECEIVE line at check-in, both through inventory's services), so
`manage.py check_stock` holds; these rows say who has it and until when."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.core.text_limits import NOTE_LENGTH


class Checkout(models.Model):
    part = models.ForeignKey("catalog.Part", on_delete=models.PROTECT, related_name="checkouts")
    batch = models.CharField(max_length=64, blank=True, default="")
    quantity = models.DecimalField(max_digits=13, decimal_places=3)
    from_location = models.ForeignKey(
        "inventory.Location", on_delete=models.PROTECT, related_name="+"
    )
    borrower = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="borrowed",
        help_text="A user of Stockroom…",
    )
    borrower_name = models.CharField(
        "borrower", max_length=100, blank=True, default="", help_text="…or anyone else, by name."
    )
    job = models.CharField(max_length=100, blank=True, default="")
    due_date = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=NOTE_LENGTH, blank=True, default="")
    checked_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    checked_out_at = models.DateTimeField()
    out_movement = models.OneToOneField(
        "inventory.StockMovement", on_delete=models.PROTECT, related_name="+"
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    return_location = models.ForeignKey(
        "inventory.Location", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    in_movement = models.OneToOneField(
        "inventory.StockMovement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-checked_out_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(borrower__isnull=False) | ~Q(borrower_name="") | ~Q(job=""),
                name="checkout_has_someone_or_a_job",
            ),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="checkout_quantity_positive"),
        ]
        indexes = [
            # The open ones, by due date (the checked-out list, overdue first).
            models.Index(
                fields=["due_date", "checked_out_at"],
                condition=Q(returned_at__isnull=True),
                name="checkout_open_due_idx",
            ),
            models.Index(fields=["part", "returned_at"], name="checkout_part_idx"),
        ]

    def __str__(self) -> str:
        return f"Checkout #{self.pk}: {self.quantity} × {self.part_id} to {self.holder}"

    @property
    def holder(self) -> str:
        """Who or what has it: the person, the job, or both."""
        person = self.borrower_name or (self.borrower.get_username() if self.borrower_id else "")
        if person and self.job:
            return f"{person} ({self.job})"
        return person or self.job

    @property
    def is_open(self) -> bool:
        return self.returned_at is None
