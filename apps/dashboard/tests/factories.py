"""Builders for the dashboard's tests (parts, categories and locations come from
apps/catalog/tests/factories.py)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from apps.inventory.models import MovementKind, StockItem, StockMovement


def add_movements(part, location, *, days_ago: list[int]):
    """One receipt of 1 into the part's stock at `location` for each entry, that many days ago."""
    item, _ = StockItem.objects.get_or_create(part=part, location=location)
    for n, ago in enumerate(days_ago):
        StockMovement.objects.create(
            kind=MovementKind.RECEIVE,
            stock_item=item,
            part=part,
            location=location,
            quantity=Decimal(1),
            quantity_after=Decimal(n + 1),
            created_at=timezone.now() - timedelta(days=ago),
        )
