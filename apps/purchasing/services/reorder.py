"""Drafting purchase orders from the reorder list."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from apps.catalog.models import Part
from apps.purchasing.errors import PurchasingError
from apps.purchasing.models import PurchaseOrder, Supplier, SupplierPart
from apps.purchasing.services.orders import LineData, purchase_order_create


@dataclass
class ReorderChoice:
    part: Part
    supplier: Supplier
    quantity: Decimal


@transaction.atomic
def purchase_orders_draft_from_reorder(
    *, choices: list[ReorderChoice], user
) -> list[PurchaseOrder]:
    """One draft order per supplier with the chosen parts at the supplier's prices."""
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
    prices = {
        (sp.supplier_id, sp.part_id): sp.unit_price
        for sp in SupplierPart.objects.filter(
            supplier_id__in=by_supplier, part_id__in=[c.part.pk for c in choices]
        )
    }
    orders = []
    for supplier_id, group in sorted(
        by_supplier.items(), key=lambda item: item[1][0].supplier.name
    ):
        supplier = group[0].supplier
        lines = [
            LineData(
                part=c.part,
                quantity=c.quantity,
                unit_price=prices.get((supplier_id, c.part.pk), c.part.unit_cost),
            )
            for c in group
        ]
        orders.append(purchase_order_create(supplier=supplier, user=user, lines=lines))
    return orders
