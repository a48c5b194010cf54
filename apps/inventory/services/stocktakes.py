"""Stocktakes: start a count of a location (and below), record it, commit or cancel it
(docs/stock-work.md). The commit books differences through the ledger like every stock
operation, under the same locks."""

from decimal import Decimal

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
from apps.inventory.services.stock_ledger import Ledger, get_or_create_item, lock_items, lock_parts
from apps.inventory.services.stock_validation import (
    StockError,
    active_location,
    clean_batch,
    clean_quantity,
    whole_units,
)


def stocktake_start(*, location, user) -> Stocktake:
    """Opens a count of `location` and everything below it, one line per stock record.

    Refused while another count is open on the location, one above it or one below it.
    """
    with transaction.atomic():
        location = active_location(location, field="location")
        # Serialise starts on this branch of the tree: lock the location row and its ancestors.
        step = len(path_step(0))
        ancestor_paths = [location.path[:end] for end in range(step, len(location.path) + 1, step)]
        list(Location.objects.select_for_update().filter(path__in=ancestor_paths).order_by("pk"))
        clash = (
            Stocktake.objects.filter(status=StocktakeStatus.OPEN)
            .filter(
                Q(location__path__startswith=location.path) | Q(location__path__in=ancestor_paths)
            )
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
            raise StockError(
                f"A count of {location.code} is in progress.", field="location"
            ) from None
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
            StocktakeLine(stocktake=stocktake, stock_item_id=pk, expected=quantity)
            for pk, quantity in items
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
        raise StockError(
            f"This count was {current.get_status_display().lower()} already.", field="stocktake"
        )
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
        if value is not None and value != value.to_integral_value():
            whole_units(_line_part(current), value, field="counted")  # 2.5 pcs: refused
        current.counted = value
        current.counted_by = user if value is not None else None
        current.counted_at = timezone.now() if value is not None else None
        current.save(update_fields=["counted", "counted_by", "counted_at"])
    return current


def _line_part(line: StocktakeLine) -> Part:
    """The part a line counts (its stock record's, or a found line's), with its unit."""
    if line.stock_item_id is None:
        return Part.objects.select_related("unit").get(pk=line.part_id)
    return Part.objects.select_related("unit").get(stock_items__pk=line.stock_item_id)


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
        whole_units(found, counted, field="counted")
        batch = clean_batch(found, batch)
        place = active_location(location, field="location")
        if not place.path.startswith(current.location.path):
            raise StockError(
                f"{place.code} is not part of this count ({current.location.code} and below).",
                field="location",
            )
        where = f"{found.sku} at {place.code}{' (batch ' + batch + ')' if batch else ''}"
        item = StockItem.objects.filter(part=found, location=place, batch=batch).first()
        lines = current.lines.all()
        if (item is not None and lines.filter(stock_item=item).exists()) or lines.filter(
            part=found, location=place, batch=batch
        ).exists():
            raise StockError(
                f"{where} is on this count already: enter the count on its line.", field="part"
            )
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
        lines = list(
            current.lines.filter(counted__isnull=False).select_related("stock_item", "location")
        )
        part_ids = {
            line.stock_item.part_id if line.stock_item_id else line.part_id for line in lines
        }
        parts = lock_parts(part_ids, check_active=False) if lines else {}
        for line in lines:
            if line.stock_item_id is None:
                place = active_location(line.location_id, field="counted")
                line.stock_item = get_or_create_item(parts[line.part_id], place, line.batch)
                if current.lines.filter(stock_item=line.stock_item).exclude(pk=line.pk).exists():
                    raise StockError(
                        f"{parts[line.part_id].sku} at {place.code} is counted twice.",
                        field="counted",
                    )
                line.save(update_fields=["stock_item"])
        items = lock_items(line.stock_item_id for line in lines)
        reference = f"Stocktake #{current.pk}"
        ledger = Ledger(user=user, reference=reference, note="")
        locations = {}
        for line in lines:
            item = items[line.stock_item_id]
            item.part = parts[item.part_id]
            if item.location_id not in locations:
                locations[item.location_id] = Location.objects.get(pk=item.location_id)
            try:  # recorded before its unit was made whole, say
                whole_units(item.part, line.counted, field="counted")
            except StockError as error:
                where = f"{item.part.sku} at {locations[item.location_id].code}"
                raise StockError(f"{where}: {error.message}", field="counted") from None
            delta = line.counted - item.quantity
            line.difference = delta
            line.save(update_fields=["difference"])
            if delta:
                ledger.post(
                    item,
                    delta,
                    kind=MovementKind.COUNT,
                    location=locations[item.location_id],
                    field="counted",
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
