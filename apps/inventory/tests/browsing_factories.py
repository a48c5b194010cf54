"""Small builders for the browsing tests: a tree, parts, stock and ledger lines."""

import itertools
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from apps.catalog.models import Category, Part
from apps.inventory.models import Location, MovementKind, StockItem, StockMovement

_numbers = itertools.count(1)


def category(name="Parts", parent=None) -> Category:
    return Category.objects.create(name=f"{name} {next(_numbers)}", parent=parent)


def location(code, name=None, parent=None, **fields) -> Location:
    return Location.objects.create(code=code, name=name or f"Place {code}", parent=parent, **fields)


def part(sku=None, *, cat=None, name=None, unit_cost="2.50") -> Part:
    number = next(_numbers)
    return Part.objects.create(
        sku=sku or f"T-{number:05d}", name=name or f"Widget {number}",
        category=cat or category(), unit_cost=Decimal(unit_cost),
    )


def stock(part_, location_, quantity="10", *, batch="", expiry=None, user=None, when=None,
          kind=MovementKind.RECEIVE, reference="") -> StockItem:
    """A stock record and the one receive line that explains its quantity."""
    item = StockItem.objects.create(
        part=part_, location=location_, batch=batch, expiry_date=expiry, quantity=Decimal(quantity)
    )
    StockMovement.objects.create(
        kind=kind, stock_item=item, part=part_, location=location_, quantity=Decimal(quantity),
        quantity_after=Decimal(quantity), user=user, reference=reference,
        created_at=when or timezone.now(),
    )
    Part.objects.filter(pk=part_.pk).update(quantity_on_hand=Decimal(quantity))
    return item


def movements(item: StockItem, count: int, *, start=None, kind=MovementKind.ADJUST, user=None):
    """`count` zero-sum ledger lines (+1 then -1) on `item`, one minute apart."""
    start = start or timezone.now() - timedelta(days=1)
    lines = []
    for index in range(count):
        delta = Decimal(1 if index % 2 == 0 else -1)
        lines.append(StockMovement(
            kind=kind, stock_item=item, part=item.part, location=item.location, quantity=delta,
            quantity_after=item.quantity + (delta if delta > 0 else 0), user=user,
            created_at=start + timedelta(minutes=index), reference=f"JOB-{index}",
        ))
    StockMovement.objects.bulk_create(lines)
    return lines


def clear_cache():
    """Cached subtree counts are keyed by ids, which SQLite reuses across tests."""
    from django.core.cache import cache

    cache.clear()
