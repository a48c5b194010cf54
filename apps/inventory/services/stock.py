"""Stock operations: receive, issue, transfer (one record or many), adjust, count and
reverse (docs/stock-work.md). With stocktakes.py, every change of stock goes through here.

Each function
- runs in one transaction,
- locks what it changes in a fixed order — Part rows by id, then StockItem rows by id —
  so concurrent operations queue instead of losing updates or deadlocking,
- writes exactly one StockMovement per stock record it touches (signed `quantity`,
  `quantity_after`), sharing one `operation` uuid across the lines of one operation,
- keeps Part.quantity_on_hand equal to the sum of the part's stock records,
- refuses to take a stock record below zero unless its location allows negative stock,
- refuses decimals of a part counted in whole units (2.5 pcs; `whole_units`), whoever
  calls: the forms, the API, the floor, imports, purchasing's receiving,
- raises StockError (with the form field it concerns) for anything it refuses; nothing
  is written then.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.catalog.models import Part
from apps.core.templatetags.quantities import qty
from apps.inventory.models import MovementKind, StockItem, StockMovement
from apps.inventory.services.stock_ledger import (
    Ledger,
    attach,
    get_or_create_item,
    lock_items,
    lock_part_with_batch,
    lock_parts,
)
from apps.inventory.services.stock_validation import (
    StockError,
    active_location,
    clean_quantity,
    clean_text,
    whole_units,
)
from apps.inventory.signals import movements_reversed


def stock_receive(
    *, part, location, quantity, user, batch="", expiry_date=None, reference="", note=""
) -> StockMovement:
    """Books `quantity` of `part` into `location` (and batch)."""
    quantity = clean_quantity(quantity)
    reference, note = clean_text(reference, note)
    with transaction.atomic():
        parts, locked_part, batch = lock_part_with_batch(part, batch)
        whole_units(locked_part, quantity)
        location = active_location(location, field="location")
        item = get_or_create_item(locked_part, location, batch)
        item = attach(lock_items([item.pk])[item.pk], locked_part, location)
        if expiry_date:
            if item.expiry_date and item.expiry_date != expiry_date:
                raise StockError(
                    f"Batch {batch} expires on {item.expiry_date:%Y-%m-%d} here already.",
                    field="expiry_date",
                )
            if item.expiry_date != expiry_date:
                item.expiry_date = expiry_date
                item.save(update_fields=["expiry_date"])
        ledger = Ledger(user=user, reference=reference, note=note)
        movement = ledger.post(item, quantity, kind=MovementKind.RECEIVE, location=location)
        ledger.finish(parts, part if isinstance(part, Part) else None)
    return movement


def stock_issue(
    *, part, location, quantity, user, batch="", reference="", note=""
) -> StockMovement:
    """Takes `quantity` of `part` out of `location` (to a job, a customer, the bin)."""
    quantity = clean_quantity(quantity)
    reference, note = clean_text(reference, note)
    with transaction.atomic():
        parts, locked_part, batch = lock_part_with_batch(part, batch)
        whole_units(locked_part, quantity)
        location = active_location(location, field="location")
        item = _item_to_take_from(locked_part, location, batch)
        item = attach(lock_items([item.pk])[item.pk], locked_part, location)
        ledger = Ledger(user=user, reference=reference, note=note)
        movement = ledger.post(item, -quantity, kind=MovementKind.ISSUE, location=location)
        ledger.finish(parts, part if isinstance(part, Part) else None)
    return movement


def stock_transfer(
    *, part, from_location, to_location, quantity, user, batch="", reference="", note=""
) -> tuple[StockMovement, StockMovement]:
    """Moves `quantity` of `part` from one location to another: two lines, one operation."""
    quantity = clean_quantity(quantity)
    reference, note = clean_text(reference, note)
    with transaction.atomic():
        parts, locked_part, batch = lock_part_with_batch(part, batch)
        whole_units(locked_part, quantity)
        source = active_location(from_location, field="from_location")
        target = active_location(to_location, field="to_location")
        if source.pk == target.pk:
            raise StockError("Choose a location other than the source.", field="to_location")
        ledger = Ledger(user=user, reference=reference, note=note)
        out_line, in_line = _transfer_lines(ledger, locked_part, source, target, batch, quantity)
        ledger.finish(parts, part if isinstance(part, Part) else None)
    return out_line, in_line


def _item_to_take_from(part, location, batch) -> StockItem:
    """The stock record stock leaves from; refused when there is none, unless this
    location allows negative stock (then an empty record is created to go below zero)."""
    item = StockItem.objects.filter(part=part, location=location, batch=batch).first()
    if item is not None:
        return item
    if not location.allow_negative_stock:
        raise StockError(
            f"There is no stock of {part.sku} at {location.code}"
            f"{' in batch ' + batch if batch else ''}.",
            field="quantity",
        )
    return get_or_create_item(part, location, batch)


def _transfer_lines(ledger, part, source, target, batch, quantity, *, source_item=None):
    if source_item is None:
        source_item = _item_to_take_from(part, source, batch)
    target_item = get_or_create_item(part, target, batch)
    locked = lock_items([source_item.pk, target_item.pk])
    source_item = attach(locked[source_item.pk], part, source)
    target_item = attach(locked[target_item.pk], part, target)
    if source_item.expiry_date and not target_item.expiry_date:
        target_item.expiry_date = source_item.expiry_date
        target_item.save(update_fields=["expiry_date"])
    out_line = ledger.post(
        source_item, -quantity, kind=MovementKind.TRANSFER, location=source, other_location=target
    )
    in_line = ledger.post(
        target_item, quantity, kind=MovementKind.TRANSFER, location=target, other_location=source
    )
    return out_line, in_line


def stock_transfer_bulk(
    *, stock_items, to_location, user, quantities=None, reference="", note=""
) -> list[StockMovement]:
    """Moves whole stock records (or `quantities[id]` of them) to `to_location`.

    All or nothing: one refused record refuses the lot.
    """
    ids = [i.pk if isinstance(i, StockItem) else int(i) for i in stock_items]
    if not ids:
        raise StockError("Select at least one stock record.", field="selected")
    if len(set(ids)) != len(ids):
        raise StockError("A stock record is selected twice.", field="selected")
    reference, note = clean_text(reference, note)
    with transaction.atomic():
        rows = {i.pk: i for i in StockItem.objects.filter(pk__in=ids)}
        if len(rows) != len(ids):
            raise StockError("A selected stock record no longer exists.", field="selected")
        parts = lock_parts([row.part_id for row in rows.values()])
        target = active_location(to_location, field="to_location")
        ledger = Ledger(user=user, reference=reference, note=note)
        locked = lock_items(ids)
        for pk in sorted(ids):
            item = locked[pk]
            source = active_location(item.location_id, field="selected")
            if source.pk == target.pk:
                raise StockError(
                    f"{parts[item.part_id].sku} is already at {target.code}.", field="to_location"
                )
            if quantities and pk in quantities:
                quantity = clean_quantity(quantities[pk])
                try:
                    whole_units(parts[item.part_id], quantity, field="selected")
                except StockError as error:
                    sku = parts[item.part_id].sku
                    raise StockError(f"{sku}: {error.message}", field="selected") from None
            else:
                quantity = item.quantity
                if quantity <= 0:
                    raise StockError(
                        f"Nothing to move: {parts[item.part_id].sku} at {source.code} has "
                        f"{qty(quantity)}.",
                        field="selected",
                    )
            _transfer_lines(
                ledger, parts[item.part_id], source, target, item.batch, quantity, source_item=item
            )
        ledger.finish(parts)
    return ledger.movements


def stock_adjust(
    *, part, location, quantity_delta, user, batch="", reference="", note
) -> StockMovement:
    """Corrects stock by a signed amount, with a reason (managers)."""
    delta = clean_quantity(quantity_delta, field="quantity_delta", signed=True)
    reference, note = clean_text(reference, note)
    if not note:
        raise StockError("Give the reason for the adjustment.", field="note")
    with transaction.atomic():
        parts, locked_part, batch = lock_part_with_batch(part, batch)
        whole_units(locked_part, delta, field="quantity_delta")
        location = active_location(location, field="location")
        item = StockItem.objects.filter(part=locked_part, location=location, batch=batch).first()
        if item is None:
            if delta < 0 and not location.allow_negative_stock:
                raise StockError(
                    f"There is no stock of {locked_part.sku} at {location.code} to take away.",
                    field="quantity_delta",
                )
            item = get_or_create_item(locked_part, location, batch)
        item = attach(lock_items([item.pk])[item.pk], locked_part, location)
        ledger = Ledger(user=user, reference=reference, note=note)
        movement = ledger.post(
            item, delta, kind=MovementKind.ADJUST, location=location, field="quantity_delta"
        )
        ledger.finish(parts, part if isinstance(part, Part) else None)
    return movement


def stock_count(
    *, stock_item, counted_quantity, user, reference="", note=""
) -> StockMovement | None:
    """Sets a stock record to what was counted; returns None when nothing differs.

    The difference is computed here, under the lock, so stock that moved since the
    count started is not double-counted: the count wins.
    """
    counted = clean_quantity(counted_quantity, field="counted_quantity", allow_zero=True)
    reference, note = clean_text(reference, note)
    pk = stock_item.pk if isinstance(stock_item, StockItem) else stock_item
    with transaction.atomic():
        row = StockItem.objects.filter(pk=pk).first()
        if row is None:
            raise StockError("Unknown stock record.", field="stock_item")
        parts = lock_parts([row.part_id])
        whole_units(parts[row.part_id], counted, field="counted_quantity")
        location = active_location(row.location_id, field="location")
        item = attach(lock_items([pk])[pk], parts[row.part_id], location)
        delta = counted - item.quantity
        if delta == 0:
            return None
        ledger = Ledger(user=user, reference=reference, note=note)
        movement = ledger.post(
            item, delta, kind=MovementKind.COUNT, location=location, field="counted_quantity"
        )
        ledger.finish(parts)
    if isinstance(stock_item, StockItem):
        stock_item.quantity = item.quantity
    return movement


def movement_reverse(*, movement, user, note="") -> list[StockMovement]:
    """Writes compensating REVERSAL lines for the whole operation `movement` belongs to.

    Managers only. A reversal cannot be reversed and an operation is reversed once.
    """
    if user is None or not user.has_perm("inventory.reverse_movement"):
        raise PermissionDenied("Only managers may reverse movements.")
    return _operation_reverse(movement, user=user, note=note)


UNDO_WINDOW = timedelta(minutes=1)


def movement_undo(*, movement, user, now=None) -> list[StockMovement]:
    """Reverses the user's own last operation within UNDO_WINDOW (the floor flow's Undo):
    the same reversal as `movement_reverse`, for whoever may move stock, on their own
    fresh work only."""
    if user is None or not user.has_perm("inventory.move_stock"):
        raise PermissionDenied("You may not move stock.")
    pk = movement.pk if isinstance(movement, StockMovement) else movement
    first = StockMovement.objects.filter(pk=pk).only("user_id", "created_at").first()
    if first is None:
        raise StockError("Unknown movement.", field="movement")
    if first.user_id != user.pk:
        raise PermissionDenied("Only your own work can be undone.")
    if (now or timezone.now()) - first.created_at > UNDO_WINDOW:
        raise StockError("Too late to undo: a minute has passed.", field="movement")
    return _operation_reverse(pk, user=user, note="Undone on the floor")


def _operation_reverse(movement, *, user, note) -> list[StockMovement]:
    pk = movement.pk if isinstance(movement, StockMovement) else movement
    _, note = clean_text("", note)
    with transaction.atomic():
        first = StockMovement.objects.filter(pk=pk).first()
        if first is None:
            raise StockError("Unknown movement.", field="movement")
        lines = list(
            StockMovement.objects.filter(operation=first.operation)
            .select_related("location")
            .order_by("pk")
        )
        if any(line.kind == MovementKind.REVERSAL for line in lines):
            raise StockError("A reversal cannot be reversed.", field="movement")
        parts = lock_parts([line.part_id for line in lines], check_active=False)
        items = lock_items(line.stock_item_id for line in lines)
        if StockMovement.objects.filter(reverses__in=[line.pk for line in lines]).exists():
            raise StockError("This operation has already been reversed.", field="movement")
        ledger = Ledger(user=user, reference=first.reference, note=note)
        for line in lines:
            item = items[line.stock_item_id]
            item.part = parts[line.part_id]
            text = note or f"Reversal of {line.get_kind_display().lower()} #{line.pk}"
            try:
                ledger.post(
                    item,
                    -line.quantity,
                    kind=MovementKind.REVERSAL,
                    location=line.location,
                    other_location=line.other_location,
                    reverses=line,
                    field="movement",
                    note=text,
                )
            except IntegrityError:  # pragma: no cover - the lock above makes this unreachable
                raise StockError(
                    "This operation has already been reversed.", field="movement"
                ) from None
        ledger.finish(parts)
        # The apps above keep their records in step (a purchase order's received
        # quantities): in this transaction, so a refusal there undoes the reversal.
        movements_reversed.send(
            sender=StockMovement, reversed=lines, reversals=ledger.movements, user=user
        )
    return ledger.movements
