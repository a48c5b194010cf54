import threading
from decimal import Decimal

import pytest
from django.db import connection

from apps.inventory.models import StockItem, StockMovement
from apps.purchasing import selectors, services
from apps.purchasing.models import PurchaseOrder, Status, SupplierPart
from apps.purchasing.services import PurchasingError, Receipt
from apps.purchasing.tests.factories import (
    make_location,
    make_order,
    make_part,
    make_supplier,
    make_supplier_part,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(make_user):
    return make_user("buyer")


@pytest.fixture
def setup(user):
    supplier = make_supplier("Acme")
    a, b = make_part("A-1"), make_part("B-1")
    shelf = make_location("SHELF")
    return supplier, a, b, shelf


def test_numbers_are_consecutive_and_formatted(setup, user):
    supplier, a, _b, _ = setup
    first = make_order(supplier, user, [(a, 1, 1)])
    second = make_order(supplier, user, [(a, 1, 1)])
    assert first.number.startswith("PO-") and len(first.number) == 9
    assert int(second.number[3:]) == int(first.number[3:]) + 1


def test_number_skips_one_already_taken(setup, user):
    supplier, a, _b, _ = setup
    first = make_order(supplier, user, [(a, 1, 1)])
    taken = f"PO-{int(first.number[3:]) + 1:06d}"
    PurchaseOrder.objects.create(number=taken, supplier=supplier)
    assert make_order(supplier, user, [(a, 1, 1)]).number == f"PO-{int(first.number[3:]) + 2:06d}"


def test_totals(setup, user):
    supplier, a, b, _ = setup
    order = make_order(supplier, user, [(a, "2.5", "4.00"), (b, 3, "0.10")])
    order = selectors.purchase_order_list(selectors.OrderFilters()).get(pk=order.pk)
    assert order.total == Decimal("10.30")
    assert order.line_count == 2
    assert order.currency == "EUR"


def test_create_refuses_bad_lines_and_writes_nothing(setup, user):
    supplier, a, _b, _ = setup
    with pytest.raises(PurchasingError):
        make_order(supplier, user, [(a, 1, 1), (a, 0, 1)])
    with pytest.raises(PurchasingError):
        make_order(supplier, user, [(a, 1, -1)])
    assert not PurchaseOrder.objects.exists()


def test_archived_supplier_cannot_get_orders(setup, user):
    supplier, a, _b, _ = setup
    supplier.is_active = False
    supplier.save()
    with pytest.raises(PurchasingError) as error:
        make_order(supplier, user, [(a, 1, 1)])
    assert error.value.field == "supplier"


def test_update_syncs_lines_only_in_draft(setup, user):
    supplier, a, b, _ = setup
    order = make_order(supplier, user, [(a, 1, 1), (b, 2, 2)])
    first = order.lines.get(part=a)
    services.purchase_order_update(
        order=order, supplier=supplier,
        lines=[services.LineData(id=first.pk, part=a, quantity=Decimal(5), unit_price=Decimal(1))],
    )
    assert list(order.lines.values_list("part__sku", "quantity")) == [("A-1", Decimal("5"))]
    services.purchase_order_place(order=order, user=user)
    with pytest.raises(PurchasingError):
        services.purchase_order_update(order=order, supplier=supplier, lines=[])


def test_transitions_allowed_and_refused(setup, user):
    supplier, a, _b, _ = setup
    order = make_order(supplier, user, [(a, 1, 1)])
    with pytest.raises(PurchasingError):  # a draft is not received
        services.purchase_order_receive(order=order, receipts=[], user=user)
    order = services.purchase_order_place(order=order, user=user)
    assert order.status == Status.ORDERED and order.ordered_at
    with pytest.raises(PurchasingError):
        services.purchase_order_place(order=order, user=user)
    services.purchase_order_cancel(order=order, user=user)
    order.refresh_from_db()
    assert order.status == Status.CANCELLED
    for service in (services.purchase_order_place, services.purchase_order_cancel):
        with pytest.raises(PurchasingError):
            service(order=order, user=user)


def test_place_needs_lines(setup, user):
    supplier, a, _b, _ = setup
    order = make_order(supplier, user, [(a, 1, 1)])
    order.lines.all().delete()
    with pytest.raises(PurchasingError):
        services.purchase_order_place(order=order, user=user)


def _placed(setup, user, lines):
    supplier = setup[0]
    order = make_order(supplier, user, lines)
    return services.purchase_order_place(order=order, user=user)


def test_partial_then_full_receipt_writes_stock_and_ledger(setup, user):
    _supplier, a, b, shelf = setup
    order = _placed(setup, user, [(a, 10, 1), (b, 4, 2)])
    line_a, line_b = order.lines.order_by("position")
    services.purchase_order_receive(order=order, user=user,
                                    receipts=[Receipt(line=line_a, quantity=Decimal(6), location=shelf)])
    order.refresh_from_db()
    assert order.status == Status.PARTIALLY_RECEIVED
    a.refresh_from_db()
    assert a.quantity_on_hand == 6
    movement = StockMovement.objects.get(part=a)
    assert movement.reference == order.number and movement.kind == "receive" and movement.user == user
    services.purchase_order_receive(order=order, user=user, receipts=[
        Receipt(line=line_a, quantity=Decimal(4), location=shelf),
        Receipt(line=line_b, quantity=Decimal(4), location=shelf),
    ])
    order.refresh_from_db()
    assert order.status == Status.RECEIVED and order.received_at
    assert StockItem.objects.get(part=a, location=shelf).quantity == 10
    assert list(order.lines.order_by("position").values_list("received_quantity", flat=True)) == [10, 4]
    with pytest.raises(PurchasingError):  # a received order is closed
        services.purchase_order_receive(order=order, user=user,
                                        receipts=[Receipt(line=line_a, quantity=Decimal(1), location=shelf)])


def test_over_receipt_refused_unless_confirmed_and_nothing_half_written(setup, user):
    _supplier, a, b, shelf = setup
    order = _placed(setup, user, [(a, 5, 1), (b, 5, 1)])
    line_a, line_b = order.lines.order_by("position")
    with pytest.raises(PurchasingError) as error:
        services.purchase_order_receive(order=order, user=user, receipts=[
            Receipt(line=line_a, quantity=Decimal(2), location=shelf),
            Receipt(line=line_b, quantity=Decimal(6), location=shelf),
        ])
    assert error.value.field == f"line-{line_b.pk}"
    assert not StockMovement.objects.exists()
    line_a.refresh_from_db()
    assert line_a.received_quantity == 0
    services.purchase_order_receive(order=order, user=user, allow_over_receipt=True, receipts=[
        Receipt(line=line_a, quantity=Decimal(5), location=shelf),
        Receipt(line=line_b, quantity=Decimal(6), location=shelf),
    ])
    order.refresh_from_db()
    assert order.status == Status.RECEIVED
    b.refresh_from_db()
    assert b.quantity_on_hand == 6


def test_failing_stock_line_rolls_back_the_whole_receipt(setup, user):
    _supplier, a, b, shelf = setup
    b.tracks_batches = True
    b.save()
    order = _placed(setup, user, [(a, 5, 1), (b, 5, 1)])
    line_a, line_b = order.lines.order_by("position")
    with pytest.raises(PurchasingError):  # b needs a batch
        services.purchase_order_receive(order=order, user=user, receipts=[
            Receipt(line=line_a, quantity=Decimal(5), location=shelf),
            Receipt(line=line_b, quantity=Decimal(5), location=shelf),
        ])
    assert not StockMovement.objects.exists()
    a.refresh_from_db()
    assert a.quantity_on_hand == 0
    services.purchase_order_receive(order=order, user=user, receipts=[
        Receipt(line=line_b, quantity=Decimal(5), location=shelf, batch="L1", expiry_date=None),
    ])
    assert StockItem.objects.get(part=b).batch == "L1"


def test_cancel_partially_received_keeps_what_came_in(setup, user):
    _supplier, a, _b, shelf = setup
    order = _placed(setup, user, [(a, 10, 1)])
    line = order.lines.get()
    services.purchase_order_receive(order=order, user=user,
                                    receipts=[Receipt(line=line, quantity=Decimal(3), location=shelf)])
    assert selectors.with_on_order(type(a).objects.filter(pk=a.pk)).get().on_order == 7
    services.purchase_order_cancel(order=order, user=user)
    a.refresh_from_db()
    assert a.quantity_on_hand == 3
    assert selectors.with_on_order(type(a).objects.filter(pk=a.pk)).get().on_order == 0


def test_on_order_counts_only_open_orders(setup, user):
    supplier, a, _b, _ = setup
    make_order(supplier, user, [(a, 10, 1)])  # draft: not on order
    _placed(setup, user, [(a, 4, 1)])
    assert selectors.with_on_order(type(a).objects.filter(pk=a.pk)).get().on_order == 4


def test_one_preferred_supplier_per_part(setup):
    supplier, a, _b, _ = setup
    other = make_supplier("Other", currency="USD")
    first = services.supplier_part_save(supplier=supplier, data={
        "part": a, "unit_price": Decimal("1"), "currency": "", "is_preferred": True,
        "minimum_order_quantity": Decimal(1), "lead_time_days": 3, "supplier_sku": "X"})
    assert first.currency == "EUR"  # from the supplier
    second = services.supplier_part_save(supplier=other, data={
        "part": a, "unit_price": Decimal("2"), "currency": "", "is_preferred": True,
        "minimum_order_quantity": Decimal(1), "lead_time_days": 3, "supplier_sku": "Y"})
    assert second.currency == "USD"
    assert list(SupplierPart.objects.filter(is_preferred=True).values_list("pk", flat=True)) == [second.pk]
    with pytest.raises(PurchasingError) as error:  # the same part twice from one supplier
        services.supplier_part_save(supplier=other, data={
            "part": a, "unit_price": Decimal("2"), "currency": "USD", "is_preferred": False,
            "minimum_order_quantity": Decimal(1), "lead_time_days": 0, "supplier_sku": ""})
    assert error.value.field == "part"


def test_database_refuses_two_preferred(setup):
    from django.db import IntegrityError, transaction

    supplier, a, _b, _ = setup
    make_supplier_part(supplier, a, is_preferred=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_supplier_part(make_supplier(), a, is_preferred=True)


def test_suggested_quantity():
    from apps.catalog.models import Part

    part = Part(reorder_point=Decimal(10), reorder_quantity=Decimal(20), quantity_on_hand=Decimal(2))
    assert selectors.suggested_quantity(part, Decimal(0), Decimal(5)) == 20
    assert selectors.suggested_quantity(part, Decimal(0), Decimal(50)) == 50  # at least the MOQ
    assert selectors.suggested_quantity(part, Decimal(15), Decimal(1)) == 5  # less what is on order
    assert selectors.suggested_quantity(part, Decimal(18), Decimal(5)) == 5  # but not below the MOQ
    assert selectors.suggested_quantity(part, Decimal(25), Decimal(5)) == 0
    part.reorder_quantity = Decimal(0)
    assert selectors.suggested_quantity(part, Decimal(0), None) == 8  # back to the reorder point


def test_reorder_groups_and_drafting(setup, user):
    supplier, a, b, _ = setup
    c = make_part("C-1")
    for part in (a, b, c):
        part.reorder_point, part.reorder_quantity = Decimal(10), Decimal(20)
        part.save()
    make_part("D-1", reorder_point=Decimal(1), quantity_on_hand=Decimal(5))  # not low
    make_supplier_part(supplier, a, price="2.00", is_preferred=True, minimum_order_quantity=Decimal(25))
    other = make_supplier("Bolt Co")
    make_supplier_part(other, b, price="3.00", is_preferred=True)
    groups = selectors.reorder_groups()
    assert [g.supplier.name if g.supplier else None for g in groups] == ["Acme", "Bolt Co", None]
    assert groups[0].rows[0].suggested == 25
    assert [r.part.sku for r in groups[2].rows] == ["C-1"]
    orders = services.purchase_orders_draft_from_reorder(user=user, choices=[
        services.ReorderChoice(part=a, supplier=supplier, quantity=Decimal(25)),
        services.ReorderChoice(part=b, supplier=other, quantity=Decimal(20)),
    ])
    assert [o.supplier.name for o in orders] == ["Acme", "Bolt Co"]
    assert all(o.status == Status.DRAFT for o in orders)
    assert orders[0].lines.get().unit_price == Decimal("2.00")


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
        except Exception as error:  # pragma: no cover - reported below
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


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_receipts_never_over_receive(django_user_model):
    """Two clerks book 6 of 10 at once: the order row lock makes the second see the
    first's receipt, so it is refused as an over-receipt."""
    supplier = make_supplier("Race")
    part = make_part("RC-1")
    shelf = make_location("RACE")
    user = django_user_model.objects.create_user("racer", password="a-long-test-password")
    order = services.purchase_order_place(order=make_order(supplier, user, [(part, 10, 1)]), user=user)
    line = order.lines.get()
    results, barrier = [], threading.Barrier(2)

    def receive():
        try:
            barrier.wait()
            services.purchase_order_receive(order=order, user=user, receipts=[
                Receipt(line=line, quantity=Decimal(6), location=shelf)])
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
