"""Writes of purchase orders: numbers, drafts and their lines, placing, cancelling.
Every function is atomic, locks what it changes and raises `PurchasingError` (with the
form field it concerns) when a rule says no."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.catalog.models import MONEY_DIGITS, QUANTITY_DIGITS, Part
from apps.catalog.services.units import part_fraction_error
from apps.core.text_limits import TEXT_LENGTH, length_error
from apps.purchasing.errors import PurchasingError
from apps.purchasing.models import (
    NumberCounter,
    PurchaseOrder,
    PurchaseOrderLine,
    Status,
    Supplier,
    SupplierPart,
)

COUNTER = "purchase_order"
NUMBER_FORMAT = "PO-{:06d}"


@dataclass
class LineData:
    """A line as entered: `quantity` in the supplier's packs (units when it sells by the
    unit), `unit_price` per pack. The pack size comes from the supplier's price list."""

    part: Part
    quantity: Decimal
    unit_price: Decimal
    id: int | None = None
    pack_size: Decimal = Decimal(1)  # set from the price list when saved
    pack_label: str = ""


def purchase_order_next_number() -> str:
    """The next free number, taken under a row lock on the counter: concurrent callers
    wait for each other and get consecutive numbers. Call inside a transaction."""
    with transaction.atomic():
        counter = NumberCounter.objects.select_for_update().filter(name=COUNTER).first()
        if counter is None:
            try:
                with transaction.atomic():
                    NumberCounter.objects.create(name=COUNTER, value=0)
            except IntegrityError:
                pass
            counter = NumberCounter.objects.select_for_update().get(name=COUNTER)
        value = counter.value
        while True:
            value += 1
            number = NUMBER_FORMAT.format(value)
            if not PurchaseOrder.objects.filter(number=number).exists():
                break
        counter.value = value
        counter.save(update_fields=["value"])
        return number


def _fits(value: Decimal, digits: dict) -> bool:
    """Whether `value` fits a DecimalField of `digits` (max_digits, decimal_places)."""
    places = digits["decimal_places"]
    return (
        value.is_finite()
        and value.copy_abs() < Decimal(10) ** (digits["max_digits"] - places)
        and value == value.quantize(Decimal(1).scaleb(-places))
    )


def _validate_lines(lines: list[LineData]) -> None:
    for index, line in enumerate(lines):
        if line.quantity is None or line.quantity <= 0:
            raise PurchasingError(
                f"Line {index + 1}: the quantity must be more than zero.", field="quantity"
            )
        if not _fits(line.quantity, QUANTITY_DIGITS):
            raise PurchasingError(
                f"Line {index + 1}: at most {QUANTITY_DIGITS['decimal_places']} decimal places "
                "and 11 digits before the point.",
                field="quantity",
            )
        if line.quantity != line.quantity.to_integral_value():
            if line.pack_size != 1:
                raise PurchasingError(
                    f"Line {index + 1}: {line.part.sku} is ordered in whole packs "
                    f"({line.pack_label}).",
                    field="quantity",
                )
            if error := part_fraction_error(line.part, line.quantity):
                raise PurchasingError(f"Line {index + 1}: {error}", field="quantity")
        if line.unit_price is None or line.unit_price < 0:
            raise PurchasingError(
                f"Line {index + 1}: the unit price cannot be negative.", field="unit_price"
            )
        if not _fits(line.unit_price, MONEY_DIGITS):
            raise PurchasingError(
                f"Line {index + 1}: at most {MONEY_DIGITS['decimal_places']} decimal places "
                "and 10 digits before the point.",
                field="unit_price",
            )


def _check_notes(notes: str) -> None:
    if error := length_error(notes, TEXT_LENGTH):
        raise PurchasingError(error, field="notes")


def _with_packs(supplier: Supplier, lines: list[LineData]) -> list[LineData]:
    """Each line with the pack size the supplier sells its part in (1: by the unit)."""
    packs = {
        part_id: (size, name)
        for part_id, size, name in SupplierPart.objects.filter(
            supplier=supplier, part_id__in=[line.part.pk for line in lines]
        ).values_list("part_id", "pack_size", "pack_name")
    }
    for line in lines:
        line.pack_size, name = packs.get(line.part.pk, (Decimal(1), ""))
        line.pack_label = name or f"packs of {line.pack_size.normalize():f} {line.part.unit_id}"
    return lines


def _sync_lines(order: PurchaseOrder, lines: list[LineData]) -> None:
    """Writes the lines, each with the pack size of the price list as it is now. Only a
    draft is written: once placed, the order keeps the pack sizes it was placed with
    whatever the price list says later."""
    existing = {line.pk: line for line in order.lines.select_for_update()}
    kept = set()
    for position, data in enumerate(lines, start=1):
        line = existing.get(data.id) if data.id else None
        if data.id and line is None:
            raise PurchasingError("A line of this order no longer exists; reload the page.")
        if line is None:
            line = PurchaseOrderLine(order=order)
        line.part = data.part
        line.quantity = data.quantity
        line.unit_price = data.unit_price
        line.pack_size = data.pack_size
        line.position = position
        line.save()
        kept.add(line.pk)
    removed = [pk for pk in existing if pk not in kept]
    if removed:
        PurchaseOrderLine.objects.filter(pk__in=removed).delete()


def _check_supplier(supplier: Supplier) -> None:
    if not supplier.is_active:
        raise PurchasingError("This supplier is archived.", field="supplier")


@transaction.atomic
def purchase_order_create(
    *,
    supplier: Supplier,
    user,
    lines: list[LineData],
    expected_date: date | None = None,
    notes: str = "",
) -> PurchaseOrder:
    _check_supplier(supplier)
    _validate_lines(_with_packs(supplier, lines))
    _check_notes(notes)
    order = PurchaseOrder.objects.create(
        number=purchase_order_next_number(),
        supplier=supplier,
        currency=supplier.currency,
        expected_date=expected_date,
        notes=notes,
        created_by=user if user and user.pk else None,
    )
    _sync_lines(order, lines)
    return order


def lock_order(order: PurchaseOrder) -> PurchaseOrder:
    """The order row, locked until the transaction ends (every order write takes it first)."""
    return PurchaseOrder.objects.select_for_update().get(pk=order.pk)


@transaction.atomic
def purchase_order_update(
    *,
    order: PurchaseOrder,
    supplier: Supplier,
    lines: list[LineData],
    expected_date: date | None = None,
    notes: str = "",
) -> PurchaseOrder:
    order = lock_order(order)
    if order.status != Status.DRAFT:
        raise PurchasingError("Only a draft order can be edited.")
    if supplier.pk != order.supplier_id:
        _check_supplier(supplier)
        order.currency = supplier.currency
    _validate_lines(_with_packs(supplier, lines))
    _check_notes(notes)
    order.supplier = supplier
    order.expected_date = expected_date
    order.notes = notes
    order.save()
    _sync_lines(order, lines)
    return order


@transaction.atomic
def purchase_order_place(*, order: PurchaseOrder, user=None) -> PurchaseOrder:
    order = lock_order(order)
    if order.status != Status.DRAFT:
        raise PurchasingError(f"A {order.get_status_display().lower()} order cannot be placed.")
    if not order.lines.exists():
        raise PurchasingError("Add at least one line before placing the order.")
    if not Supplier.objects.filter(pk=order.supplier_id, is_active=True).exists():
        raise PurchasingError("This supplier is archived.", field="supplier")
    order.status = Status.ORDERED
    order.ordered_at = timezone.now()
    order.save(update_fields=["status", "ordered_at", "updated_at"])
    return order


CANCELLABLE = (Status.DRAFT, Status.ORDERED, Status.PARTIALLY_RECEIVED)


@transaction.atomic
def purchase_order_cancel(*, order: PurchaseOrder, user=None) -> PurchaseOrder:
    """Draft or ordered: the whole order. Partially received: what is still outstanding
    (what came in stays received and in stock)."""
    order = lock_order(order)
    if order.status not in CANCELLABLE:
        raise PurchasingError(f"A {order.get_status_display().lower()} order cannot be cancelled.")
    order.status = Status.CANCELLED
    order.cancelled_at = timezone.now()
    order.save(update_fields=["status", "cancelled_at", "updated_at"])
    return order
