"""Builders for purchasing tests: suppliers, price-list lines and orders. Parts and
locations come from their own apps' factories."""

from decimal import Decimal
from itertools import count

from apps.purchasing.models import PurchaseOrder, Supplier, SupplierPart
from apps.purchasing.services.orders import LineData, purchase_order_create, purchase_order_place

_numbers = count(1)


def make_supplier(name=None, **fields) -> Supplier:
    fields.setdefault("currency", "EUR")
    return Supplier.objects.create(name=name or f"Supplier {next(_numbers)}", **fields)


def make_supplier_part(supplier, part, price="1.50", **fields) -> SupplierPart:
    fields.setdefault("currency", supplier.currency)
    return SupplierPart.objects.create(
        supplier=supplier, part=part, unit_price=Decimal(price), **fields
    )


def make_order(supplier, user, lines, **fields) -> PurchaseOrder:
    """A draft through the service. lines: [(part, quantity, price), ...]"""
    return purchase_order_create(
        supplier=supplier,
        user=user,
        lines=[
            LineData(part=p, quantity=Decimal(str(q)), unit_price=Decimal(str(u)))
            for p, q, u in lines
        ],
        **fields,
    )


def make_placed_order(supplier, user, lines, **fields) -> PurchaseOrder:
    """An order placed with the supplier (status "ordered"), ready to be received."""
    return purchase_order_place(order=make_order(supplier, user, lines, **fields), user=user)
