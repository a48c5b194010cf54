"""Reads of the reorder list: suggested quantities and groups by preferred supplier."""

from decimal import Decimal

import pytest

from apps.catalog.models import Part
from apps.catalog.tests.factories import make_part
from apps.purchasing.selectors.reorder import reorder_groups, suggested_quantity
from apps.purchasing.tests.factories import make_order, make_supplier, make_supplier_part


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


@pytest.mark.django_db
def test_issue12_item1_draft_orders_count_against_the_shortfall(make_user):
    """A part drafted from the list came back with "On order 0" and the same suggestion."""
    supplier = make_supplier("Acme")
    part = make_part("A-1", reorder_point=Decimal(10))
    part.reorder_quantity = Decimal(20)
    part.save()
    make_supplier_part(supplier, part, is_preferred=True)
    draft = make_order(supplier, make_user("buyer"), [(part, 15, 1)])
    (row,) = reorder_groups()[0].rows
    assert (row.on_order, row.on_draft, row.pending) == (0, 15, 15)
    assert row.drafts == [(draft.pk, draft.number)]
    assert row.suggested == 5  # 20 less the 15 on draft
    make_order(supplier, draft.created_by, [(part, 5, 1)])
    (row,) = reorder_groups()[0].rows
    assert (row.on_draft, row.suggested) == (20, 0)
