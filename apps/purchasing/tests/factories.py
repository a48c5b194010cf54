"""Small builders for purchasing tests."""

from decimal import Decimal
from itertools import count

from apps.catalog.tests.factories import make_location, make_part  # noqa: F401
from apps.purchasing import services
from apps.purchasing.models import Supplier, SupplierPart

_numbers = count(1)


def make_supplier(name=None, **fields) -> Supplier:
    fields.setdefault("currency", "EUR")
    return Supplier.objects.create(name=name or f"Supplier {next(_numbers)}", **fields)


def make_supplier_part(supplier, part, price="1.50", **fields) -> SupplierPart:
    fields.setdefault("currency", supplier.currency)
    return SupplierPart.objects.create(supplier=supplier, part=part, unit_price=Decimal(price), **fields)


def make_order(supplier, user, lines, **fields):
    """lines: [(part, quantity, price), ...]"""
    return services.purchase_order_create(
        supplier=supplier, user=user,
        lines=[services.LineData(part=p, quantity=Decimal(str(q)), unit_price=Decimal(str(u))) for p, q, u in lines],
        **fields,
    )
