"""Locks and the ledger writer that every stock write (stock.py, stocktakes.py) uses.

Locks are taken in one order — Part rows by id, then StockItem rows by id — so
concurrent operations queue instead of losing updates or deadlocking.
"""

import uuid
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db import IntegrityError

from apps.catalog.models import Part
from apps.core.templatetags.quantities import qty
from apps.inventory.models import Location, StockItem, StockMovement
from apps.inventory.services.stock_validation import StockError, clean_batch


def lock_parts(parts: Iterable, *, check_active: bool = True) -> dict[int, Part]:
    """Locks the parts' rows in id order; refuses unknown and archived parts."""
    ids = sorted({p.pk if isinstance(p, Part) else p for p in parts if p is not None})
    if not ids:
        raise StockError("Choose a part.", field="part")
    locked = {p.pk: p for p in Part.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    for pk in ids:
        if pk not in locked:
            raise StockError("Unknown part.", field="part")
        if check_active and not locked[pk].is_active:
            raise StockError(f"{locked[pk].sku} is archived.", field="part")
    return locked


def get_or_create_item(part: Part, location: Location, batch: str) -> StockItem:
    """The stock record for (part, location, batch), created if missing.

    Creating races with another transaction creating the same record: the unique
    constraint makes one of them fail (inside a savepoint), and that one reads the row
    the other committed. Callers lock the part row first, so within the stock services the race
    cannot happen; other writers (imports) are still safe.
    """
    try:
        item, _ = StockItem.objects.get_or_create(part=part, location=location, batch=batch)
    except IntegrityError:  # pragma: no cover - lost a creation race outside the part lock
        item = StockItem.objects.get(part=part, location=location, batch=batch)
    return item


def lock_items(ids: Iterable[int]) -> dict[int, StockItem]:
    ids = sorted(set(ids))
    return {
        i.pk: i for i in StockItem.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    }


class Ledger:
    """Collects the lines of one operation and writes them with the stock changes."""

    def __init__(self, *, user, reference: str, note: str):
        self.operation = uuid.uuid4()
        self.user = user
        self.reference = reference
        self.note = note
        self.part_deltas: dict[int, Decimal] = defaultdict(Decimal)
        self.movements: list[StockMovement] = []

    def post(
        self,
        item: StockItem,
        delta: Decimal,
        *,
        kind: str,
        location: Location,
        other_location: Location | None = None,
        reverses: StockMovement | None = None,
        field: str = "quantity",
        note: str | None = None,
    ) -> StockMovement:
        new_quantity = item.quantity + delta
        if new_quantity < 0 and not location.allow_negative_stock:
            unit = item.part.unit_id if item.part_id else ""
            raise StockError(
                f"Only {qty(item.quantity)} {unit} of {item.part.sku} at {location.code}"
                f"{' (batch ' + item.batch + ')' if item.batch else ''}; this would leave "
                f"{qty(new_quantity)}.",
                field=field,
            )
        item.quantity = new_quantity
        item.save(update_fields=["quantity", "updated_at"])
        movement = StockMovement.objects.create(
            operation=self.operation,
            kind=kind,
            stock_item=item,
            part_id=item.part_id,
            location=location,
            other_location=other_location,
            quantity=delta,
            quantity_after=new_quantity,
            user=self.user,
            reference=self.reference,
            note=self.note if note is None else note,
            reverses=reverses,
        )
        self.part_deltas[item.part_id] += delta
        self.movements.append(movement)
        return movement

    def finish(self, parts: dict[int, Part], *callers_parts: Part) -> None:
        """Moves Part.quantity_on_hand by the net change.

        The rows are locked (read after the lock was granted), so the new value is
        computed here in Decimal: SQLite would do `F() + delta` in floating point.
        """
        for part_id, delta in self.part_deltas.items():
            if delta:
                parts[part_id].quantity_on_hand += delta
                Part.objects.filter(pk=part_id).update(
                    quantity_on_hand=parts[part_id].quantity_on_hand
                )
        for part in callers_parts:  # keep the caller's instances in step
            if part is not None and part.pk in parts:
                part.quantity_on_hand = parts[part.pk].quantity_on_hand


def attach(item: StockItem, part: Part, location: Location) -> StockItem:
    item.part = part
    item.location = location
    return item


def lock_part_with_batch(part, batch):
    """Locks the part's row (every operation starts here, so locks come in one order)
    and checks the batch against it. Returns the lock map, the locked part and the batch."""
    parts = lock_parts([part])
    locked_part = next(iter(parts.values()))
    return parts, locked_part, clean_batch(locked_part, batch)
