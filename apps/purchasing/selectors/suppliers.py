"""Reads of the supplier pages."""

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

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
            Subquery(
                SupplierPart.objects.filter(supplier=OuterRef("pk"))
                .order_by()
                .values("supplier")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            0,
        ),
        open_orders=Coalesce(
            Subquery(
                PurchaseOrder.objects.filter(supplier=OuterRef("pk"), status__in=OPEN_STATUSES)
                .order_by()
                .values("supplier")
                .annotate(n=Count("pk"))
                .values("n")
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
