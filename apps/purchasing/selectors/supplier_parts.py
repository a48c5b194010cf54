"""Reads of price lists: a page of a supplier's, a part's suppliers, a supplier's terms."""

from django.db.models import QuerySet

from apps.catalog.models import Part
from apps.purchasing.models import Supplier, SupplierPart

# The supplier page's price list reads in the supplier's catalogue order: an index
# (supplier, supplier_sku, id) gives any page of it directly; ordering by our SKU would
# sort all of a big distributor's lines (~15,000) for every page.
PRICE_LIST_SORTS = {"supplier_sku": "supplier_sku"}


def price_list_ids(supplier: Supplier) -> QuerySet:
    return supplier.supplier_parts.values_list("pk", flat=True)


def supplier_parts_by_id(ids) -> dict[int, SupplierPart]:
    return SupplierPart.objects.select_related("part", "supplier").in_bulk(ids)


def supplier_parts_of_part(part: Part) -> QuerySet[SupplierPart]:
    return part.supplier_parts.select_related("supplier", "part").order_by(
        "-is_preferred", "supplier__name"
    )


def supplier_terms(supplier: Supplier | None, part_ids) -> dict[int, SupplierPart]:
    if supplier is None or not part_ids:
        return {}
    return {
        sp.part_id: sp
        for sp in SupplierPart.objects.filter(supplier=supplier, part_id__in=part_ids)
    }
