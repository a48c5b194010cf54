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
from django.db.models.functions import Coalesce, Lower

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


# The supplier page's price list reads in the supplier's catalogue order: an index
# (supplier, supplier_sku, id) gives any page of it directly; ordering by our SKU would
# sort all of a big distributor's lines (~15,000) for every page.
PRICE_LIST_SORTS = {"supplier_sku": "supplier_sku"}




def supplier_parts_of_part(part: Part) -> QuerySet[SupplierPart]:
    return part.supplier_parts.select_related("supplier", "part").order_by("-is_preferred", "supplier__name")


@dataclass(frozen=True)
class OrderFilters:
    query: str = ""
    status: str = ""  # "" = all, "open" = ordered or partially received, else a Status
    supplier: Supplier | None = None


def _order_annotations() -> dict:
    return {
        "total": Coalesce(_order_total_subquery(), ZERO_MONEY),
        "line_count": Coalesce(
            Subquery(
                PurchaseOrderLine.objects.filter(order=OuterRef("pk")).order_by().values("order")
                .annotate(n=Count("pk")).values("n")
            ),
            0,
        ),
    }


def purchase_order_list(filters: OrderFilters) -> QuerySet[PurchaseOrder]:
    """The matching orders with their supplier, total and number of lines."""
    return _order_filter(PurchaseOrder.objects.select_related("supplier").annotate(**_order_annotations()), filters)


def purchase_order_matches(filters: OrderFilters, *, sort: str = "") -> QuerySet[PurchaseOrder]:
    """The matching orders, bare: what a page of the list is chosen from (ids first,
    then `purchase_orders_by_id` for those: a deep page skips thousands of orders on an
    index instead of computing their totals). `sort` adds what ordering by it needs."""
    orders = PurchaseOrder.objects.all()
    if sort.removeprefix("-") == "total":
        orders = orders.annotate(total=_order_annotations()["total"])
    return _order_filter(orders, filters)


def purchase_orders_by_id(ids) -> dict[int, PurchaseOrder]:
    return PurchaseOrder.objects.select_related("supplier").annotate(**_order_annotations()).in_bulk(ids)


def _order_filter(orders: QuerySet[PurchaseOrder], filters: OrderFilters) -> QuerySet[PurchaseOrder]:
    if filters.status == "open":
        orders = orders.filter(status__in=OPEN_STATUSES)
    elif filters.status:
        orders = orders.filter(status=filters.status)
    if filters.supplier is not None:
        orders = orders.filter(supplier=filters.supplier)
    if filters.query:
        q = filters.query
        # Suppliers and parts matched on their own (a few ids each), not joined to every
        # order: a join made PostgreSQL test every order against every supplier (300 ms).
        # The SKU is matched on lower(sku), the catalog's unique index.
        parts = Part.objects.annotate(sku_lower=Lower("sku")).filter(sku_lower=q.lower()).values("pk")
        orders = orders.filter(
            Q(number__icontains=q) | Q(notes__icontains=q)
            | Q(supplier_id__in=Supplier.objects.filter(name__icontains=q).values("pk"))
            | Q(pk__in=PurchaseOrderLine.objects.filter(part_id__in=parts).values("order_id"))
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


REORDER_LIMIT = 500  # parts grouped at once when no page of them is given
# The biggest shortfall first: catalog's partial index part_below_reorder_idx
# ((reorder_point - quantity_on_hand) DESC, sku WHERE active and below) reads any page
# of the list directly, whatever the number of parts below their reorder point.
REORDER_SORTS = {"shortfall": ("-shortfall", "sku")}


def reorder_parts(*, query: str = "", ids=None, on_order: bool = True) -> QuerySet[Part]:
    """Active parts below their reorder point, with what is on order (`on_order=False`:
    bare, to choose a page's ids from; see `reorder_page_ids`)."""
    parts = Part.objects.filter(is_active=True, quantity_on_hand__lt=F("reorder_point")).annotate(
        shortfall=ExpressionWrapper(F("reorder_point") - F("quantity_on_hand"),
                                    output_field=DecimalField(**QUANTITY_DIGITS)))
    if on_order:
        parts = with_on_order(parts)
    if ids is not None:
        parts = parts.filter(pk__in=ids)
    if query:
        parts = parts.filter(Q(sku__icontains=query) | Q(name__icontains=query))
    return parts.order_by("-shortfall", "sku")


def rows_for_page(listing, fetch) -> None:
    """Deferred join: `listing` was paged over bare ids (an index walk, however deep the
    page); its rows become `fetch(ids)` (a dict by pk), in the page's order. Without it a
    deep page computes the joins and figures of every row it skips."""
    found = fetch(listing.rows)
    listing.rows = [found[pk] for pk in listing.rows if pk in found]


def price_list_ids(supplier: Supplier) -> QuerySet:
    return supplier.supplier_parts.values_list("pk", flat=True)


def supplier_parts_by_id(ids) -> dict[int, SupplierPart]:
    return SupplierPart.objects.select_related("part", "supplier").in_bulk(ids)


def reorder_page_ids(*, query: str = "") -> QuerySet:
    return reorder_parts(query=query, on_order=False).values_list("pk", flat=True)


def reorder_parts_by_id(ids) -> dict[int, Part]:
    return {part.pk: part for part in reorder_parts(ids=list(ids))}


def reorder_groups(*, query: str = "", parts: list[Part] | None = None) -> list[ReorderGroup]:
    """`parts` (from `reorder_parts`: a page of the list), or the first REORDER_LIMIT
    parts below their reorder point, grouped by preferred supplier (one more query:
    their price-list lines)."""
    if parts is None:
        parts = list(reorder_parts(query=query)[:REORDER_LIMIT])
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
