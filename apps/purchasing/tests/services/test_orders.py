"""Order numbers, drafts and their lines, placing and cancelling."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from apps.catalog.tests.factories import make_part
from apps.purchasing.errors import PurchasingError
from apps.purchasing.models import PurchaseOrder, Status
from apps.purchasing.services.orders import (
    LineData,
    purchase_order_cancel,
    purchase_order_place,
    purchase_order_update,
)
from apps.purchasing.tests.factories import make_order, make_supplier

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(make_user):
    return make_user("buyer")


@pytest.fixture
def setup():
    supplier = make_supplier("Acme")
    a, b = make_part("A-1", unit="m"), make_part("B-1")  # metres: 2.5 is fine
    return supplier, a, b


def test_numbers_are_consecutive_and_formatted(setup, user):
    supplier, a, _b = setup
    first = make_order(supplier, user, [(a, 1, 1)])
    second = make_order(supplier, user, [(a, 1, 1)])
    assert first.number.startswith("PO-") and len(first.number) == 9
    assert int(second.number[3:]) == int(first.number[3:]) + 1


def test_number_skips_one_already_taken(setup, user):
    supplier, a, _b = setup
    first = make_order(supplier, user, [(a, 1, 1)])
    taken = f"PO-{int(first.number[3:]) + 1:06d}"
    PurchaseOrder.objects.create(number=taken, supplier=supplier)
    assert make_order(supplier, user, [(a, 1, 1)]).number == f"PO-{int(first.number[3:]) + 2:06d}"


def test_create_writes_the_header_and_lines(setup, user):
    supplier, a, b = setup
    order = make_order(supplier, user, [(a, "2.5", "4.00"), (b, 3, "0.10")], notes="rush")
    assert (order.status, order.supplier, order.currency, order.created_by, order.notes) == (
        Status.DRAFT,
        supplier,
        "EUR",
        user,
        "rush",
    )
    assert list(order.lines.values_list("part__sku", "quantity", "unit_price", "position")) == [
        ("A-1", Decimal("2.5"), Decimal("4"), 1),
        ("B-1", Decimal(3), Decimal("0.1"), 2),
    ]


def test_create_refuses_bad_lines_and_writes_nothing(setup, user):
    supplier, a, _b = setup
    with pytest.raises(PurchasingError) as error:
        make_order(supplier, user, [(a, 1, 1), (a, 0, 1)])
    assert error.value.field == "quantity"
    with pytest.raises(PurchasingError) as error:
        make_order(supplier, user, [(a, 1, -1)])
    assert error.value.field == "unit_price"
    assert not PurchaseOrder.objects.exists()


def test_archived_supplier_cannot_get_orders(setup, user):
    supplier, a, _b = setup
    supplier.is_active = False
    supplier.save()
    with pytest.raises(PurchasingError) as error:
        make_order(supplier, user, [(a, 1, 1)])
    assert error.value.field == "supplier"


def test_update_syncs_lines_only_in_draft(setup, user):
    supplier, a, b = setup
    order = make_order(supplier, user, [(a, 1, 1), (b, 2, 2)])
    first = order.lines.get(part=a)
    purchase_order_update(
        order=order,
        supplier=supplier,
        lines=[LineData(id=first.pk, part=a, quantity=Decimal(5), unit_price=Decimal(1))],
    )
    assert list(order.lines.values_list("part__sku", "quantity")) == [("A-1", Decimal("5"))]
    purchase_order_place(order=order, user=user)
    with pytest.raises(PurchasingError):
        purchase_order_update(order=order, supplier=supplier, lines=[])


def test_transitions_allowed_and_refused(setup, user):
    supplier, a, _b = setup
    order = make_order(supplier, user, [(a, 1, 1)])
    order = purchase_order_place(order=order, user=user)
    assert order.status == Status.ORDERED and order.ordered_at
    with pytest.raises(PurchasingError):
        purchase_order_place(order=order, user=user)
    purchase_order_cancel(order=order, user=user)
    order.refresh_from_db()
    assert order.status == Status.CANCELLED
    for service in (purchase_order_place, purchase_order_cancel):
        with pytest.raises(PurchasingError):
            service(order=order, user=user)


def test_place_needs_lines(setup, user):
    supplier, a, _b = setup
    order = make_order(supplier, user, [(a, 1, 1)])
    order.lines.all().delete()
    with pytest.raises(PurchasingError):
        purchase_order_place(order=order, user=user)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_numbers_never_collide_under_concurrency(django_user_model):
    supplier = make_supplier("Concurrent")
    part = make_part("CC-1")
    user = django_user_model.objects.create_user("threads", password="a-long-test-password")
    numbers, errors = [], []
    barrier = threading.Barrier(8)

    def create():
        try:
            barrier.wait()
            order = make_order(supplier, user, [(part, 1, 1)])
            numbers.append(order.number)
        except Exception as error:  # noqa: BLE001 - any error in a thread is reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    values = sorted(int(n[3:]) for n in numbers)
    assert len(set(values)) == 8
    assert values == list(range(values[0], values[0] + 8))


@pytest.mark.parametrize(
    "quantity,price,field",
    [
        ("1E+999999999", "1", "quantity"),
        ("100000000000", "1", "quantity"),  # 12 digits before the point
        ("1.0001", "1", "quantity"),
        ("1", "1E+999999999", "unit_price"),
        ("1", "0.00001", "unit_price"),
    ],
)
def test_issue12_item20_lines_that_do_not_fit_their_columns_are_refused(
    setup, user, quantity, price, field
):
    """Callers other than the order form (the reorder list) hand the service any number."""
    supplier, a, _b = setup
    with pytest.raises(PurchasingError) as refused:
        make_order(supplier, user, [(a, quantity, price)])
    assert refused.value.field == field
    assert not PurchaseOrder.objects.exists()


def test_text_limits_order_notes_are_at_most_2000_characters(setup, user):
    supplier, a, _b = setup
    with pytest.raises(PurchasingError) as refused:
        make_order(supplier, user, [(a, 1, 1)], notes="x" * 2001)
    assert refused.value.field == "notes"
    assert not PurchaseOrder.objects.exists()
