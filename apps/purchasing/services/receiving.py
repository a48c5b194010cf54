"""Receiving a delivery against a purchase order: stock in through inventory's service."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from apps.inventory.services.stock import stock_receive
from apps.inventory.services.stock_validation import StockError
from apps.purchasing.errors import PurchasingError
from apps.purchasing.models import PurchaseOrder, PurchaseOrderLine, Status
from apps.purchasing.services.orders import lock_order


@dataclass
class Receipt:
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
    order = lock_order(order)
    if order.status not in (Status.ORDERED, Status.PARTIALLY_RECEIVED):
        raise PurchasingError(f"A {order.get_status_display().lower()} order cannot be received.")
    lines = {line.pk: line for line in order.lines.select_for_update().select_related("part")}
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
            stock_receive(
                part=line.part,
                location=receipt.location,
                quantity=receipt.quantity,
                user=user,
                batch=receipt.batch if line.part.tracks_batches else "",
                expiry_date=receipt.expiry_date if line.part.tracks_batches else None,
                reference=order.number,
                note=note,
            )
        except StockError as error:
            raise PurchasingError(f"{line.part.sku}: {error}", field=f"line-{line.pk}") from error
        line.received_quantity += receipt.quantity
        line.save(update_fields=["received_quantity"])
    if all(line.received_quantity >= line.quantity for line in lines.values()):
        order.status = Status.RECEIVED
        order.received_at = timezone.now()
    else:
        order.status = Status.PARTIALLY_RECEIVED
    order.save(update_fields=["status", "received_at", "updated_at"])
    return order
