"""Where stock is and how it got there: locations, stock records and the ledger."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower, Upper
from django.utils import timezone

from apps.catalog.models import QUANTITY_DIGITS
from apps.core.errors import DomainError
from apps.core.reversing import fast_reverse
from apps.core.text_limits import NOTE_LENGTH, TEXT_LENGTH, text_limit
from apps.core.trees import TreeNode


class Location(TreeNode):
    code = models.CharField(
        max_length=32, help_text="Short code printed on the shelf label and scanned."
    )
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, **text_limit(TEXT_LENGTH))
    is_active = models.BooleanField("active", default=True)
    allow_negative_stock = models.BooleanField(
        default=False, help_text="Managers may allow stock below zero here (e.g. a job site)."
    )

    class Meta:
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(Lower("code"), name="location_code_case_insensitive_unique"),
        ]
        indexes = [
            models.Index(
                fields=["path"], name="location_path_idx", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["name"], name="location_name_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def get_absolute_url(self) -> str:
        return fast_reverse("inventory:location_detail", args=[self.pk])


class StockItem(models.Model):
    """The quantity of one part at one location (and batch). Changed only by movements."""

    part = models.ForeignKey("catalog.Part", on_delete=models.PROTECT, related_name="stock_items")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="stock_items")
    batch = models.CharField(max_length=64, blank=True, default="")
    expiry_date = models.DateField(null=True, blank=True)
    quantity = models.DecimalField(**QUANTITY_DIGITS, default=Decimal("0"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["part", "location", "batch"], name="stock_item_part_location_batch_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["location", "part"], name="stock_item_location_part_idx"),
            models.Index(fields=["expiry_date"], name="stock_item_expiry_idx"),
            # Wanted by the stock list (docs/inventory-browsing.md): sort/filter on quantity,
            # exact case-insensitive batch search.
            models.Index(fields=["quantity"], name="stock_item_quantity_idx"),
            models.Index(Upper("batch"), name="stock_item_batch_upper_idx"),
        ]

    def __str__(self) -> str:
        batch = f" [{self.batch}]" if self.batch else ""
        return f"{self.part_id}@{self.location_id}{batch}: {self.quantity}"


class MovementKind(models.TextChoices):
    RECEIVE = "receive", "Receive"
    ISSUE = "issue", "Issue"
    TRANSFER = "transfer", "Transfer"
    ADJUST = "adjust", "Adjust"
    COUNT = "count", "Count"
    REVERSAL = "reversal", "Reversal"


class ImmutableLedgerError(DomainError):
    """A ledger line was to be edited or deleted: write a reversal instead."""


class StockMovement(models.Model):
    """One line of the immutable ledger: a signed change of one stock record.

    A transfer writes two lines (out of the source, into the target) sharing
    `operation`. The sum of `quantity` per stock record equals its quantity.
    """

    operation = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)
    kind = models.CharField(max_length=16, choices=MovementKind)
    stock_item = models.ForeignKey(StockItem, on_delete=models.PROTECT, related_name="movements")
    part = models.ForeignKey("catalog.Part", on_delete=models.PROTECT, related_name="movements")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="movements")
    other_location = models.ForeignKey(
        Location,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="counterpart_movements",
        help_text="For transfers: where the stock came from or went to.",
    )
    quantity = models.DecimalField(
        **QUANTITY_DIGITS, help_text="Signed change of the stock record."
    )
    quantity_after = models.DecimalField(**QUANTITY_DIGITS)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="stock_movements",
    )
    created_at = models.DateTimeField(default=timezone.now)
    reference = models.CharField(max_length=100, blank=True, help_text="PO number, job, …")
    note = models.TextField(blank=True, **text_limit(NOTE_LENGTH))
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [
            ("move_stock", "Can receive, issue and transfer stock"),
            ("count_stock", "Can count stock (stocktakes)"),
            ("adjust_stock", "Can adjust stock and allow negative stock"),
            ("reverse_movement", "Can reverse a stock movement"),
        ]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="movement_recent_idx"),
            models.Index(fields=["part", "-created_at", "-id"], name="movement_part_recent_idx"),
            models.Index(
                fields=["location", "-created_at", "-id"], name="movement_location_recent_idx"
            ),
            models.Index(fields=["kind", "-created_at"], name="movement_kind_recent_idx"),
            models.Index(fields=["user", "-created_at"], name="movement_user_recent_idx"),
            models.Index(fields=["stock_item"], name="movement_stock_item_idx"),
            # movement_reference_upper_idx (UPPER(reference) varchar_pattern_ops, for the
            # ledger's reference prefix search) is PostgreSQL-only: migration 0004.
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity:+} of part {self.part_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableLedgerError("Ledger lines are never edited; write a reversal instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableLedgerError("Ledger lines are never deleted; write a reversal instead.")


class StocktakeStatus(models.TextChoices):
    OPEN = "open", "In progress"
    COMMITTED = "committed", "Committed"
    CANCELLED = "cancelled", "Cancelled"


class Stocktake(models.Model):
    """A count of a location and everything below it (docs/stock-work.md).

    Lines snapshot the expected quantity when the count starts; committing sets each
    counted record to what was counted, computing the difference under lock then.
    """

    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="stocktakes")
    status = models.CharField(max_length=16, choices=StocktakeStatus, default=StocktakeStatus.OPEN)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="stocktakes_started",
    )
    started_at = models.DateTimeField(default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stocktakes_closed",
        help_text="Who committed or cancelled it.",
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    operation = models.UUIDField(
        null=True, blank=True, help_text="The ledger operation of the commit."
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["location"],
                condition=models.Q(status="open"),
                name="stocktake_one_open_per_location",
            ),
        ]

    def __str__(self) -> str:
        return f"Stocktake #{self.pk} of {self.location_id}"

    def get_absolute_url(self) -> str:
        return fast_reverse("inventory:stocktake_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == StocktakeStatus.OPEN


class StocktakeLine(models.Model):
    """One stock record to count, or a part found where it has no record ("found" line:
    part, location and batch given, `stock_item` empty until the commit creates it)."""

    stocktake = models.ForeignKey(Stocktake, on_delete=models.CASCADE, related_name="lines")
    stock_item = models.ForeignKey(
        StockItem, null=True, blank=True, on_delete=models.PROTECT, related_name="stocktake_lines"
    )
    part = models.ForeignKey(
        "catalog.Part",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Found lines: the part found (no stock record when it was added).",
    )
    location = models.ForeignKey(
        Location,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Found lines: where it was found.",
    )
    batch = models.CharField(max_length=64, blank=True, default="")
    expected = models.DecimalField(
        **QUANTITY_DIGITS, help_text="The record's quantity when the count started."
    )
    counted = models.DecimalField(**QUANTITY_DIGITS, null=True, blank=True)
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    counted_at = models.DateTimeField(null=True, blank=True)
    difference = models.DecimalField(
        **QUANTITY_DIGITS,
        null=True,
        blank=True,
        help_text="Booked at commit (counted − quantity then).",
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["stocktake", "stock_item"], name="stocktake_line_unique_item"
            ),
            models.UniqueConstraint(
                fields=["stocktake", "part", "location", "batch"],
                condition=models.Q(part__isnull=False),
                name="stocktake_line_unique_found",
            ),
            models.CheckConstraint(
                condition=models.Q(stock_item__isnull=False)
                | models.Q(part__isnull=False, location__isnull=False),
                name="stocktake_line_item_or_found",
            ),
        ]

    def __str__(self) -> str:
        return f"Line {self.pk} of stocktake {self.stocktake_id}"

    @property
    def is_found(self) -> bool:
        """Added during the count for a part with no stock record at that location."""
        return self.part_id is not None

    # What the line counts, whichever kind it is (select_related both sides).
    @property
    def line_part(self):
        return self.stock_item.part if self.stock_item_id else self.part

    @property
    def line_location(self):
        return self.stock_item.location if self.stock_item_id else self.location

    @property
    def line_batch(self) -> str:
        return self.stock_item.batch if self.stock_item_id else self.batch

    @property
    def on_record(self):
        """The record's quantity now (a found line's record does not exist yet: 0)."""
        return self.stock_item.quantity if self.stock_item_id else Decimal(0)
