"""Purchasing: who sells what (suppliers, their price lists) and what was ordered from them."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from apps.catalog.models import MONEY_DIGITS, QUANTITY_DIGITS
from apps.core.reversing import fast_reverse
from apps.core.text_limits import ADDRESS_LENGTH, TEXT_LENGTH, text_limit

currency_validator = RegexValidator(r"^[A-Z]{3}$", "Use a three-letter ISO 4217 code, e.g. EUR.")

# What a user edits (forms, admin) and the services write, in one place.
SUPPLIER_FIELDS = (
    "name",
    "code",
    "contact_name",
    "email",
    "phone",
    "website",
    "address",
    "currency",
    "notes",
    "is_active",
)
# A price-list line's terms (the supplier and part it links are set apart).
SUPPLIER_PART_TERMS = (
    "supplier_sku",
    "unit_price",
    "currency",
    "lead_time_days",
    "minimum_order_quantity",
    "is_preferred",
)
# How it is packed (not in the demo's COPY columns: the database defaults fill them).
SUPPLIER_PART_PACK = ("pack_size", "pack_name")


class Supplier(models.Model):
    name = models.CharField(max_length=200)
    code = models.CharField(
        max_length=32, blank=True, help_text="Your short code for the supplier."
    )
    contact_name = models.CharField(max_length=120, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    address = models.TextField(blank=True, **text_limit(ADDRESS_LENGTH))
    currency = models.CharField(
        max_length=3,
        default="EUR",
        validators=[currency_validator],
        help_text="Default currency of this supplier's prices (ISO 4217).",
    )
    notes = models.TextField(blank=True, **text_limit(TEXT_LENGTH))
    is_active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="supplier_name_case_insensitive_unique"),
        ]
        indexes = [models.Index(fields=["is_active", "name"], name="supplier_active_name_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return fast_reverse("purchasing:supplier_detail", args=[self.pk])


class SupplierPart(models.Model):
    """One line of a supplier's price list."""

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="supplier_parts")
    part = models.ForeignKey(
        "catalog.Part", on_delete=models.CASCADE, related_name="supplier_parts"
    )
    supplier_sku = models.CharField("supplier SKU", max_length=64, blank=True)
    unit_price = models.DecimalField(**MONEY_DIGITS, validators=[MinValueValidator(0)])
    currency = models.CharField(max_length=3, validators=[currency_validator])
    lead_time_days = models.PositiveIntegerField("lead time (days)", default=0)
    minimum_order_quantity = models.DecimalField(
        **QUANTITY_DIGITS, default=Decimal("1"), validators=[MinValueValidator(Decimal("0.001"))]
    )
    is_preferred = models.BooleanField("preferred", default=False)
    # The supplier sells in packs of `pack_size` stock units (a box of 100 pieces): its
    # price and minimum order are per pack, orders are in packs. 1: sold by the unit.
    # Database defaults too: the demo's COPY of price lists leaves these columns out.
    pack_size = models.DecimalField(
        "pack size",
        **QUANTITY_DIGITS,
        default=Decimal("1"),
        db_default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.001"))],
        help_text="How many stock units one pack holds (1: sold by the unit).",
    )
    pack_name = models.CharField(
        "pack", max_length=40, blank=True, default="", db_default="", help_text='E.g. "box of 100".'
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "price-list line"
        ordering = ["supplier__name", "part__sku"]
        constraints = [
            models.UniqueConstraint(fields=["supplier", "part"], name="supplier_part_unique"),
            models.UniqueConstraint(
                fields=["part"],
                condition=Q(is_preferred=True),
                name="one_preferred_supplier_per_part",
            ),
            models.CheckConstraint(
                condition=Q(pack_size__gt=0), name="supplier_part_pack_size_positive"
            ),
        ]
        # A page of a supplier's price list, in its catalogue order (supplier page).
        indexes = [
            models.Index(fields=["supplier", "supplier_sku", "id"], name="supplier_part_sku_idx")
        ]

    def __str__(self) -> str:
        return f"{self.supplier} · {self.part.sku}"

    @property
    def in_packs(self) -> bool:
        return self.pack_size != 1

    @property
    def price_per_unit(self) -> Decimal:
        """The price of one stock unit: the pack's price over its size."""
        return price_per_unit(self.unit_price, self.pack_size)


def price_per_unit(pack_price: Decimal, pack_size: Decimal) -> Decimal:
    return (pack_price / (pack_size or 1)).quantize(Decimal("0.0001"))


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    ORDERED = "ordered", "Ordered"
    PARTIALLY_RECEIVED = "partially_received", "Partially received"
    RECEIVED = "received", "Received"
    CANCELLED = "cancelled", "Cancelled"


OPEN_STATUSES = (Status.ORDERED, Status.PARTIALLY_RECEIVED)


class PurchaseOrder(models.Model):
    number = models.CharField(max_length=20, unique=True, editable=False)
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="purchase_orders")
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    currency = models.CharField(max_length=3, validators=[currency_validator], default="EUR")
    expected_date = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True, **text_limit(TEXT_LENGTH))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    ordered_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        permissions = [
            ("receive_purchaseorder", "Can receive deliveries against a purchase order"),
            ("cancel_purchaseorder", "Can cancel a purchase order"),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="po_status_created_idx"),
            models.Index(fields=["supplier", "-created_at"], name="po_supplier_created_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return fast_reverse("purchasing:purchase_order_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def can_receive(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def can_place(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def can_cancel(self) -> bool:
        return self.status in (Status.DRAFT, Status.ORDERED)


class PurchaseOrderLine(models.Model):
    order = models.ForeignKey(PurchaseOrder, on_delete=models.CASCADE, related_name="lines")
    part = models.ForeignKey(
        "catalog.Part", on_delete=models.PROTECT, related_name="purchase_order_lines"
    )
    quantity = models.DecimalField(
        **QUANTITY_DIGITS, validators=[MinValueValidator(Decimal("0.001"))]
    )
    unit_price = models.DecimalField(**MONEY_DIGITS, validators=[MinValueValidator(0)])
    received_quantity = models.DecimalField(**QUANTITY_DIGITS, default=Decimal("0"))
    position = models.PositiveIntegerField(default=0)
    # A line is in the supplier's terms: `quantity` and `received_quantity` count packs,
    # `unit_price` is the price of one pack. `pack_size` (stock units per pack) is copied
    # from the price list when the line is made, so a later change of the price list
    # never rewrites what was ordered; stock moves in units: packs × pack_size.
    pack_size = models.DecimalField(
        "pack size",
        **QUANTITY_DIGITS,
        default=Decimal("1"),
        db_default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.001"))],
    )

    class Meta:
        ordering = ["order", "position", "id"]
        indexes = [models.Index(fields=["part", "order"], name="po_line_part_order_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(pack_size__gt=0), name="po_line_pack_size_positive"),
        ]

    def __str__(self) -> str:
        # In the order's history: "Purchase order line 2 · A-1".
        return f"{self.position} · {self.part.sku}"

    @property
    def total(self) -> Decimal:
        return (self.quantity or 0) * (self.unit_price or 0)

    @property
    def outstanding(self) -> Decimal:
        return max(self.quantity - self.received_quantity, Decimal("0"))

    @property
    def in_packs(self) -> bool:
        return self.pack_size != 1

    @property
    def stock_quantity(self) -> Decimal:
        """What was ordered in stock units."""
        return (self.quantity or 0) * self.pack_size

    @property
    def received_stock_quantity(self) -> Decimal:
        return self.received_quantity * self.pack_size


class LineReceipt(models.Model):
    """A receive movement of the ledger booked against an order line (purchase_order_receive).

    The line's received quantity follows the ledger through these: when one of these
    movements is reversed (inventory's movement_reverse, from any screen), the line gives
    the quantity back and the order reopens (services/receiving.py)."""

    line = models.ForeignKey(PurchaseOrderLine, on_delete=models.CASCADE, related_name="receipts")
    movement = models.OneToOneField(
        "inventory.StockMovement", on_delete=models.PROTECT, related_name="purchase_receipt"
    )

    def __str__(self) -> str:
        return f"Line {self.line_id} ← movement {self.movement_id}"


class NumberCounter(models.Model):
    """One row per number series; incremented under a row lock so numbers never collide."""

    name = models.CharField(max_length=20, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"
