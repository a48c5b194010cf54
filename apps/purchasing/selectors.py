"""Read-side queries of the purchasing pages; each list runs a constant number of queries."""

from dataclasses import dataclass, field
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
from django.db.models.functions import Coalesce

from apps.catalog.models import MONEY_DIGITS, QUANTITY_DIGITS, Part
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

SUPPLIER_SORTS = {"name": "name", "code": "code", "currency": "currency", "parts": "part_count",
                  "status": "is_active"}
ORDER_SORTS = {"number": "number", "supplier": "supplier__name", "status": "status",
               "expected": "expected_date", "created": "created_at", "total": "total"}


def on_order_subquery(part_ref: str = "pk") -> Subquery:
    """Ordered less received on lines of open orders, per part (None when nothing)."""
    return Subquery(
        PurchaseOrderLine.objects.filter(part=OuterRef(part_ref), order__status__in=OPEN_STATUSES)
        .order_by()
        .values("part")
        .annotate(total=Sum(F("quantity") - F("received_quantity")))
        .values("total"),
        output_field=DecimalField(**QUANTITY_DIGITS),
    )


def with_on_order(parts: QuerySet) -> QuerySet:
    return parts.annotate(on_order=Coalesce(on_order_subquery(), ZERO_QTY))


def _order_total_subquery() -> Subquery:
    return Subquery(
        PurchaseOrderLine.objects.filter(order=OuterRef("pk"))
        .order_by()
        .values("order")
        .annotate(total=Sum(ExpressionWrapper(F("quantity") * F("unit_price"),
                                              output_field=DecimalField(**MONEY_DIGITS))))
        .values("total"),
        output_field=DecimalField(**MONEY_DIGITS),
    )


def supplier_list(*, query: str = "", status: str = "active") -> QuerySet[Supplier]:
    suppliers = Supplier.objects.annotate(
        part_count=Coalesce(
            Subquery(
                SupplierPart.objects.filter(supplier=OuterRef("pk")).order_by().values("supplier")
                .annotate(n=Count("pk")).values("n")
            ),
            0,
        ),
        open_orders=Coalesce(
            Subquery(
                PurchaseOrder.objects.filter(supplier=OuterRef("pk"), status__in=OPEN_STATUSES)
                .order_by().values("supplier").annotate(n=Count("pk")).values("n")
            ),
            0,
        ),
    )
    if status == "active":
        suppliers = suppliers.filter(is_active=True)
    elif status == "archived":
        suppliers = suppliers.filter(is_active=False)
    if query:
        suppliers = suppliers.filter(
            Q(name__icontains=query) | Q(code__icontains=query) | Q(contact_name__icontains=query)
            | Q(email__icontains=query)
        )
    return suppliers


def supplier_parts_of_supplier(supplier: Supplier) -> QuerySet[SupplierPart]:
    return supplier.supplier_parts.select_related("part", "supplier").order_by("part__sku")


def supplier_parts_of_part(part: Part) -> QuerySet[SupplierPart]:
    return part.supplier_parts.select_related("supplier", "part").order_by("-is_preferred", "supplier__name")


@dataclass(frozen=True)
class OrderFilters:
    query: str = ""
    status: str = ""  # "" = all, "open" = ordered or partially received, else a Status
    supplier: Supplier | None = None


def purchase_order_list(filters: OrderFilters) -> QuerySet[PurchaseOrder]:
    orders = PurchaseOrder.objects.select_related("supplier").annotate(
        total=Coalesce(_order_total_subquery(), ZERO_MONEY),
        line_count=Coalesce(
            Subquery(
                PurchaseOrderLine.objects.filter(order=OuterRef("pk")).order_by().values("order")
                .annotate(n=Count("pk")).values("n")
            ),
            0,
        ),
    )
    if filters.status == "open":
        orders = orders.filter(status__in=OPEN_STATUSES)
    elif filters.status:
        orders = orders.filter(status=filters.status)
    if filters.supplier is not None:
        orders = orders.filter(supplier=filters.supplier)
    if filters.query:
        q = filters.query
        orders = orders.filter(
            Q(number__icontains=q) | Q(supplier__name__icontains=q) | Q(notes__icontains=q)
            | Q(pk__in=PurchaseOrderLine.objects.filter(part__sku__iexact=q).values("order"))
        )
    return orders


def purchase_order_detail(pk: int) -> PurchaseOrder:
    return (
        PurchaseOrder.objects.select_related("supplier", "created_by")
        .prefetch_related(Prefetch("lines", queryset=PurchaseOrderLine.objects.select_related("part")))
        .get(pk=pk)
    )


def purchase_order_lines_for_export(orders: QuerySet[PurchaseOrder]) -> QuerySet[PurchaseOrderLine]:
    return (
        PurchaseOrderLine.objects.filter(order__in=orders.values("pk"))
        .select_related("order", "order__supplier", "part")
        .order_by("order__number", "position", "pk")
    )


def open_orders_of_part(part: Part) -> QuerySet[PurchaseOrderLine]:
    return (
        PurchaseOrderLine.objects.filter(part=part, order__status__in=OPEN_STATUSES + (Status.DRAFT,))
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
                SupplierPart.objects.filter(part=OuterRef("pk"), supplier=supplier).values("unit_price")[:1]
            ),
            supplier_moq=Subquery(
                SupplierPart.objects.filter(part=OuterRef("pk"), supplier=supplier)
                .values("minimum_order_quantity")[:1]
            ),
        )
    from apps.catalog.selectors import exact_match_first

    ordering = [exact_match_first(query)]
    if supplier is not None:  # what this supplier sells first
        ordering.append(F("supplier_price").asc(nulls_last=True))
    return list(parts.order_by(*ordering, "sku")[:limit])


def supplier_terms(supplier: Supplier | None, part_ids) -> dict[int, SupplierPart]:
    if supplier is None or not part_ids:
        return {}
    return {sp.part_id: sp for sp in SupplierPart.objects.filter(supplier=supplier, part_id__in=part_ids)}


# --- reorder -----------------------------------------------------------------------------

@dataclass
class ReorderRow:
    part: Part
    on_order: Decimal
    supplier_part: SupplierPart | None  # the preferred one
    alternatives: list = field(default_factory=list)  # other suppliers offering it
    suggested: Decimal = Decimal("0")


@dataclass
class ReorderGroup:
    supplier: Supplier | None
    rows: list


def suggested_quantity(part: Part, on_order: Decimal, moq: Decimal | None) -> Decimal:
    """reorder_quantity (or what brings the part back to its reorder point when none is
    set), at least the supplier's minimum order quantity, less what is on order."""
    base = part.reorder_quantity or max(part.reorder_point - part.quantity_on_hand, Decimal("0"))
    moq = moq or Decimal("0")
    need = max(base, moq) - on_order
    if need <= 0:
        return Decimal("0")
    return max(need, moq)


REORDER_LIMIT = 500


def reorder_groups(*, query: str = "") -> list[ReorderGroup]:
    """Active parts below their reorder point, grouped by preferred supplier (three
    queries: parts, their price-list lines, nothing more)."""
    parts = with_on_order(
        Part.objects.filter(is_active=True, quantity_on_hand__lt=F("reorder_point"))
    ).order_by("sku")
    if query:
        parts = parts.filter(Q(sku__icontains=query) | Q(name__icontains=query))
    parts = list(parts[:REORDER_LIMIT])
    offers: dict[int, list[SupplierPart]] = {}
    for sp in (
        SupplierPart.objects.filter(part_id__in=[p.pk for p in parts], supplier__is_active=True)
        .select_related("supplier").order_by("-is_preferred", "unit_price")
    ):
        offers.setdefault(sp.part_id, []).append(sp)
    groups: dict[int | None, ReorderGroup] = {}
    for part in parts:
        part_offers = offers.get(part.pk, [])
        preferred = next((sp for sp in part_offers if sp.is_preferred), None)
        moq = preferred.minimum_order_quantity if preferred else (
            part_offers[0].minimum_order_quantity if part_offers else None)
        row = ReorderRow(
            part=part, on_order=part.on_order, supplier_part=preferred,
            alternatives=[sp for sp in part_offers if not sp.is_preferred],
            suggested=suggested_quantity(part, part.on_order, moq),
        )
        key = preferred.supplier_id if preferred else None
        if key not in groups:
            groups[key] = ReorderGroup(supplier=preferred.supplier if preferred else None, rows=[])
        groups[key].rows.append(row)
    ordered = sorted((g for k, g in groups.items() if k is not None), key=lambda g: g.supplier.name.lower())
    if None in groups:
        ordered.append(groups[None])
    return ordered
