"""Drafting orders from the reorder list: one draft per supplier, at its prices."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from apps.catalog.tests.factories import make_part
from apps.purchasing.errors import PurchasingError
from apps.purchasing.models import PurchaseOrder, Status
from apps.purchasing.services.reorder import (
    ReorderChoice,
    ReorderStale,
    purchase_orders_draft_from_reorder,
)
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


def test_issue12_item1_drafting_again_from_the_same_list_is_refused(make_user):
    user = make_user("buyer")
    acme = make_supplier("Acme")
    part = make_part("A-1")
    choice = ReorderChoice(part=part, supplier=acme, quantity=Decimal(20), seen_pending=Decimal(0))
    purchase_orders_draft_from_reorder(user=user, choices=[choice])
    with pytest.raises(ReorderStale) as refused:
        purchase_orders_draft_from_reorder(user=user, choices=[choice])
    assert refused.value.parts == [part] and refused.value.code == "stale"
    assert PurchaseOrder.objects.count() == 1
    seen_the_draft = ReorderChoice(
        part=part, supplier=acme, quantity=Decimal(5), seen_pending=Decimal(20)
    )
    purchase_orders_draft_from_reorder(user=user, choices=[seen_the_draft])
    assert PurchaseOrder.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_issue12_item1_two_clicks_at_once_draft_once(django_user_model):
    """Two requests with the same list at the same moment: the parts' row locks queue
    them, and the second sees the first's draft."""
    user = django_user_model.objects.create_user("clicker", password="a-long-test-password")
    acme = make_supplier("Acme")
    part = make_part("A-1")
    barrier = threading.Barrier(4)
    outcomes, errors = [], []

    def draft():
        try:
            barrier.wait()
            choice = ReorderChoice(part=part, supplier=acme, quantity=Decimal(20))
            purchase_orders_draft_from_reorder(user=user, choices=[choice])
            outcomes.append("drafted")
        except ReorderStale:
            outcomes.append("refused")
        except Exception as error:  # noqa: BLE001 - any other error in a thread is reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=draft) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(outcomes) == ["drafted", "refused", "refused", "refused"]
    assert PurchaseOrder.objects.count() == 1
