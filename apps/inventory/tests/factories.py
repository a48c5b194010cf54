"""Builders for inventory tests: locations, stock records with their ledger lines, and
ledger lines in bulk. Parts and categories come from apps.catalog.tests.factories; users
and role-signed-in clients from the root conftest.py. Stock work tests get their stock
from the services instead."""

import itertools
from datetime import timedelta
from decimal import Decimal

from django.core.cache import cache
from django.utils import timezone

from apps.catalog.models import Part
from apps.inventory.models import Location, MovementKind, StockItem, StockMovement

_numbers = itertools.count(1)


def D(value) -> Decimal:
    return Decimal(str(value))


def make_location(code=None, parent=None, *, name=None, **fields) -> Location:
    code = code or f"L{next(_numbers)}"
    return Location.objects.create(code=code, name=name or f"Place {code}", parent=parent, **fields)


def put_stock(
    part,
    location,
    quantity="10",
    *,
    batch="",
    expiry=None,
    user=None,
    when=None,
    kind=MovementKind.RECEIVE,
    reference="",
) -> StockItem:
    """A stock record and the one ledger line that explains its quantity (the part's
    on-hand is set to it)."""
    item = StockItem.objects.create(
        part=part, location=location, batch=batch, expiry_date=expiry, quantity=Decimal(quantity)
    )
    StockMovement.objects.create(
        kind=kind,
        stock_item=item,
        part=part,
        location=location,
        quantity=Decimal(quantity),
        quantity_after=Decimal(quantity),
        user=user,
        reference=reference,
        created_at=when or timezone.now(),
    )
    Part.objects.filter(pk=part.pk).update(quantity_on_hand=Decimal(quantity))
    return item


def add_movements(item: StockItem, count: int, *, start=None, kind=MovementKind.ADJUST, user=None):
    """`count` zero-sum ledger lines (+1 then -1) on `item`, one minute apart."""
    start = start or timezone.now() - timedelta(days=1)
    lines = []
    for index in range(count):
        delta = Decimal(1 if index % 2 == 0 else -1)
        lines.append(
            StockMovement(
                kind=kind,
                stock_item=item,
                part=item.part,
                location=item.location,
                quantity=delta,
                quantity_after=item.quantity + (delta if delta > 0 else 0),
                user=user,
                created_at=start + timedelta(minutes=index),
                reference=f"JOB-{index}",
            )
        )
    StockMovement.objects.bulk_create(lines)
    return lines


def clear_cache():
    """Cached subtree counts are keyed by ids, which SQLite reuses across tests."""
    cache.clear()
