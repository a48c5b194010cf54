"""Reads of the reorder list: parts below their reorder point, grouped by preferred supplier.

What is already coming counts against the shortfall: open orders ("on order", catalog's
figure) and draft orders ("on draft": drafted, not placed yet). Without the drafts, a
list drafted from and opened again ticked the same parts with the same quantities, and
drafting again doubled the orders.
"""

from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

from django.db.models import (
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from apps.catalog.models import QUANTITY_DIGITS, Part
from apps.catalog.selectors.parts import with_on_order
from apps.purchasing.models import PurchaseOrderLine, Status, Supplier, SupplierPart


@dataclass
class ReorderRow:
    part: Part
    on_order: Decimal  # on open orders, not received yet
    supplier_part: SupplierPart | None  # the preferred one
    alternatives: list = field(default_factory=list)  # other suppliers offering it
    suggested: Decimal = Decimal("0")
    on_draft: Decimal = Decimal("0")  # on draft orders
    drafts: list = field(default_factory=list)  # those draft orders: (id, number)

    @property
    def pending(self) -> Decimal:
        """Everything already coming or drafted: what a new order must not repeat."""
        return self.on_order + self.on_draft


@dataclass
class ReorderGroup:
    supplier: Supplier | None
    rows: list


def suggested_quantity(
    part: Part, pending: Decimal, moq: Decimal | None, pack_size: Decimal = Decimal(1)
) -> Decimal:
    """reorder_quantity (or what brings the part back to its reorder point when none is
    set), at least the supplier's minimum order quantity, less what is on order or on a
    draft order; in stock units, rounded up to whole packs when the supplier sells in
    packs of `pack_size` (its minimum order counts packs too)."""
    base = part.reorder_quantity or max(part.reorder_point - part.quantity_on_hand, Decimal("0"))
    moq = (moq or Decimal("0")) * pack_size
    need = max(base, moq) - pending
    if need <= 0:
        return Decimal("0")
    need = max(need, moq)
    if pack_size != 1:
        need = (need / pack_size).to_integral_value(rounding=ROUND_CEILING) * pack_size
    return need


REORDER_LIMIT = 500  # parts grouped at once when no page of them is given
# The biggest shortfall first: catalog's partial index part_below_reorder_idx
# ((reorder_point - quantity_on_hand) DESC, sku WHERE active and below) reads any page
# of the list directly, whatever the number of parts below their reorder point.
REORDER_SORTS = {"shortfall": ("-shortfall", "sku")}


def _quantity(value) -> Value:
    return Value(value, output_field=DecimalField(**QUANTITY_DIGITS))


def on_draft_subquery() -> Subquery:
    """The quantity of the part on draft orders, in stock units (None when none)."""
    return Subquery(
        PurchaseOrderLine.objects.filter(part=OuterRef("pk"), order__status=Status.DRAFT)
        .order_by()
        .values("part")
        .annotate(total=Sum(F("quantity") * F("pack_size")))
        .values("total"),
        output_field=DecimalField(**QUANTITY_DIGITS),
    )


def with_pending(parts: QuerySet[Part]) -> QuerySet[Part]:
    """Annotates `on_order` (open orders, less what came) and `on_draft` (draft orders)."""
    return with_on_order(parts).annotate(
        on_draft=Coalesce(on_draft_subquery(), _quantity(Decimal(0)))
    )


def pending_quantities(part_ids) -> dict[int, Decimal]:
    """On order plus on draft, per part id (0 for parts with neither): one query."""
    rows = with_pending(Part.objects.filter(pk__in=list(part_ids))).values_list(
        "pk", "on_order", "on_draft"
    )
    return {pk: (on_order or 0) + (on_draft or 0) for pk, on_order, on_draft in rows}


def reorder_parts(*, query: str = "", ids=None, on_order: bool = True) -> QuerySet[Part]:
    """Active parts below their reorder point, with what is on order and on draft
    (`on_order=False`: bare, to choose a page's ids from; see `reorder_page_ids`)."""
    parts = Part.objects.filter(is_active=True, quantity_on_hand__lt=F("reorder_point")).annotate(
        shortfall=ExpressionWrapper(
            F("reorder_point") - F("quantity_on_hand"), output_field=DecimalField(**QUANTITY_DIGITS)
        )
    )
    if on_order:
        parts = with_pending(parts)
    if ids is not None:
        parts = parts.filter(pk__in=ids)
    if query:
        parts = parts.filter(Q(sku__icontains=query) | Q(name__icontains=query))
    return parts.order_by("-shortfall", "sku")


def reorder_page_ids(*, query: str = "") -> QuerySet:
    return reorder_parts(query=query, on_order=False).values_list("pk", flat=True)


def reorder_parts_by_id(ids) -> dict[int, Part]:
    return {part.pk: part for part in reorder_parts(ids=list(ids))}


def _draft_orders(parts: list[Part]) -> dict[int, list[tuple[int, str]]]:
    """The draft orders holding each part (only parts with something on draft)."""
    ids = [p.pk for p in parts if getattr(p, "on_draft", 0)]
    drafts: dict[int, list[tuple[int, str]]] = {}
    if not ids:
        return drafts
    for part_id, order_id, number in (
        PurchaseOrderLine.objects.filter(part_id__in=ids, order__status=Status.DRAFT)
        .order_by("order__number")
        .values_list("part_id", "order_id", "order__number")
        .distinct()
    ):
        drafts.setdefault(part_id, []).append((order_id, number))
    return drafts


def reorder_groups(*, query: str = "", parts: list[Part] | None = None) -> list[ReorderGroup]:
    """`parts` (from `reorder_parts`: a page of the list), or the first REORDER_LIMIT
    parts below their reorder point, grouped by preferred supplier (two more queries:
    their price-list lines, the draft orders holding them)."""
    if parts is None:
        parts = list(reorder_parts(query=query)[:REORDER_LIMIT])
    offers: dict[int, list[SupplierPart]] = {}
    for sp in (
        SupplierPart.objects.filter(part_id__in=[p.pk for p in parts], supplier__is_active=True)
        .select_related("supplier")
        .order_by("-is_preferred", "unit_price")
    ):
        offers.setdefault(sp.part_id, []).append(sp)
    drafts = _draft_orders(parts)
    groups: dict[int | None, ReorderGroup] = {}
    for part in parts:
        part_offers = offers.get(part.pk, [])
        preferred = next((sp for sp in part_offers if sp.is_preferred), None)
        offer = preferred or (part_offers[0] if part_offers else None)
        moq = offer.minimum_order_quantity if offer else None
        row = ReorderRow(
            part=part,
            on_order=part.on_order,
            on_draft=part.on_draft,
            drafts=drafts.get(part.pk, []),
            supplier_part=preferred,
            alternatives=[sp for sp in part_offers if not sp.is_preferred],
        )
        row.suggested = suggested_quantity(
            part, row.pending, moq, offer.pack_size if offer else Decimal(1)
        )
        key = preferred.supplier_id if preferred else None
        if key not in groups:
            groups[key] = ReorderGroup(supplier=preferred.supplier if preferred else None, rows=[])
        groups[key].rows.append(row)
    ordered = sorted(
        (g for k, g in groups.items() if k is not None), key=lambda g: g.supplier.name.lower()
    )
    if None in groups:
        ordered.append(groups[None])
    return ordered
