"""Receiving deliveries: stock and ledger through inventory, statuses, over-receipt, rollback."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from apps.catalog.selectors.parts import with_on_order
from apps.catalog.tests.factories import make_location, make_part
from apps.inventory.models import StockItem, StockMovement
from apps.inventory.services.stock import movement_reverse, stock_receive
from apps.purchasing.errors import PurchasingError
from apps.purchasing.models import Status
from apps.purchasing.services.orders import purchase_order_cancel
from apps.purchasing.services.receiving import Receipt, purchase_order_receive
from apps.purchasing.tests.factories import make_order, make_placed_order, make_supplier

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(make_user):
    return make_user("buyer")


@pytest.fixture
def setup():
    supplier = make_supplier("Acme")
    a, b = make_part("A-1"), make_part("B-1")
    shelf = make_location("SHELF")
    return supplier, a, b, shelf


def _on_order(part):
    return with_on_order(type(part).objects.filter(pk=part.pk)).get().on_order


def test_a_draft_is_not_received(setup, user):
    supplier, a, _b, shelf = setup
    order = make_order(supplier, user, [(a, 1, 1)])
    with pytest.raises(PurchasingError):
        purchase_order_receive(order=order, receipts=[], user=user)
    with pytest.raises(PurchasingError):
        purchase_order_receive(
            order=order,
            user=user,
            receipts=[Receipt(line=order.lines.get(), quantity=Decimal(1), location=shelf)],
        )
    assert not StockMovement.objects.exists()


def test_partial_then_full_receipt_writes_stock_and_ledger(setup, user):
    supplier, a, b, shelf = setup
    order = make_placed_order(supplier, user, [(a, 10, 1), (b, 4, 2)])
    line_a, line_b = order.lines.order_by("position")
    purchase_order_receive(
        order=order, user=user, receipts=[Receipt(line=line_a, quantity=Decimal(6), location=shelf)]
    )
    order.refresh_from_db()
    assert order.status == Status.PARTIALLY_RECEIVED
    a.refresh_from_db()
    assert a.quantity_on_hand == 6
    movement = StockMovement.objects.get(part=a)
    assert (
        movement.reference == order.number and movement.kind == "receive" and movement.user == user
    )
    purchase_order_receive(
        order=order,
        user=user,
        receipts=[
            Receipt(line=line_a, quantity=Decimal(4), location=shelf),
            Receipt(line=line_b, quantity=Decimal(4), location=shelf),
        ],
    )
    order.refresh_from_db()
    assert order.status == Status.RECEIVED and order.received_at
    assert StockItem.objects.get(part=a, location=shelf).quantity == 10
    assert list(order.lines.order_by("position").values_list("received_quantity", flat=True)) == [
        10,
        4,
    ]
    with pytest.raises(PurchasingError):  # a received order is closed
        purchase_order_receive(
            order=order,
            user=user,
            receipts=[Receipt(line=line_a, quantity=Decimal(1), location=shelf)],
        )


def test_over_receipt_refused_unless_confirmed_and_nothing_half_written(setup, user):
    supplier, a, b, shelf = setup
    order = make_placed_order(supplier, user, [(a, 5, 1), (b, 5, 1)])
    line_a, line_b = order.lines.order_by("position")
    with pytest.raises(PurchasingError) as error:
        purchase_order_receive(
            order=order,
            user=user,
            receipts=[
                Receipt(line=line_a, quantity=Decimal(2), location=shelf),
                Receipt(line=line_b, quantity=Decimal(6), location=shelf),
            ],
        )
    assert error.value.field == f"line-{line_b.pk}" and error.value.code == "over_receipt"
    assert not StockMovement.objects.exists()
    line_a.refresh_from_db()
    assert line_a.received_quantity == 0
    purchase_order_receive(
        order=order,
        user=user,
        allow_over_receipt=True,
        receipts=[
            Receipt(line=line_a, quantity=Decimal(5), location=shelf),
            Receipt(line=line_b, quantity=Decimal(6), location=shelf),
        ],
    )
    order.refresh_from_db()
    assert order.status == Status.RECEIVED
    b.refresh_from_db()
    assert b.quantity_on_hand == 6


def test_failing_stock_line_rolls_back_the_whole_receipt(setup, user):
    supplier, a, b, shelf = setup
    b.tracks_batches = True
    b.save()
    order = make_placed_order(supplier, user, [(a, 5, 1), (b, 5, 1)])
    line_a, line_b = order.lines.order_by("position")
    with pytest.raises(PurchasingError) as error:  # b needs a batch
        purchase_order_receive(
            order=order,
            user=user,
            receipts=[
                Receipt(line=line_a, quantity=Decimal(5), location=shelf),
                Receipt(line=line_b, quantity=Decimal(5), location=shelf),
            ],
        )
    assert error.value.field == f"line-{line_b.pk}"
    assert not StockMovement.objects.exists()
    a.refresh_from_db()
    assert a.quantity_on_hand == 0
    purchase_order_receive(
        order=order,
        user=user,
        receipts=[
            Receipt(line=line_b, quantity=Decimal(5), location=shelf, batch="L1", expiry_date=None),
        ],
    )
    assert StockItem.objects.get(part=b).batch == "L1"


def test_cancel_partially_received_keeps_what_came_in(setup, user):
    supplier, a, _b, shelf = setup
    order = make_placed_order(supplier, user, [(a, 10, 1)])
    line = order.lines.get()
    purchase_order_receive(
        order=order, user=user, receipts=[Receipt(line=line, quantity=Decimal(3), location=shelf)]
    )
    assert _on_order(a) == 7
    purchase_order_cancel(order=order, user=user)
    a.refresh_from_db()
    assert a.quantity_on_hand == 3
    assert _on_order(a) == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_receipts_never_over_receive(django_user_model):
    """Two clerks book 6 of 10 at once: the order row lock makes the second see the
    first's receipt, so it is refused as an over-receipt."""
    supplier = make_supplier("Race")
    part = make_part("RC-1")
    shelf = make_location("RACE")
    user = django_user_model.objects.create_user("racer", password="a-long-test-password")
    order = make_placed_order(supplier, user, [(part, 10, 1)])
    line = order.lines.get()
    results, barrier = [], threading.Barrier(2)

    def receive():
        try:
            barrier.wait()
            purchase_order_receive(
                order=order,
                user=user,
                receipts=[Receipt(line=line, quantity=Decimal(6), location=shelf)],
            )
            results.append("ok")
        except PurchasingError as error:
            results.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=receive) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["ok", "over_receipt"]
    part.refresh_from_db()
    assert part.quantity_on_hand == 6
    assert StockMovement.objects.filter(part=part).count() == 1


# Issue 12, item 3: reversing a receipt (inventory's Reverse, on any screen) left the
# order "Received 5 of 5". The order's received quantities and status follow the ledger.


def _receive(order, user, line, quantity, location):
    purchase_order_receive(
        order=order,
        user=user,
        receipts=[Receipt(line=line, quantity=Decimal(quantity), location=location)],
    )
    return StockMovement.objects.filter(reference=order.number).latest("pk")


def test_issue12_item3_reversing_receipts_reopens_the_order(setup, make_user, user):
    supplier, a, b, shelf = setup
    manager = make_user("boss", role="manager")
    order = make_placed_order(supplier, user, [(a, 5, 1), (b, 4, 2)])
    line_a, line_b = order.lines.order_by("position")
    receipt_a = _receive(order, user, line_a, 5, shelf)
    receipt_b = _receive(order, user, line_b, 4, shelf)
    order.refresh_from_db()
    assert order.status == Status.RECEIVED and order.received_at is not None
    assert _on_order(a) == 0
    movement_reverse(movement=receipt_a, user=manager, note="wrong delivery")
    order.refresh_from_db()
    line_a.refresh_from_db()
    assert line_a.received_quantity == 0
    assert order.status == Status.PARTIALLY_RECEIVED and order.received_at is None
    assert _on_order(a) == 5  # coming again
    movement_reverse(movement=receipt_b, user=manager)
    order.refresh_from_db()
    assert order.status == Status.ORDERED and order.can_receive
    # Received again: as if the first receipts had never been.
    _receive(order, user, line_a, 5, shelf)
    _receive(order, user, order.lines.get(pk=line_b.pk), 4, shelf)
    order.refresh_from_db()
    assert order.status == Status.RECEIVED
    assert StockItem.objects.get(part=a, location=shelf).quantity == 5


def test_issue12_item3_a_partial_reversal_keeps_what_else_came(setup, make_user, user):
    supplier, a, _b, shelf = setup
    manager = make_user("boss", role="manager")
    order = make_placed_order(supplier, user, [(a, 5, 1)])
    line = order.lines.get()
    first = _receive(order, user, line, 3, shelf)
    _receive(order, user, order.lines.get(), 2, shelf)
    movement_reverse(movement=first, user=manager)
    order.refresh_from_db()
    assert order.lines.get().received_quantity == 2
    assert order.status == Status.PARTIALLY_RECEIVED


def test_issue12_item3_a_cancelled_rest_stays_cancelled(setup, make_user, user):
    supplier, a, _b, shelf = setup
    manager = make_user("boss", role="manager")
    order = make_placed_order(supplier, user, [(a, 5, 1)])
    receipt = _receive(order, user, order.lines.get(), 2, shelf)
    purchase_order_cancel(order=order, user=user)
    movement_reverse(movement=receipt, user=manager)
    order.refresh_from_db()
    assert order.status == Status.CANCELLED and order.lines.get().received_quantity == 0


def test_issue12_item3_other_movements_leave_orders_alone(setup, make_user, user):
    supplier, a, _b, shelf = setup
    manager = make_user("boss", role="manager")
    order = make_placed_order(supplier, user, [(a, 5, 1)])
    _receive(order, user, order.lines.get(), 5, shelf)
    # Booked by hand with the order's number as reference: not a receipt of the order.
    by_hand = stock_receive(
        part=a, location=shelf, quantity=Decimal(1), user=manager, reference=order.number
    )
    movement_reverse(movement=by_hand, user=manager)
    order.refresh_from_db()
    assert order.status == Status.RECEIVED and order.lines.get().received_quantity == 5
