"""Reports read the other apps' data; the only thing they own is the exchange rates that
turn amounts in other currencies into the base currency (settings.BASE_CURRENCY)."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Upper

from apps.purchasing.models import currency_validator

RATE_DIGITS = {"max_digits": 18, "decimal_places": 8}


class ExchangeRate(models.Model):
    """1 unit of `currency` is worth `rate` units of the base currency, from `valid_from`
    until the next rate of the same currency. Entered by hand (admin) or loaded from a CSV
    file (`manage.py exchange_rates_load`); nothing is fetched from the network."""

    currency = models.CharField(max_length=3, validators=[currency_validator])
    valid_from = models.DateField()
    rate = models.DecimalField(**RATE_DIGITS, validators=[MinValueValidator(0.00000001)])
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["currency", "-valid_from"]
        permissions = [("view_reports", "Can see the reports")]
        constraints = [
            models.UniqueConstraint(
                Upper("currency"), "valid_from", name="exchange_rate_currency_day_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.rate} (from {self.valid_from:%Y-%m-%d})"


class SnapshotDimension(models.TextChoices):
    CATEGORY = "category", "Category"
    LOCATION = "location", "Location"


class ValueSnapshot(models.Model):
    """The stock value of one category's or location's own stock (not its children's) at
    the start of `day`, a Monday: Σ quantity × unit cost of the ledger lines before it.

    A pre-aggregate for the as-of-date valuation (apps/reports/selectors/snapshots.py):
    the value on any past day is the snapshot of the Monday before it plus at most a
    week of ledger lines. Rebuilt whole by `manage.py reports_snapshot` (or its task);
    used only while `SnapshotBuild` says it still matches the catalog and the ledger."""

    dimension = models.CharField(max_length=8, choices=SnapshotDimension)
    day = models.DateField()
    node = models.PositiveIntegerField(help_text="Category or location id.")
    value = models.DecimalField(max_digits=24, decimal_places=6)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "day", "node"], name="value_snapshot_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension} {self.node} on {self.day:%Y-%m-%d}: {self.value}"


class SnapshotBuild(models.Model):
    """When the snapshots were built and from what: the last ledger line they include
    and the newest part change (costs, categories) they saw. One row."""

    built_at = models.DateTimeField()
    first_day = models.DateField(null=True)
    last_day = models.DateField(null=True)
    last_movement_id = models.BigIntegerField(default=0)
    parts_changed_at = models.DateTimeField(null=True)
    # SpendMonth: the months before `spend_until` (the start of the build's month), and
    # the last order line and receipt they saw (newer ones on those months: out of date).
    # Defaults in the database too: a build written by code that predates them works.
    spend_until = models.DateTimeField(null=True)
    last_order_line_id = models.BigIntegerField(default=0, db_default=0)
    last_receipt_id = models.BigIntegerField(default=0, db_default=0)

    def __str__(self) -> str:
        return f"Snapshots {self.first_day} … {self.last_day} built {self.built_at}"


USAGE_WINDOWS = (30, 90, 365)


class PartActivity(models.Model):
    """Per part, at the last snapshot build (SnapshotBuild.built_at): its last ledger line
    and what was issued over the last 30, 90 and 365 days (reversed issues taken back).
    Lets the usage report rank 100,000 parts by an index instead of summing months of
    ledger, and the dead-stock report start from the parts idle longest."""

    part = models.OneToOneField(
        "catalog.Part", primary_key=True, on_delete=models.CASCADE, related_name="activity"
    )
    last_moved_at = models.DateTimeField(null=True)
    issued_30 = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    issued_90 = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    issued_365 = models.DecimalField(max_digits=20, decimal_places=3, default=0)
    issues_30 = models.PositiveIntegerField(default=0)
    issues_90 = models.PositiveIntegerField(default=0)
    issues_365 = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["last_moved_at"], name="part_activity_last_moved_idx"),
            models.Index(fields=["-issued_30"], name="part_activity_issued_30_idx"),
            models.Index(fields=["-issued_90"], name="part_activity_issued_90_idx"),
            models.Index(fields=["-issued_365"], name="part_activity_issued_365_idx"),
        ]

    def __str__(self) -> str:
        return f"Activity of part {self.part_id}"


class LedgerDay(models.Model):
    """Ledger lines per local day and kind, up to the day of the last build: what the
    movements report adds up when it has no part, category or location filter (a year is
    2,000 rows instead of 1,000,000 lines). Days from the build on are summed live."""

    day = models.DateField()
    kind = models.CharField(max_length=16)
    lines = models.PositiveIntegerField()
    quantity = models.DecimalField(max_digits=24, decimal_places=3)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "kind"], name="ledger_day_kind_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.kind}: {self.lines}"


class SpendMonth(models.Model):
    """Purchasing spend per local month, supplier and order currency, for every month
    before the build's (SnapshotBuild.spend_until): what the purchasing report adds up
    instead of grouping 40,000 order lines a year (selectors/purchasing.py).

    placed: Σ quantity × price of the lines of orders placed (ordered_at) that month,
    cancelled ones out; orders: how many such orders, order_id_sum: the sum of their ids
    (with `orders`, a checksum the report compares with the orders table before trusting
    these rows). received: Σ received quantity × line price of the receipts booked that
    month. Rebuilt whole by `manage.py reports_snapshot`."""

    month = models.DateField()
    supplier_id = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    placed = models.DecimalField(max_digits=24, decimal_places=7, default=0)
    orders = models.PositiveIntegerField(default=0)
    order_id_sum = models.BigIntegerField(default=0)
    received = models.DecimalField(max_digits=24, decimal_places=7, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "supplier_id", "currency"], name="spend_month_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} supplier {self.supplier_id} {self.currency}"
