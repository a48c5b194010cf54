"""Builders for the reports' tests: a ledger with dated lines, kept consistent (each
stock record's quantity and each part's on-hand equal the sum of their lines), as the
stock services keep it. Parts, categories and locations come from their apps' factories."""

from datetime import timedelta
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from apps.catalog.models import Part
from apps.inventory.models import MovementKind, StockItem, StockMovement


def move(part, location, quantity, *, days_ago: float, kind=MovementKind.RECEIVE, reverses=None):
    """One ledger line of `quantity` (signed) `days_ago` days ago, the record and the
    part's on-hand updated to match."""
    item, _ = StockItem.objects.get_or_create(part=part, location=location)
    item.quantity += Decimal(str(quantity))
    item.save()
    line = StockMovement.objects.create(
        kind=kind,
        stock_item=item,
        part=part,
        location=location,
        quantity=Decimal(str(quantity)),
        quantity_after=item.quantity,
        created_at=timezone.now() - timedelta(days=days_ago),
        reverses=reverses,
    )
    on_hand = StockItem.objects.filter(part=part).aggregate(q=Sum("quantity"))["q"]
    Part.objects.filter(pk=part.pk).update(quantity_on_hand=on_hand)
    part.refresh_from_db()
    return line
