"""The catalog: what a shop stocks (parts) and how it groups them (categories)."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower

from apps.core.reversing import fast_reverse
from apps.core.text_limits import TEXT_LENGTH, text_limit
from apps.core.trees import TreeNode

QUANTITY_DIGITS = {"max_digits": 14, "decimal_places": 3}
MONEY_DIGITS = {"max_digits": 14, "decimal_places": 4}


class Category(TreeNode):
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, **text_limit(TEXT_LENGTH))
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = "categories"
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint("parent", Lower("name"), name="category_name_unique_in_parent"),
        ]
        indexes = [
            models.Index(
                fields=["path"], name="category_path_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return self.name


class UnitOfMeasure(models.TextChoices):
    """The units every database starts with (migration 0011 creates them as `Unit` rows);
    more are added as data. Kept for code that names a unit (demo data, tests)."""

    PIECE = "pcs", "pieces"
    METRE = "m", "metres"
    KILOGRAM = "kg", "kilograms"
    GRAM = "g", "grams"
    LITRE = "l", "litres"
    MILLILITRE = "ml", "millilitres"
    PACK = "pack", "packs"
    BOX = "box", "boxes"
    ROLL = "roll", "rolls"
    SET = "set", "sets"


# The standard units measured, not counted: they take fractions (1.5 m, 0.25 kg).
FRACTIONAL_UNITS = frozenset({"m", "kg", "g", "l", "ml"})


class Unit(models.Model):
    """A unit of measure. Parts point at it by its code (`Part.unit`, column `unit`), the
    natural key shared with imports, exports, the API and the demo's COPY: so the code is
    fixed once the unit exists, while its name and whether it takes fractions can change."""

    code = models.CharField(
        max_length=16,
        unique=True,
        help_text="Short code shown after quantities (pcs, m, kg); cannot change later.",
    )
    name = models.CharField(max_length=60, help_text="What it is called, e.g. pieces, metres.")
    allows_fractions = models.BooleanField(
        "allows fractions",
        default=False,
        help_text="Quantities may have decimals (1.5 m); off for things counted whole (pcs).",
    )

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(Lower("code"), name="unit_code_case_insensitive_unique"),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return fast_reverse("catalog:unit_edit", args=[self.pk])


class Part(models.Model):
    sku = models.CharField("SKU", max_length=64)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, **text_limit(TEXT_LENGTH))
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="parts")
    # By code (to_field): `part.unit_id` is the code ("pcs"), shown without a join.
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        to_field="code",
        db_column="unit",
        related_name="parts",
        default=UnitOfMeasure.PIECE.value,
        verbose_name="unit of measure",
    )
    barcode = models.CharField(max_length=64, null=True, blank=True, unique=True)
    reorder_point = models.DecimalField(
        **QUANTITY_DIGITS, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    reorder_quantity = models.DecimalField(
        **QUANTITY_DIGITS, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    unit_cost = models.DecimalField(
        **MONEY_DIGITS, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    default_location = models.ForeignKey(
        "inventory.Location",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="default_for_parts",
    )
    tracks_batches = models.BooleanField(
        "tracks batches", default=False, help_text="Stock is kept per batch/lot with expiry."
    )
    is_active = models.BooleanField("active", default=True)
    image = models.ImageField(upload_to="parts/", blank=True)
    notes = models.TextField(blank=True, **text_limit(TEXT_LENGTH))
    # Kept equal to the sum of the part's stock records by the stock services, in the
    # same transaction, so lists can sort and filter on it without aggregating.
    quantity_on_hand = models.DecimalField(**QUANTITY_DIGITS, default=Decimal("0"), editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sku"]
        permissions = [
            ("import_parts", "Can import parts from CSV/Excel"),
            ("export_parts", "Can export parts to CSV/Excel"),
        ]
        constraints = [
            models.UniqueConstraint(Lower("sku"), name="part_sku_case_insensitive_unique"),
        ]
        indexes = [
            models.Index(fields=["name"], name="part_name_idx"),
            models.Index(fields=["category", "sku"], name="part_category_sku_idx"),
            models.Index(fields=["is_active", "sku"], name="part_active_sku_idx"),
            models.Index(fields=["quantity_on_hand"], name="part_on_hand_idx"),
            # The parts list picks a page of ids on these (active parts, the default
            # view), index-only, before fetching the 25 rows it shows.
            models.Index(
                fields=["quantity_on_hand", "id"],
                condition=models.Q(is_active=True),
                name="part_active_on_hand_idx",
            ),
            models.Index(
                fields=["name", "id"],
                condition=models.Q(is_active=True),
                name="part_active_name_idx",
            ),
            models.Index(
                fields=["reorder_point", "id"],
                condition=models.Q(is_active=True),
                name="part_active_reorder_idx",
            ),
            models.Index(
                fields=["category", "name", "id"],
                condition=models.Q(is_active=True),
                name="part_active_category_name_idx",
            ),
            # The newest change to any part (costs, categories): whether the reports'
            # value snapshots still hold (apps/reports/selectors/snapshots.py).
            models.Index(fields=["updated_at"], name="part_updated_at_idx"),
            # Active parts below their reorder point (the dashboard's shortlist, the list's
            # "below reorder point" filter): a small index of just those rows.
            models.Index(
                (models.F("reorder_point") - models.F("quantity_on_hand")).desc(),
                "sku",
                condition=models.Q(is_active=True, quantity_on_hand__lt=models.F("reorder_point")),
                name="part_below_reorder_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sku} — {self.name}"

    def get_absolute_url(self) -> str:
        return fast_reverse("catalog:part_detail", args=[self.pk])

    @property
    def is_below_reorder_point(self) -> bool:
        return self.quantity_on_hand < self.reorder_point

    @property
    def stock_value(self) -> Decimal:
        return self.quantity_on_hand * self.unit_cost
