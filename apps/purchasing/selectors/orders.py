"""Reads of purchase orders: the list, an order, its export, what is on order, the
order form's part picker."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Lower

from apps.catalog.models import MONEY_DIGITS, QUANTITY_DIGITS, Part
from apps.catalog.selectors.parts import exact_match_first
from apps.core.queries import per_outer_row
from apps.purchasing.models import (
    OPEN_STATUSES,
    PurchaseOrder,
    PurchaseOrderLine,
    Status,
    Supplier,
    SupplierPart,
)

ZERO_QTY = Value(Decimal("0"), output_field=DecimalField(**QUANTITY_DIGITS))
ZERO_MONEY = Value(Decimal("0"), output_field=DecimalField(**MONEY_DIGITS))

ORDER_SORTS = {
    "number": "number",
    "supplier": "supplier__name",
    "status": "status",
    "expected": "expected_date",
    "created": "created_at",
    "total": "total",
}


def _order_total_subquery() -> Subquery:
    return per_outer_row(
        PurchaseOrderLine.objects,
        per="order",
        value=Sum(
            ExpressionWrapper(
                F("quantity") * F("unit_price"), output_field=DecimalField(**MONEY_DIGITS)
            )
        ),
        output_field=DecimalField(**MONEY_DIGITS),
    )


@dataclass(frozen=True)
class OrderFilters:
    query: str = ""
    status: str = ""  # "" = all, "open" = ordered or partially received, else a Status
    supplier: Supplier | None = None
    # Aware datetimes: placed (ordered_at) / fully received (received_at) in [from, to).
    placed_from: datetime | None = None
    placed_to: datetime | None = None
    received_from: datetime | None = None
    received_to: datetime | None = None


def _order_annotations() -> dict:
    return {
        "total": Coalesce(_order_total_subquery(), ZERO_MONEY),
        "line_count": Coalesce(
            per_outer_row(PurchaseOrderLine.objects, per="order", value=Count("pk")), 0
        ),
    }


def purchase_order_list(filters: OrderFilters) -> QuerySet[PurchaseOrder]:
    """The matching orders with their supplier, total and number of lines."""
    return _order_filter(
        PurchaseOrder.objects.select_related("supplier").annotate(**_order_annotations()), filters
    )


def purchase_order_matches(filters: OrderFilters, *, sort: str = "") -> QuerySet[PurchaseOrder]:
    """The matching orders, bare: what a page of the list is chosen from (ids first,
    then `purchase_orders_by_id` for those: a deep page skips thousands of orders on an
    index instead of computing their totals). `sort` adds what ordering by it needs."""
    orders = PurchaseOrder.objects.all()
    if sort.removeprefix("-") == "total":
        orders = orders.annotate(total=_order_annotations()["total"])
    return _order_filter(orders, filters)


def purchase_order_totals(filters: OrderFilters) -> dict:
    """What the filtered list adds up to, in one query: the number of orders and their
    value per currency (order lines × price), currencies in order."""
    rows = list(
        _order_filter(PurchaseOrder.objects.order_by(), filters)
        .values("currency")
        .annotate(
            n=Count("pk", distinct=True),
            total=Sum(
                ExpressionWrapper(
                    F("lines__quantity") * F("lines__unit_price"),
                    output_field=DecimalField(max_digits=30, decimal_places=7),
                )
            ),
        )
        .order_by("currency")
    )
    by_currency = [(row["currency"], row["total"] or 0) for row in rows]
    return {"orders": sum(row["n"] for row in rows), "by_currency": by_currency}


def purchase_orders_by_id(ids) -> dict[int, PurchaseOrder]:
    return (
        PurchaseOrder.objects.select_related("supplier")
        .annotate(**_order_annotations())
        .in_bulk(ids)
    )


def _order_filter(
    orders: QuerySet[PurchaseOrder], filters: OrderFilters
) -> QuerySet[PurchaseOrder]:
    if filters.status == "open":
        orders = orders.filter(status__in=OPEN_STATUSES)
    elif filters.status:
        orders = orders.filter(status=filters.status)
    if filters.supplier is not None:
        orders = orders.filter(supplier=filters.supplier)
    if filters.placed_from:
        orders = orders.filter(ordered_at__gte=filters.placed_from)
    if filters.placed_to:
        orders = orders.filter(ordered_at__lt=filters.placed_to)
    if filters.received_from:
        orders = orders.filter(received_at__gte=filters.received_from)
    if filters.received_to:
        orders = orders.filter(received_at__lt=filters.received_to)
    if filters.query:
        q = filters.query
        # Suppliers and parts matched on their own (a few ids each), not joined to every
        # order: a join made PostgreSQL test every order against every supplier (300 ms).
        # The SKU is matched on lower(sku), the catalog's unique index.
        parts = (
            Part.objects.annotate(sku_lower=Lower("sku")).filter(sku_lower=q.lower()).values("pk")
        )
        orders = orders.filter(
            Q(number__icontains=q)
            | Q(notes__icontains=q)
            | Q(supplier_id__in=Supplier.objects.filter(name__icontains=q).values("pk"))
            | Q(pk__in=PurchaseOrderLine.objects.filter(part_id__in=parts).values("order_id"))
        )
    return orders


def purchase_order_detail(pk: int) -> PurchaseOrder:
    return (
        PurchaseOrder.objects.select_related("supplier", "created_by")
        .prefetch_related(
            Prefetch("lines", queryset=PurchaseOrderLine.objects.select_related("part"))
        )
        .get(pk=pk)
    )


def purchase_order_lines_for_export(orders: QuerySet[PurchaseOrder]) -> QuerySet[PurchaseOrderLine]:
    return (
        PurchaseOrderLine.objects.filter(order__in=orders.values("pk"))
        .select_related("order", "order__supplier", "part")
        .order_by("order__number", "position", "pk")
    )


ORDER_LINE_HEADER = [
    "Order",
    "Supplier",
    "Status",
    "Currency",
    "Expected",
    "Created",
    "Line",
    "SKU",
    "Part",
    "Quantity",
    "Unit price",
    "Line total",
    "Received",
]


def purchase_order_line_rows(orders: QuerySet[PurchaseOrder], *, chunk_size: int = 2000):
    """The header, then one row per order line of `orders` (the export of the orders
    list, from its own page and from the exports), streamed in chunks."""
    yield ORDER_LINE_HEADER
    for line in purchase_order_lines_for_export(orders).iterator(chunk_size=chunk_size):
        order = line.order
        yield [
            order.number,
            order.supplier.name,
            order.get_status_display(),
            order.currency,
            order.expected_date or "",
            order.created_at.date(),
            line.position,
            line.part.sku,
            line.part.name,
            line.quantity,
            line.unit_price,
            line.total,
            line.received_quantity,
        ]


def open_orders_of_part(part: Part) -> QuerySet[PurchaseOrderLine]:
    return (
        PurchaseOrderLine.objects.filter(
            part=part, order__status__in=(*OPEN_STATUSES, Status.DRAFT)
        )
        .select_related("order", "order__supplier")
        .order_by("-order__number")
    )


def part_suggestions(query: str, *, supplier: Supplier | None = None, limit: int = 8) -> list[Part]:
    """Active parts for the order line's part picker; the supplier's prices joined."""
    query = query.strip()
    if not query:
        return []
    parts = Part.objects.filter(is_active=True).filter(
        Q(sku__icontains=query) | Q(name__icontains=query) | Q(barcode=query)
    )
    if supplier is not None:
        parts = parts.annotate(
            supplier_price=Subquery(
                SupplierPart.objects.filter(part=OuterRef("pk"), supplier=supplier).values(
                    "unit_price"
                )[:1]
            ),
            supplier_moq=Subquery(
                SupplierPart.objects.filter(part=OuterRef("pk"), supplier=supplier).values(
                    "minimum_order_quantity"
                )[:1]
            ),
        )
    ordering = [exact_match_first(query)]
    if supplier is not None:  # what this supplier sells first
        ordering.append(F("supplier_price").asc(nulls_last=True))
    return list(parts.order_by(*ordering, "sku")[:limit])
