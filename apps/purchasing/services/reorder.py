"""Drafting purchase orders from the reorder list."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from django.db import transaction

from apps.catalog.models import Part
from apps.purchasing.errors import PurchasingError
from apps.purchasing.models import PurchaseOrder, Supplier, SupplierPart
from apps.purchasing.selectors.reorder import pending_quantities
from apps.purchasing.services.orders import LineData, purchase_order_create


def packs_for(quantity: Decimal, pack_size: Decimal) -> Decimal:
    """Whole packs of `pack_size` holding at least `quantity` (the quantity itself when
    the part is sold by the unit)."""
    if pack_size == 1:
        return quantity
    return (quantity / pack_size).to_integral_value(rounding=ROUND_CEILING)


@dataclass
class ReorderChoice:
    part: Part
    supplier: Supplier
    quantity: Decimal
    # On order plus on draft when the list was shown: the figure the quantity was chosen
    # against (the form's hidden `seen-<id>`).
    seen_pending: Decimal = Decimal("0")


class ReorderStale(PurchasingError):
    """Since the list was shown, more of these parts went on an order or a draft (the
    list drafted from twice, a second click, another tab, a colleague)."""

    def __init__(self, message: str, *, parts: list[Part]):
        super().__init__(message, code="stale")
        self.parts = parts


@transaction.atomic
def purchase_orders_draft_from_reorder(
    *, choices: list[ReorderChoice], user
) -> list[PurchaseOrder]:
    """One draft order per supplier with the chosen parts at the supplier's prices.

    The parts' rows are locked (in id order, as the stock services lock them) and what is
    on order or on a draft is read again under the lock: a part with more coming than
    the list showed is refused (ReorderStale), so drafting twice from one list, or two
    clicks at once, never drafts the same parts again."""
    if not choices:
        raise PurchasingError("Select at least one part to order.")
    by_supplier: dict[int, list[ReorderChoice]] = defaultdict(list)
    for choice in choices:
        if choice.quantity is None or choice.quantity <= 0:
            raise PurchasingError(
                f"{choice.part.sku}: the quantity must be more than zero.",
                field=f"qty-{choice.part.pk}",
            )
        by_supplier[choice.supplier.pk].append(choice)
    ids = sorted({c.part.pk for c in choices})
    list(Part.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
    pending = pending_quantities(ids)
    stale = [c.part for c in choices if pending.get(c.part.pk, 0) > (c.seen_pending or 0)]
    if stale:
        skus = ", ".join(p.sku for p in stale)
        raise ReorderStale(
            f"Since this list was shown, more of {skus} went on an order or a draft: "
            "check what is on order and draft again.",
            parts=stale,
        )
    offers = {
        (sp.supplier_id, sp.part_id): sp
        for sp in SupplierPart.objects.filter(
            supplier_id__in=by_supplier, part_id__in=[c.part.pk for c in choices]
        )
    }
    orders = []
    for supplier_id, group in sorted(
        by_supplier.items(), key=lambda item: item[1][0].supplier.name
    ):
        supplier = group[0].supplier
        lines = []
        for c in group:
            offer = offers.get((supplier_id, c.part.pk))
            # The list counts stock units; the order counts the supplier's packs, whole
            # ones, enough for the quantity chosen.
            packs = packs_for(c.quantity, offer.pack_size) if offer else c.quantity
            price = offer.unit_price if offer else c.part.unit_cost
            lines.append(LineData(part=c.part, quantity=packs, unit_price=price))
        orders.append(purchase_order_create(supplier=supplier, user=user, lines=lines))
    return orders
