"""Read-side queries for stock and the ledger."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from apps.catalog.models import Part
from apps.inventory.models import StockItem, StockMovement


@dataclass(frozen=True)
class StockMismatch:
    kind: str  # "stock record" or "part"
    id: int
    recorded: Decimal
    expected: Decimal


def stock_mismatches() -> list[StockMismatch]:
    """Stock records whose quantity differs from the sum of their movements, and parts
    whose on-hand differs from the sum of their stock records."""
    ledger_sum = (
        StockMovement.objects.filter(stock_item=OuterRef("pk"))
        .order_by()
        .values("stock_item")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    items = (
        StockItem.objects.annotate(ledger=Coalesce(Subquery(ledger_sum), Decimal(0)))
        .exclude(quantity=Coalesce(Subquery(ledger_sum), Decimal(0)))
        .values_list("id", "quantity", "ledger")
    )
    mismatches = [StockMismatch("stock record", *row) for row in items]
    stock_sum = (
        StockItem.objects.filter(part=OuterRef("pk"))
        .order_by()
        .values("part")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    parts = (
        Part.objects.annotate(stock=Coalesce(Subquery(stock_sum), Decimal(0)))
        .exclude(quantity_on_hand=Coalesce(Subquery(stock_sum), Decimal(0)))
        .values_list("id", "quantity_on_hand", "stock")
    )
    mismatches += [StockMismatch("part", *row) for row in parts]
    return mismatches
