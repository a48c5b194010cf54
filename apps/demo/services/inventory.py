"""Locations, stock records and the ledger of the demo data sets.

Stock records and movements are generated together so that every stock record equals
the sum of its movements and every part's on-hand equals the sum of its stock records
(the invariant `check_stock` verifies)."""

import random
import uuid
from datetime import timedelta
from decimal import Decimal

from django.db.models import DecimalField, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.catalog.models import Part
from apps.demo.services.bulk import insert, raw_delete, tree_create
from apps.inventory.models import Location, MovementKind, StockItem, StockMovement
from apps.inventory.selectors.stock import part_stock_total

ITEM_COLUMNS = ["id", "part_id", "location_id", "batch", "expiry_date", "quantity", "updated_at"]
MOVEMENT_COLUMNS = [
    "id",
    "operation",
    "kind",
    "stock_item_id",
    "part_id",
    "location_id",
    "other_location_id",
    "quantity",
    "quantity_after",
    "user_id",
    "created_at",
    "reference",
    "note",
    "reverses_id",
]


SITES = ["Main store", "Workshop", "Lab", "Goods-in", "Van stock"]


def location_fields(level: int, index: int, parent) -> dict:
    prefix = ("SITE", "A", "B")[min(level, 2)]
    # Codes are unique across the tree: prefixed with the parent's code.
    code = (f"{parent.code}-" if parent else "") + f"{prefix}{index + 1}"
    if level == 0:
        name = SITES[index] if index < len(SITES) else f"Store {index + 1}"
    else:
        name = f"{('Aisle', 'Bin')[min(level, 2) - 1]} {index + 1}"
    return {"name": name, "code": code}


def locations_create(shape: tuple[int, ...]) -> list[int]:
    """The location tree (stores, aisles, bins); returns the ids of its leaves."""
    return tree_create(Location, shape, location_fields)


def stock_create(
    *,
    stock_items: int,
    movements: int,
    part_ids: list[int],
    leaf_locations: list[int],
    user_ids: list[int],
    rng: random.Random,
    adjuster_ids: list[int] | None = None,
    log=print,
) -> None:
    """Writes `stock_items` stock records and about `movements` ledger lines; quantities
    always sum up. Receipts and issues are booked by `user_ids` (people who may move
    stock: clerks, managers), adjustments by `adjuster_ids` (managers); never by a viewer."""
    adjuster_ids = adjuster_ids or user_ids
    now = timezone.now()
    first_item_id = (
        StockItem.objects.order_by("-id").values_list("id", flat=True).first() or 0
    ) + 1
    first_movement_id = (
        StockMovement.objects.order_by("-id").values_list("id", flat=True).first() or 0
    ) + 1
    extra_movements = movements - stock_items
    on_hand: dict[int, Decimal] = {}
    item_rows, movement_rows = [], []
    movement_id = first_movement_id
    seen = set()
    for offset in range(stock_items):
        item_id = first_item_id + offset
        part_id = (
            part_ids[offset % len(part_ids)] if offset < len(part_ids) else rng.choice(part_ids)
        )
        location_id = rng.choice(leaf_locations)
        while (part_id, location_id) in seen:
            location_id = rng.choice(leaf_locations)
        seen.add((part_id, location_id))
        # Spread the extra movements evenly with some noise.
        count = 1 + extra_movements // stock_items
        if rng.random() < (extra_movements % stock_items) / stock_items:
            count += 1
        moments = sorted(
            now - timedelta(minutes=rng.randint(1, 365 * 24 * 60)) for _ in range(count)
        )
        balance = Decimal(0)
        for index, moment in enumerate(moments):
            if index == 0 or balance == 0 or rng.random() < 0.35:
                kind, delta = MovementKind.RECEIVE, Decimal(rng.randint(5, 200))
            else:
                kind = MovementKind.ISSUE if rng.random() < 0.9 else MovementKind.ADJUST
                delta = -Decimal(rng.randint(1, int(balance)))
            by = rng.choice(adjuster_ids if kind == MovementKind.ADJUST else user_ids)
            balance += delta
            movement_rows.append(
                (
                    movement_id,
                    uuid.uuid4(),
                    kind,
                    item_id,
                    part_id,
                    location_id,
                    None,
                    delta,
                    balance,
                    by,
                    moment,
                    "",
                    "",
                    None,
                )
            )
            movement_id += 1
        item_rows.append((item_id, part_id, location_id, "", None, balance, now))
        on_hand[part_id] = on_hand.get(part_id, Decimal(0)) + balance
        if len(movement_rows) >= 50_000:
            _flush(item_rows, movement_rows)
            log(f"stock records: {offset + 1}, movements: {movement_id - first_movement_id}")
    _flush(item_rows, movement_rows)
    log(f"stock records: {stock_items}, movements: {movement_id - first_movement_id}")
    _update_on_hand(on_hand)
    log("on hand of every part updated")


def _flush(items: list, movements: list) -> None:
    insert(StockItem, ITEM_COLUMNS, items)
    insert(StockMovement, MOVEMENT_COLUMNS, movements)
    items.clear()
    movements.clear()


def _update_on_hand(on_hand: dict[int, Decimal]) -> None:
    """Every part's on-hand is the sum of its stock records: one set-based UPDATE
    (a bulk_update of 100,000 rows took ~50 s; this takes ~1 s)."""
    Part.objects.filter(pk__in=list(on_hand)).update(
        quantity_on_hand=Coalesce(
            part_stock_total(), Value(Decimal(0)), output_field=DecimalField()
        )
    )


def stock_wipe() -> None:
    """The ledger and the stock records (they refer to parts and locations)."""
    raw_delete(StockMovement, StockItem)


def locations_wipe() -> None:
    Location.objects.update(parent=None)
    Location.objects.all().delete()
