"""Stock work: every change of stock goes through these functions (docs/stock-work.md).

Each function
- runs in one transaction,
- locks what it changes in a fixed order — Part rows by id, then StockItem rows by id —
  so concurrent operations queue instead of losing updates or deadlocking,
- writes exactly one StockMovement per stock record it touches (signed `quantity`,
  `quantity_after`), sharing one `operation` uuid across the lines of one operation,
- keeps Part.quantity_on_hand equal to the sum of the part's stock records,
- refuses to take a stock record below zero unless its location allows negative stock,
- raises StockError (with the form field it concerns) for anything it refuses; nothing
  is written then.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from apps.catalog.models import Part
from apps.core.trees import path_step
from apps.inventory.models import (
    Location,
    MovementKind,
    StockItem,
    StockMovement,
    Stocktake,
    StocktakeLine,
    StocktakeStatus,
)

MAX_QUANTITY = Decimal(10) ** 9
QUANTUM = Decimal("0.001")


class StockError(Exception):
    """A stock operation was refused; `field` names the form field it concerns."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


# --- validation -----------------------------------------------------------------------


def clean_quantity(value, *, field: str = "quantity", allow_zero: bool = False, signed: bool = False) -> Decimal:
    """A Decimal with at most 3 decimals, 0 < |q| <= 10^9 (or >= 0 with allow_zero)."""
    if isinstance(value, bool) or value is None or value == "":
        raise StockError("Enter a quantity.", field=field)
    try:
        quantity = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise StockError("Enter a number.", field=field) from None
    if not quantity.is_finite():
        raise StockError("Enter a number.", field=field)
    if abs(quantity) > MAX_QUANTITY:
        raise StockError(f"At most {MAX_QUANTITY:,} at once.", field=field)
    if quantity != quantity.quantize(QUANTUM):
        raise StockError("At most 3 decimal places.", field=field)
    if signed:
        if quantity == 0:
            raise StockError("Enter a change other than zero.", field=field)
    elif quantity < 0 or (quantity == 0 and not allow_zero):
        raise StockError(
            "Enter zero or more." if allow_zero else "Enter a quantity greater than zero.", field=field
        )
    return quantity.quantize(QUANTUM)


def _location(location, *, field: str) -> Location:
    """The current row of `location`; refuses unknown and archived locations."""
    if location is None:
        raise StockError("Choose a location.", field=field)
    pk = location.pk if isinstance(location, Location) else location
    current = Location.objects.filter(pk=pk).first()
    if current is None:
        raise StockError("Unknown location.", field=field)
    if not current.is_active:
        raise StockError(f"Location {current.code} is archived.", field=field)
    return current


def _clean_batch(part: Part, batch: str, *, required: bool = True) -> str:
    batch = (batch or "").strip()
    if len(batch) > 64:
        raise StockError("At most 64 characters.", field="batch")
    if part.tracks_batches and not batch and required:
        raise StockError(f"{part.sku} is kept per batch: enter the batch.", field="batch")
    if batch and not part.tracks_batches:
        raise StockError(f"{part.sku} is not kept per batch; leave the batch empty.", field="batch")
    return batch


def _clean_text(reference: str, note: str) -> tuple[str, str]:
    reference = (reference or "").strip()
    if len(reference) > 100:
        raise StockError("At most 100 characters.", field="reference")
    return reference, (note or "").strip()


# --- locking --------------------------------------------------------------------------


def _lock_parts(parts: Iterable, *, check_active: bool = True) -> dict[int, Part]:
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


def _get_or_create_item(part: Part, location: Location, batch: str) -> StockItem:
    """The stock record for (part, location, batch), created if missing.

    Creating races with another transaction creating the same record: the unique
    constraint makes one of them fail (inside a savepoint), and that one reads the row
    the other committed. Callers lock the part row first, so within this module the race
    cannot happen; other writers (imports) are still safe.
    """
    try:
        item, _ = StockItem.objects.get_or_create(part=part, location=location, batch=batch)
    except IntegrityError:  # pragma: no cover - lost a creation race outside the part lock
        item = StockItem.objects.get(part=part, location=location, batch=batch)
    return item


def _lock_items(ids: Iterable[int]) -> dict[int, StockItem]:
    ids = sorted(set(ids))
    return {i.pk: i for i in StockItem.objects.select_for_update().filter(pk__in=ids).order_by("pk")}


# --- writing --------------------------------------------------------------------------


class _Ledger:
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
            unit = item.part.unit if item.part_id else ""
            raise StockError(
                f"Only {_fmt(item.quantity)} {unit} of {item.part.sku} at {location.code}"
                f"{' (batch ' + item.batch + ')' if item.batch else ''}; this would leave "
                f"{_fmt(new_quantity)}.",
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
                Part.objects.filter(pk=part_id).update(quantity_on_hand=parts[part_id].quantity_on_hand)
        for part in callers_parts:  # keep the caller's instances in step
            if part is not None and part.pk in parts:
                part.quantity_on_hand = parts[part.pk].quantity_on_hand


def _fmt(quantity: Decimal) -> str:
    text = f"{quantity:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _attach(item: StockItem, part: Part, location: Location) -> StockItem:
    item.part = part
    item.location = location
    return item


# --- the operations -------------------------------------------------------------------


def stock_receive(
    *, part, location, quantity, user, batch="", expiry_date=None, reference="", note=""
) -> StockMovement:
    """Books `quantity` of `part` into `location` (and batch)."""
    quantity = clean_quantity(quantity)
    reference, note = _clean_text(reference, note)
    with transaction.atomic():
        parts, locked_part, batch = _lock_part_with_batch(part, batch)
        location = _location(location, field="location")
        item = _get_or_create_item(locked_part, location, batch)
        item = _attach(_lock_items([item.pk])[item.pk], locked_part, location)
        if expiry_date:
            if item.expiry_date and item.expiry_date != expiry_date:
                raise StockError(
                    f"Batch {batch} expires on {item.expiry_date:%Y-%m-%d} here already.",
                    field="expiry_date",
                )
            if item.expiry_date != expiry_date:
                item.expiry_date = expiry_date
                item.save(update_fields=["expiry_date"])
        ledger = _Ledger(user=user, reference=reference, note=note)
        movement = ledger.post(item, quantity, kind=MovementKind.RECEIVE, location=location)
        ledger.finish(parts, part if isinstance(part, Part) else None)
    return movement


def stock_issue(*, part, location, quantity, user, batch="", reference="", note="") -> StockMovement:
    """Takes `quantity` of `part` out of `location` (to a job, a customer, the bin)."""
    quantity = clean_quantity(quantity)
    reference, note = _clean_text(reference, note)
    with transaction.atomic():
        parts, locked_part, batch = _lock_part_with_batch(part, batch)
        location = _location(location, field="location")
        item = _item_to_take_from(locked_part, location, batch)
        item = _attach(_lock_items([item.pk])[item.pk], locked_part, location)
        ledger = _Ledger(user=user, reference=reference, note=note)
        movement = ledger.post(item, -quantity, kind=MovementKind.ISSUE, location=location)
        ledger.finish(parts, part if isinstance(part, Part) else None)
    return movement


def stock_transfer(
    *, part, from_location, to_location, quantity, user, batch="", reference="", note=""
) -> tuple[StockMovement, StockMovement]:
    """Moves `quantity` of `part` from one location to another: two lines, one operation."""
    quantity = clean_quantity(quantity)
    reference, note = _clean_text(reference, note)
    with transaction.atomic():
        parts, locked_part, batch = _lock_part_with_batch(part, batch)
        source = _location(from_location, field="from_location")
        target = _location(to_location, field="to_location")
        if source.pk == target.pk:
            raise StockError("Choose a location other than the source.", field="to_location")
        ledger = _Ledger(user=user, reference=reference, note=note)
        out_line, in_line = _transfer_lines(ledger, locked_part, source, target, batch, quantity)
        ledger.finish(parts, part if isinstance(part, Part) else None)
    return out_line, in_line


def _lock_part_with_batch(part, batch):
    """Locks the part's row (every operation starts here, so locks come in one order)
    and checks the batch against it. Returns the lock map, the locked part and the batch."""
    parts = _lock_parts([part])
    locked_part = next(iter(parts.values()))
    return parts, locked_part, _clean_batch(locked_part, batch)


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
    return _get_or_create_item(part, location, batch)


def _transfer_lines(ledger, part, source, target, batch, quantity, *, source_item=None):
    if source_item is None:
        source_item = _item_to_take_from(part, source, batch)
    target_item = _get_or_create_item(part, target, batch)
    locked = _lock_items([source_item.pk, target_item.pk])
    source_item = _attach(locked[source_item.pk], part, source)
    target_item = _attach(locked[target_item.pk], part, target)
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
    reference, note = _clean_text(reference, note)
    with transaction.atomic():
        rows = {i.pk: i for i in StockItem.objects.filter(pk__in=ids)}
        if len(rows) != len(ids):
            raise StockError("A selected stock record no longer exists.", field="selected")
        parts = _lock_parts([row.part_id for row in rows.values()])
        target = _location(to_location, field="to_location")
        ledger = _Ledger(user=user, reference=reference, note=note)
        locked = _lock_items(ids)
        for pk in sorted(ids):
            item = locked[pk]
            source = _location(item.location_id, field="selected")
            if source.pk == target.pk:
                raise StockError(
                    f"{parts[item.part_id].sku} is already at {target.code}.", field="to_location"
                )
            if quantities and pk in quantities:
                quantity = clean_quantity(quantities[pk])
            else:
                quantity = item.quantity
                if quantity <= 0:
                    raise StockError(
                        f"Nothing to move: {parts[item.part_id].sku} at {source.code} has "
                        f"{_fmt(quantity)}.",
                        field="selected",
                    )
            _transfer_lines(
                ledger, parts[item.part_id], source, target, item.batch, quantity, source_item=item
            )
        ledger.finish(parts)
    return ledger.movements


def stock_adjust(*, part, location, quantity_delta, user, batch="", reference="", note) -> StockMovement:
    """Corrects stock by a signed amount, with a reason (managers)."""
    delta = clean_quantity(quantity_delta, field="quantity_delta", signed=True)
    reference, note = _clean_text(reference, note)
    if not note:
        raise StockError("Give the reason for the adjustment.", field="note")
    with transaction.atomic():
        parts, locked_part, batch = _lock_part_with_batch(part, batch)
        location = _location(location, field="location")
        item = StockItem.objects.filter(part=locked_part, location=location, batch=batch).first()
        if item is None:
            if delta < 0 and not location.allow_negative_stock:
                raise StockError(
                    f"There is no stock of {locked_part.sku} at {location.code} to take away.",
                    field="quantity_delta",
                )
            item = _get_or_create_item(locked_part, location, batch)
        item = _attach(_lock_items([item.pk])[item.pk], locked_part, location)
        ledger = _Ledger(user=user, reference=reference, note=note)
        movement = ledger.post(
            item, delta, kind=MovementKind.ADJUST, location=location, field="quantity_delta"
        )
        ledger.finish(parts, part if isinstance(part, Part) else None)
    return movement


def stock_count(*, stock_item, counted_quantity, user, reference="", note="") -> StockMovement | None:
    """Sets a stock record to what was counted; returns None when nothing differs.

    The difference is computed here, under the lock, so stock that moved since the
    count started is not double-counted: the count wins.
    """
    counted = clean_quantity(counted_quantity, field="counted_quantity", allow_zero=True)
    reference, note = _clean_text(reference, note)
    pk = stock_item.pk if isinstance(stock_item, StockItem) else stock_item
    with transaction.atomic():
        row = StockItem.objects.filter(pk=pk).first()
        if row is None:
            raise StockError("Unknown stock record.", field="stock_item")
        parts = _lock_parts([row.part_id])
        location = _location(row.location_id, field="location")
        item = _attach(_lock_items([pk])[pk], parts[row.part_id], location)
        delta = counted - item.quantity
        if delta == 0:
            return None
        ledger = _Ledger(user=user, reference=reference, note=note)
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
    pk = movement.pk if isinstance(movement, StockMovement) else movement
    _, note = _clean_text("", note)
    with transaction.atomic():
        first = StockMovement.objects.filter(pk=pk).first()
        if first is None:
            raise StockError("Unknown movement.", field="movement")
        lines = list(
            StockMovement.objects.filter(operation=first.operation).select_related("location").order_by("pk")
        )
        if any(line.kind == MovementKind.REVERSAL for line in lines):
            raise StockError("A reversal cannot be reversed.", field="movement")
        parts = _lock_parts([line.part_id for line in lines], check_active=False)
        items = _lock_items(line.stock_item_id for line in lines)
        if StockMovement.objects.filter(reverses__in=[line.pk for line in lines]).exists():
            raise StockError("This operation has already been reversed.", field="movement")
        ledger = _Ledger(user=user, reference=first.reference, note=note)
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
                raise StockError("This operation has already been reversed.", field="movement") from None
        ledger.finish(parts)
    return ledger.movements


# --- stocktakes -----------------------------------------------------------------------


def stocktake_start(*, location, user) -> Stocktake:
    """Opens a count of `location` and everything below it, one line per stock record.

    Refused while another count is open on the location, one above it or one below it.
    """
    with transaction.atomic():
        location = _location(location, field="location")
        # Serialise starts on this branch of the tree: lock the location row and its ancestors.
        step = len(path_step(0))
        ancestor_paths = [location.path[:end] for end in range(step, len(location.path) + 1, step)]
        list(Location.objects.select_for_update().filter(path__in=ancestor_paths).order_by("pk"))
        clash = (
            Stocktake.objects.filter(status=StocktakeStatus.OPEN)
            .filter(Q(location__path__startswith=location.path) | Q(location__path__in=ancestor_paths))
            .select_related("location", "started_by")
            .first()
        )
        if clash is not None:
            who = clash.started_by.get_username() if clash.started_by else "someone"
            raise StockError(
                f"A count of {clash.location.code} is in progress (started by {who} "
                f"on {clash.started_at:%Y-%m-%d %H:%M}).",
                field="location",
            )
        try:
            with transaction.atomic():
                stocktake = Stocktake.objects.create(location=location, started_by=user)
        except IntegrityError:
            raise StockError(f"A count of {location.code} is in progress.", field="location") from None
        items = (
            StockItem.objects.filter(
                location__path__startswith=location.path,
                location__is_active=True,
                part__is_active=True,
            )
            .order_by("location__path", "part__sku", "batch")
            .values_list("pk", "quantity")
        )
        StocktakeLine.objects.bulk_create(
            StocktakeLine(stocktake=stocktake, stock_item_id=pk, expected=quantity) for pk, quantity in items
        )
    return stocktake


def _open_stocktake(stocktake, *, lock: bool = False):
    pk = stocktake.pk if isinstance(stocktake, Stocktake) else stocktake
    rows = Stocktake.objects.select_related("location")
    if lock:
        rows = rows.select_for_update(of=("self",))
    current = rows.filter(pk=pk).first()
    if current is None:
        raise StockError("Unknown stocktake.", field="stocktake")
    if not current.is_open:
        raise StockError(f"This count was {current.get_status_display().lower()} already.", field="stocktake")
    return current


def stocktake_line_record(*, line, counted, user):
    """Saves what was counted for one line (blank clears it). Nothing moves until commit."""
    if counted is None or (isinstance(counted, str) and not counted.strip()):
        value = None
    else:
        value = clean_quantity(counted, field="counted", allow_zero=True)
    with transaction.atomic():
        pk = line.pk if isinstance(line, StocktakeLine) else line
        current = StocktakeLine.objects.select_for_update().filter(pk=pk).first()
        if current is None:
            raise StockError("Unknown line.", field="counted")
        _open_stocktake(current.stocktake_id)
        current.counted = value
        current.counted_by = user if value is not None else None
        current.counted_at = timezone.now() if value is not None else None
        current.save(update_fields=["counted", "counted_by", "counted_at"])
    return current


def stocktake_line_add(*, stocktake, part, location, counted, user, batch="") -> StocktakeLine:
    """Adds a "found" line: `part` was found at `location` (in the count's branch) where
    it has no stock record. The commit creates the record and books `counted` − 0.

    If a record exists after all (stock arrived since the count started) the line counts
    that record. Refused: an unknown or archived part or location, a location outside
    the branch, a second line for the same record.
    """
    counted = clean_quantity(counted, field="counted")
    with transaction.atomic():
        current = _open_stocktake(stocktake, lock=True)  # serialises adds and the commit
        pk = part.pk if isinstance(part, Part) else part
        found = Part.objects.filter(pk=pk).first() if pk is not None else None
        if found is None:
            raise StockError("Choose a part.", field="part")
        if not found.is_active:
            raise StockError(f"{found.sku} is archived.", field="part")
        batch = _clean_batch(found, batch)
        place = _location(location, field="location")
        if not place.path.startswith(current.location.path):
            raise StockError(
                f"{place.code} is not part of this count ({current.location.code} and below).", field="location"
            )
        where = f"{found.sku} at {place.code}{' (batch ' + batch + ')' if batch else ''}"
        item = StockItem.objects.filter(part=found, location=place, batch=batch).first()
        lines = current.lines.all()
        if (item is not None and lines.filter(stock_item=item).exists()) or lines.filter(
            part=found, location=place, batch=batch
        ).exists():
            raise StockError(f"{where} is on this count already: enter the count on its line.", field="part")
        line = StocktakeLine.objects.create(
            stocktake=current,
            stock_item=item,
            part=None if item else found,
            location=None if item else place,
            batch="" if item else batch,
            expected=item.quantity if item else Decimal(0),
            counted=counted,
            counted_by=user,
            counted_at=timezone.now(),
        )
    return line


def stocktake_commit(*, stocktake, user) -> list[StockMovement]:
    """Books every counted line as a COUNT movement, in one transaction, one operation.

    The difference is computed against the quantity at commit time (under lock): stock
    that moved while the count was in progress is not double-counted; the count wins.
    Found lines (no stock record yet) get their record created here, under the part
    locks like every stock operation, and then count like the others.
    """
    with transaction.atomic():
        current = _open_stocktake(stocktake, lock=True)
        lines = list(current.lines.filter(counted__isnull=False).select_related("stock_item", "location"))
        part_ids = {line.stock_item.part_id if line.stock_item_id else line.part_id for line in lines}
        parts = _lock_parts(part_ids, check_active=False) if lines else {}
        for line in lines:
            if line.stock_item_id is None:
                place = _location(line.location_id, field="counted")
                line.stock_item = _get_or_create_item(parts[line.part_id], place, line.batch)
                if current.lines.filter(stock_item=line.stock_item).exclude(pk=line.pk).exists():
                    raise StockError(f"{parts[line.part_id].sku} at {place.code} is counted twice.", field="counted")
                line.save(update_fields=["stock_item"])
        items = _lock_items(line.stock_item_id for line in lines)
        reference = f"Stocktake #{current.pk}"
        ledger = _Ledger(user=user, reference=reference, note="")
        locations = {}
        for line in lines:
            item = items[line.stock_item_id]
            item.part = parts[item.part_id]
            if item.location_id not in locations:
                locations[item.location_id] = Location.objects.get(pk=item.location_id)
            delta = line.counted - item.quantity
            line.difference = delta
            line.save(update_fields=["difference"])
            if delta:
                ledger.post(
                    item, delta, kind=MovementKind.COUNT, location=locations[item.location_id], field="counted"
                )
        ledger.finish(parts)
        current.status = StocktakeStatus.COMMITTED
        current.closed_by = user
        current.closed_at = timezone.now()
        current.operation = ledger.operation if ledger.movements else None
        current.save(update_fields=["status", "closed_by", "closed_at", "operation"])
    if isinstance(stocktake, type(current)):
        stocktake.status, stocktake.closed_at = current.status, current.closed_at
    return ledger.movements


def stocktake_cancel(*, stocktake, user):
    with transaction.atomic():
        current = _open_stocktake(stocktake, lock=True)
        current.status = StocktakeStatus.CANCELLED
        current.closed_by = user
        current.closed_at = timezone.now()
        current.save(update_fields=["status", "closed_by", "closed_at"])
    return current
