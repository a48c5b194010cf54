"""Reads of the reorder list: suggested quantities and groups by preferred supplier."""

from decimal import Decimal

import pytest

from apps.catalog.models import Part
from apps.catalog.tests.factories import make_part
from apps.purchasing.selectors.reorder import reorder_groups, suggested_quantity
from apps.purchasing.tests.factories import make_supplier, make_supplier_part


def test_suggested_quantity():
    part = Part(
        reorder_point=Decimal(10), reorder_quantity=Decimal(20), quantity_on_hand=Decimal(2)
    )
    assert suggested_quantity(part, Decimal(0), Decimal(5)) == 20
    assert suggested_quantity(part, Decimal(0), Decimal(50)) == 50  # at least the MOQ
    assert suggested_quantity(part, Decimal(15), Decimal(1)) == 5  # less what is on order
    assert suggested_quantity(part, Decimal(18), Decimal(5)) == 5  # but not below the MOQ
    assert suggested_quantity(part, Decimal(25), Decimal(5)) == 0
    part.reorder_quantity = Decimal(0)
    assert suggested_quantity(part, Decimal(0), None) == 8  # back to the reorder point


@pytest.mark.django_db
def test_reorder_groups():
    supplier = make_supplier("Acme")
    a, b, c = make_part("A-1"), make_part("B-1"), make_part("C-1")
    for part in (a, b, c):
        part.reorder_point, part.reorder_quantity = Decimal(10), Decimal(20)
        part.save()
    make_part("D-1", reorder_point=Decimal(1), quantity_on_hand=Decimal(5))  # not low
    make_supplier_part(
        supplier, a, price="2.00", is_preferred=True, minimum_order_quantity=Decimal(25)
    )
    other = make_supplier("Bolt Co")
    make_supplier_part(other, b, price="3.00", is_preferred=True)
    make_supplier_part(other, c, price="3.50")  # offered, not preferred: an alternative
    groups = reorder_groups()
    assert [g.supplier.name if g.supplier else None for g in groups] == ["Acme", "Bolt Co", None]
    assert groups[0].rows[0].suggested == 25
    assert [r.part.sku for r in groups[2].rows] == ["C-1"]
    assert [sp.supplier for sp in groups[2].rows[0].alternatives] == [other]
