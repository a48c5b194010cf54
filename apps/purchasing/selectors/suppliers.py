"""Reads of the supplier pages."""

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce

from apps.core.queries import per_outer_row
from apps.purchasing.models import OPEN_STATUSES, PurchaseOrder, Supplier, SupplierPart

SUPPLIER_SORTS = {
    "name": "name",
    "code": "code",
    "currency": "currency",
    "parts": "part_count",
    "status": "is_active",
}


def supplier_list(*, query: str = "", status: str = "active") -> QuerySet[Supplier]:
    suppliers = Supplier.objects.annotate(
        part_count=Coalesce(
            per_outer_row(SupplierPart.objects, per="supplier", value=Count("pk")), 0
        ),
        open_orders=Coalesce(
            per_outer_row(
                PurchaseOrder.objects,
                per="supplier",
                value=Count("pk"),
                status__in=OPEN_STATUSES,
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
            Q(name__icontains=query)
            | Q(code__icontains=query)
            | Q(contact_name__icontains=query)
            | Q(email__icontains=query)
        )
    return suppliers
