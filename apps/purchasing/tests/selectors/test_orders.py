"""Reads of orders: totals, and what is on order."""

from decimal import Decimal

import pytest

from apps.catalog.models import Part
from apps.catalog.selectors.parts import with_on_order
from apps.catalog.tests.factories import make_part
from apps.purchasing.selectors.orders import OrderFilters, purchase_order_list
from apps.purchasing.tests.factories import make_order, make_placed_order, make_supplier

pytestmark = pytest.mark.django_db


def test_totals(make_user):
    user = make_user("buyer")
    supplier = make_supplier("Acme")
    a, b = make_part("A-1", unit="m"), make_part("B-1")  # 2.5 m
    order = make_order(supplier, user, [(a, "2.5", "4.00"), (b, 3, "0.10")])
    order = purchase_order_list(OrderFilters()).get(pk=order.pk)
    assert order.total == Decimal("10.30")
    assert order.line_count == 2
    assert order.currency == "EUR"


def test_on_order_counts_only_open_orders(make_user):
    user = make_user("buyer")
    supplier = make_supplier("Acme")
    a = make_part("A-1")
    make_order(supplier, user, [(a, 10, 1)])  # draft: not on order
    make_placed_order(supplier, user, [(a, 4, 1)])
    assert with_on_order(Part.objects.filter(pk=a.pk)).get().on_order == 4
