"""Drafting orders from the reorder list: one draft per supplier, at its prices."""

from decimal import Decimal

import pytest

from apps.catalog.tests.factories import make_part
from apps.purchasing.errors import PurchasingError
from apps.purchasing.models import PurchaseOrder, Status
from apps.purchasing.services.reorder import ReorderChoice, purchase_orders_draft_from_reorder
from apps.purchasing.tests.factories import make_supplier, make_supplier_part

pytestmark = pytest.mark.django_db


def test_one_draft_per_supplier_at_its_prices(make_user):
    user = make_user("buyer")
    acme, bolt = make_supplier("Acme"), make_supplier("Bolt Co")
    a, b = make_part("A-1", unit_cost="9.99"), make_part("B-1", unit_cost="4.50")
    make_supplier_part(acme, a, price="2.00", is_preferred=True)
    orders = purchase_orders_draft_from_reorder(
        user=user,
        choices=[
            ReorderChoice(part=b, supplier=bolt, quantity=Decimal(20)),
            ReorderChoice(part=a, supplier=acme, quantity=Decimal(25)),
        ],
    )
    assert [o.supplier.name for o in orders] == ["Acme", "Bolt Co"]
    assert all(o.status == Status.DRAFT and o.created_by == user for o in orders)
    assert orders[0].lines.get().unit_price == Decimal("2.00")
    assert orders[1].lines.get().unit_price == Decimal("4.50")  # not listed: the part's unit cost


def test_refuses_nothing_chosen_and_bad_quantities(make_user):
    user = make_user("buyer")
    part = make_part("A-1")
    with pytest.raises(PurchasingError):
        purchase_orders_draft_from_reorder(user=user, choices=[])
    with pytest.raises(PurchasingError) as error:
        purchase_orders_draft_from_reorder(
            user=user,
            choices=[ReorderChoice(part=part, supplier=make_supplier(), quantity=Decimal(0))],
        )
    assert error.value.field == f"qty-{part.pk}"
    assert not PurchaseOrder.objects.exists()
