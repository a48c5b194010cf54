"""Writes of the purchasing app. Every function is atomic, locks what it changes and
raises `PurchasingError` (with the form field it concerns) when a rule says no."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.audit.recorder import audited_update
from apps.catalog.models import Part
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

SUPPLIER_FIELDS = ("name", "code", "contact_name", "email", "phone", "website", "address",
                   "currency", "notes", "is_active")
SUPPLIER_PART_FIELDS = ("part", "supplier_sku", "unit_price", "currency", "lead_time_days",
                        "minimum_order_quantity", "is_preferred")


class PurchasingError(Exception):
    """A purchasing rule refused the change. `field` names the form field it concerns."""

    def __init__(self, message: str, field: str | None = None, code: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


# --- suppliers ---------------------------------------------------------------------------

def _check_supplier_name(name: str, *, exclude_pk=None) -> None:
    taken = Supplier.objects.filter(name__iexact=name.strip())
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise PurchasingError("A supplier with this name already exists.", field="name")


@transaction.atomic
def supplier_create(*, data: dict) -> Supplier:
    _check_supplier_name(data["name"])
    supplier = Supplier(**{k: v for k, v in data.items() if k in SUPPLIER_FIELDS})
    supplier.full_clean()
    supplier.save()
    return supplier


@transaction.atomic
def supplier_update(*, supplier: Supplier, data: dict) -> Supplier:
    supplier = Supplier.objects.select_for_update().get(pk=supplier.pk)
    if "name" in data:
        _check_supplier_name(data["name"], exclude_pk=supplier.pk)
    for key, value in data.items():
        if key in SUPPLIER_FIELDS:
            setattr(supplier, key, value)
    supplier.full_clean()
    supplier.save()
    return supplier


@transaction.atomic
def supplier_set_active(*, supplier: Supplier, active: bool) -> Supplier:
    supplier = Supplier.objects.select_for_update().get(pk=supplier.pk)
    supplier.is_active = active
    supplier.save(update_fields=["is_active", "updated_at"])
    return supplier


# --- price lists -------------------------------------------------------------------------

@transaction.atomic
def supplier_part_save(
    *, supplier: Supplier, data: dict, supplier_part: SupplierPart | None = None
) -> SupplierPart:
    """Create (supplier_part None) or change one price-list line. Marking it preferred
    takes the flag from the part's other supplier, so a part has at most one."""
    part = Part.objects.select_for_update().get(pk=data["part"].pk)  # serialises per part
    if supplier_part is None:
        supplier_part = SupplierPart(supplier=supplier)
    else:
        supplier_part = SupplierPart.objects.select_for_update().get(pk=supplier_part.pk)
    duplicate = SupplierPart.objects.filter(supplier=supplier_part.supplier, part=part)
    if supplier_part.pk:
        duplicate = duplicate.exclude(pk=supplier_part.pk)
    if duplicate.exists():
        raise PurchasingError(f"{supplier_part.supplier} already lists {part.sku}.", field="part")
    for key in SUPPLIER_PART_FIELDS:
        if key in data:
            setattr(supplier_part, key, data[key])
    supplier_part.part = part
    if not supplier_part.currency:
        supplier_part.currency = supplier_part.supplier.currency
    if supplier_part.is_preferred:
        others = SupplierPart.objects.filter(part=part, is_preferred=True)
        if supplier_part.pk:
            others = others.exclude(pk=supplier_part.pk)
        audited_update(others, is_preferred=False)  # bulk update, recorded in the history
    try:
        with transaction.atomic():
            supplier_part.save()
    except IntegrityError:
        raise PurchasingError("This line conflicts with another; reload and try again.", field="part")
    return supplier_part


@transaction.atomic
def supplier_part_delete(*, supplier_part: SupplierPart) -> None:
    SupplierPart.objects.filter(pk=supplier_part.pk).delete()


# --- purchase orders ---------------------------------------------------------------------

@dataclass
class LineData:
    part: Part
    quantity: Decimal
    unit_price: Decimal
    id: int | None = None


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


def _validate_lines(lines: list[LineData]) -> None:
    for index, line in enumerate(lines):
        if line.quantity is None or line.quantity <= 0:
            raise PurchasingError(f"Line {index + 1}: the quantity must be more than zero.", field="quantity")
        if line.unit_price is None or line.unit_price < 0:
            raise PurchasingError(f"Line {index + 1}: the unit price cannot be negative.", field="unit_price")


def _sync_lines(order: PurchaseOrder, lines: list[LineData]) -> None:
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
    *, supplier: Supplier, user, lines: list[LineData], expected_date: date | None = None,
    notes: str = "",
) -> PurchaseOrder:
    _check_supplier(supplier)
    _validate_lines(lines)
    order = PurchaseOrder.objects.create(
        number=purchase_order_next_number(), supplier=supplier, currency=supplier.currency,
        expected_date=expected_date, notes=notes, created_by=user if user and user.pk else None,
    )
    _sync_lines(order, lines)
    return order


def _locked(order: PurchaseOrder) -> PurchaseOrder:
    return PurchaseOrder.objects.select_for_update().get(pk=order.pk)


@transaction.atomic
def purchase_order_update(
    *, order: PurchaseOrder, supplier: Supplier, lines: list[LineData],
    expected_date: date | None = None, notes: str = "",
) -> PurchaseOrder:
    order = _locked(order)
    if order.status != Status.DRAFT:
        raise PurchasingError("Only a draft order can be edited.")
    if supplier.pk != order.supplier_id:
        _check_supplier(supplier)
        order.currency = supplier.currency
    _validate_lines(lines)
    order.supplier = supplier
    order.expected_date = expected_date
    order.notes = notes
    order.save()
    _sync_lines(order, lines)
    return order


@transaction.atomic
def purchase_order_place(*, order: PurchaseOrder, user=None) -> PurchaseOrder:
    order = _locked(order)
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
    order = _locked(order)
    if order.status not in CANCELLABLE:
        raise PurchasingError(f"A {order.get_status_display().lower()} order cannot be cancelled.")
    order.status = Status.CANCELLED
    order.cancelled_at = timezone.now()
    order.save(update_fields=["status", "cancelled_at", "updated_at"])
    return order


@dataclass
class Receipt:
    line: PurchaseOrderLine
    quantity: Decimal
    location: object  # inventory.Location
    batch: str = ""
    expiry_date: date | None = None


@transaction.atomic
def purchase_order_receive(
    *, order: PurchaseOrder, receipts: list[Receipt], user, allow_over_receipt: bool = False,
    note: str = "",
) -> PurchaseOrder:
    """Books a delivery: for each line a receive movement (reference = the PO number)
    and the line's received quantity; then the order's status. All or nothing."""
    from apps.inventory.services import StockError, stock_receive

    order = _locked(order)
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
            raise PurchasingError("A received quantity cannot be negative.", field=f"line-{line.pk}")
        if receipt.location is None:
            raise PurchasingError("Choose where the goods go.", field=f"line-{line.pk}")
        if line.part.tracks_batches and not receipt.batch:
            raise PurchasingError(f"{line.part.sku} is tracked by batch: enter the batch.",
                                  field=f"line-{line.pk}")
        totals[line.pk] += receipt.quantity
    for pk, quantity in totals.items():
        line = lines[pk]
        if line.received_quantity + quantity > line.quantity and not allow_over_receipt:
            raise PurchasingError(
                f"{line.part.sku}: receiving {quantity.normalize()} would exceed the "
                f"{line.outstanding.normalize()} still outstanding; confirm the over-receipt.",
                field=f"line-{pk}", code="over_receipt",
            )
    for receipt in booked:
        line = lines[receipt.line.pk]
        try:
            stock_receive(
                part=line.part, location=receipt.location, quantity=receipt.quantity, user=user,
                batch=receipt.batch if line.part.tracks_batches else "",
                expiry_date=receipt.expiry_date if line.part.tracks_batches else None,
                reference=order.number, note=note,
            )
        except StockError as error:
            raise PurchasingError(f"{line.part.sku}: {error}", field=f"line-{line.pk}")
        line.received_quantity += receipt.quantity
        line.save(update_fields=["received_quantity"])
    if all(line.received_quantity >= line.quantity for line in lines.values()):
        order.status = Status.RECEIVED
        order.received_at = timezone.now()
    else:
        order.status = Status.PARTIALLY_RECEIVED
    order.save(update_fields=["status", "received_at", "updated_at"])
    return order


# --- reorder -----------------------------------------------------------------------------

@dataclass
class ReorderChoice:
    part: Part
    supplier: Supplier
    quantity: Decimal


@transaction.atomic
def purchase_orders_draft_from_reorder(*, choices: list[ReorderChoice], user) -> list[PurchaseOrder]:
    """One draft order per supplier with the chosen parts at the supplier's prices."""
    if not choices:
        raise PurchasingError("Select at least one part to order.")
    by_supplier: dict[int, list[ReorderChoice]] = defaultdict(list)
    for choice in choices:
        if choice.quantity is None or choice.quantity <= 0:
            raise PurchasingError(f"{choice.part.sku}: the quantity must be more than zero.",
                                  field=f"qty-{choice.part.pk}")
        by_supplier[choice.supplier.pk].append(choice)
    prices = {
        (sp.supplier_id, sp.part_id): sp.unit_price
        for sp in SupplierPart.objects.filter(
            supplier_id__in=by_supplier, part_id__in=[c.part.pk for c in choices]
        )
    }
    orders = []
    for supplier_id, group in sorted(by_supplier.items(), key=lambda item: item[1][0].supplier.name):
        supplier = group[0].supplier
        lines = [
            LineData(part=c.part, quantity=c.quantity,
                     unit_price=prices.get((supplier_id, c.part.pk), c.part.unit_cost))
            for c in group
        ]
        orders.append(purchase_order_create(supplier=supplier, user=user, lines=lines))
    return orders
