"""Receiving a delivery against a purchase order: stock in through inventory's service;
and the other way round, a reversed receipt giving its quantity back to its order line.

Inventory sits below purchasing and must not import it, yet a receipt can be reversed
from the ledger (inventory's "Reverse" on any screen). So the order follows the ledger:
each receive movement booked against a line is recorded (LineReceipt), and inventory's
`movements_reversed` signal, sent inside the reversal's transaction, calls
`purchase_order_receipts_reversed` here. A wrapper in purchasing around inventory's
reversal would have kept imports down too, but the ledger's own Reverse dialog would
have bypassed it.

Locks: parts first (as every stock write), then the order, then its lines; a receipt
and a reversal of the same order share a part, so they queue instead of deadlocking."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from apps.catalog.services.units import part_fraction_error
from apps.inventory.services.stock import stock_receive
from apps.inventory.services.stock_ledger import lock_parts
from apps.inventory.services.stock_validation import StockError
from apps.purchasing.errors import PurchasingError
from apps.purchasing.models import LineReceipt, PurchaseOrder, PurchaseOrderLine, Status
from apps.purchasing.services.orders import lock_order


@dataclass
class Receipt:
    """What came for one line: `quantity` counts the line's packs (units when the line is
    not in packs); the stock receives quantity × the line's pack size."""

    line: PurchaseOrderLine
    quantity: Decimal
    location: object  # inventory.Location
    batch: str = ""
    expiry_date: date | None = None


@transaction.atomic
def purchase_order_receive(
    *,
    order: PurchaseOrder,
    receipts: list[Receipt],
    user,
    allow_over_receipt: bool = False,
    note: str = "",
) -> PurchaseOrder:
    """Books a delivery: for each line a receive movement (reference = the PO number)
    and the line's received quantity; then the order's status. All or nothing."""
    # Parts first, as every stock write and a reversal lock them (see the module doc).
    lock_parts(
        PurchaseOrderLine.objects.filter(order=order).values_list("part_id", flat=True),
        check_active=False,
    )
    order = lock_order(order)
    if order.status not in (Status.ORDERED, Status.PARTIALLY_RECEIVED):
        raise PurchasingError(f"A {order.get_status_display().lower()} order cannot be received.")
    lines = {
        line.pk: line
        for line in order.lines.select_for_update(of=("self",)).select_related("part__unit")
    }
    booked = [r for r in receipts if r.quantity]
    if not booked:
        raise PurchasingError("Enter a quantity to receive on at least one line.")
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for receipt in booked:
        line = lines.get(receipt.line.pk)
        if line is None:
            raise PurchasingError("This line is not part of the order.")
        if receipt.quantity < 0:
            raise PurchasingError(
                "A received quantity cannot be negative.", field=f"line-{line.pk}"
            )
        if receipt.location is None:
            raise PurchasingError("Choose where the goods go.", field=f"line-{line.pk}")
        if receipt.quantity != receipt.quantity.to_integral_value():
            if line.in_packs:
                raise PurchasingError(
                    f"{line.part.sku} comes in packs of {line.pack_size.normalize():f} "
                    f"{line.part.unit_id}: receive whole packs.",
                    field=f"line-{line.pk}",
                )
            if error := part_fraction_error(line.part, receipt.quantity):
                raise PurchasingError(f"{line.part.sku}: {error}", field=f"line-{line.pk}")
        if line.part.tracks_batches and not receipt.batch:
            raise PurchasingError(
                f"{line.part.sku} is tracked by batch: enter the batch.", field=f"line-{line.pk}"
            )
        totals[line.pk] += receipt.quantity
    for pk, quantity in totals.items():
        line = lines[pk]
        if line.received_quantity + quantity > line.quantity and not allow_over_receipt:
            raise PurchasingError(
                f"{line.part.sku}: receiving {quantity.normalize()} would exceed the "
                f"{line.outstanding.normalize()} still outstanding; confirm the over-receipt.",
                field=f"line-{pk}",
                code="over_receipt",
            )
    for receipt in booked:
        line = lines[receipt.line.pk]
        try:
            movement = stock_receive(
                part=line.part,
                location=receipt.location,
                quantity=receipt.quantity * line.pack_size,  # packs → stock units
                user=user,
                batch=receipt.batch if line.part.tracks_batches else "",
                expiry_date=receipt.expiry_date if line.part.tracks_batches else None,
                reference=order.number,
                note=note,
            )
        except StockError as error:
            raise PurchasingError(f"{line.part.sku}: {error}", field=f"line-{line.pk}") from error
        LineReceipt.objects.create(line=line, movement=movement)
        line.received_quantity += receipt.quantity
        line.save(update_fields=["received_quantity"])
    _status_from_lines(order, list(lines.values()))
    return order


def _status_from_lines(order: PurchaseOrder, lines: list[PurchaseOrderLine]) -> None:
    """The status of a placed order from what its lines have received: received in full,
    partially received, or ordered (nothing, after a reversal). Cancelled stays cancelled."""
    if order.status in (Status.DRAFT, Status.CANCELLED):
        return
    if lines and all(line.received_quantity >= line.quantity for line in lines):
        if order.status != Status.RECEIVED:
            order.received_at = timezone.now()
        order.status = Status.RECEIVED
    else:
        received_any = any(line.received_quantity > 0 for line in lines)
        order.status = Status.PARTIALLY_RECEIVED if received_any else Status.ORDERED
        order.received_at = None
    order.save(update_fields=["status", "received_at", "updated_at"])


@transaction.atomic
def purchase_order_receipts_reversed(*, movements) -> list[PurchaseOrder]:
    """Gives the quantity of each reversed receipt back to its order line and sets the
    orders' status from their lines: "Received 5 of 5" becomes "0 of 5" and the order is
    open to receive again. Movements that are not receipts of an order are ignored.
    Called by inventory's reversal, in its transaction (parts already locked)."""
    receipts = list(
        LineReceipt.objects.filter(movement__in=[m.pk for m in movements]).select_related(
            "movement"
        )
    )
    if not receipts:
        return []
    line_ids = {receipt.line_id for receipt in receipts}
    order_ids = sorted(
        set(PurchaseOrderLine.objects.filter(pk__in=line_ids).values_list("order_id", flat=True))
    )
    orders = list(PurchaseOrder.objects.select_for_update().filter(pk__in=order_ids).order_by("pk"))
    lines = {
        line.pk: line
        for line in PurchaseOrderLine.objects.select_for_update()
        .filter(order_id__in=order_ids)
        .order_by("pk")
    }
    given_back: dict[int, Decimal] = defaultdict(Decimal)
    for receipt in receipts:
        # The movement counts stock units, the line packs.
        pack_size = lines[receipt.line_id].pack_size
        given_back[receipt.line_id] += receipt.movement.quantity / pack_size
    for line_id, quantity in given_back.items():
        line = lines[line_id]
        line.received_quantity = max(line.received_quantity - quantity, Decimal(0))
        line.save(update_fields=["received_quantity"])
    for order in orders:
        _status_from_lines(order, [line for line in lines.values() if line.order_id == order.pk])
    return orders


def on_movements_reversed(sender, *, reversed, **kwargs) -> None:
    """inventory.signals.movements_reversed → the service above (PurchasingConfig.ready)."""
    purchase_order_receipts_reversed(movements=reversed)
