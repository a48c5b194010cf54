"""Property: any sequence of stock operations keeps the books straight.

After every random sequence of receive/issue/transfer/adjust/count/reverse (refused
operations included): each record's ledger sums to its quantity, each part's on-hand
sums its records, nothing is below zero where the location does not allow it, and a part
counted in pieces never holds a fraction.
"""

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.catalog.models import Part
from apps.catalog.tests.factories import make_part
from apps.inventory.models import StockItem, StockMovement
from apps.inventory.selectors.stock import stock_mismatches
from apps.inventory.services.stock import (
    movement_reverse,
    stock_adjust,
    stock_count,
    stock_issue,
    stock_receive,
    stock_transfer,
)
from apps.inventory.services.stock_validation import StockError
from apps.inventory.tests.factories import make_location

# Whole numbers too: the part counted in pieces takes only those (2.5 pcs is refused).
quantities = st.one_of(
    st.decimals(min_value=Decimal("0.001"), max_value=Decimal(50), places=3),
    st.integers(1, 50).map(Decimal),
)
operation = st.one_of(
    st.tuples(st.just("receive"), st.integers(0, 1), st.integers(0, 2), quantities),
    st.tuples(st.just("issue"), st.integers(0, 1), st.integers(0, 2), quantities),
    st.tuples(
        st.just("transfer"), st.integers(0, 1), st.integers(0, 2), st.integers(0, 2), quantities
    ),
    st.tuples(st.just("adjust"), st.integers(0, 1), st.integers(0, 2), quantities, st.booleans()),
    st.tuples(st.just("count"), st.integers(0, 20), quantities),
    st.tuples(st.just("reverse"), st.integers(0, 40)),
)


class Rollback(Exception):
    pass


@pytest.mark.django_db
def test_random_operations_keep_the_invariant(make_user):
    clerk = make_user("clerk1", role="clerk")
    manager = make_user("manager1", role="manager")

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(operation, min_size=1, max_size=25))
    def check(ops):
        try:
            with transaction.atomic():
                run(ops, clerk, manager)
                raise Rollback
        except Rollback:
            pass

    check()


def run(ops, clerk, manager):
    parts = [make_part(unit="m"), make_part()]  # metres take fractions, pieces do not
    places = [make_location(), make_location(), make_location(allow_negative_stock=True)]
    applied = refused = 0
    for op in ops:
        try:
            match op:
                case ("receive", p, l, q):
                    stock_receive(part=parts[p], location=places[l], quantity=q, user=clerk)
                case ("issue", p, l, q):
                    stock_issue(part=parts[p], location=places[l], quantity=q, user=clerk)
                case ("transfer", p, f, t, q):
                    stock_transfer(
                        part=parts[p],
                        from_location=places[f],
                        to_location=places[t],
                        quantity=q,
                        user=clerk,
                    )
                case ("adjust", p, l, q, up):
                    stock_adjust(
                        part=parts[p],
                        location=places[l],
                        quantity_delta=q if up else -q,
                        user=manager,
                        note="property test",
                    )
                case ("count", index, q):
                    items = list(StockItem.objects.filter(part__in=parts).order_by("pk"))
                    if not items:
                        continue
                    stock_count(
                        stock_item=items[index % len(items)], counted_quantity=q, user=clerk
                    )
                case ("reverse", index):
                    lines = list(StockMovement.objects.filter(part__in=parts).order_by("pk"))
                    if not lines:
                        continue
                    movement_reverse(movement=lines[index % len(lines)], user=manager)
            applied += 1
        except StockError:
            refused += 1
        assert_books_balance(parts)


def assert_books_balance(parts):
    assert stock_mismatches() == []
    for item in StockItem.objects.filter(part__in=parts).select_related("location", "part"):
        ledger = sum(
            item.movements.values_list("quantity", flat=True), Decimal(0)
        )  # exact, not SQL floats
        assert ledger == item.quantity
        last = item.movements.order_by("-pk").first()
        if last is not None:
            assert last.quantity_after == item.quantity
        if not item.location.allow_negative_stock:
            assert item.quantity >= 0
        if item.part.unit_id == "pcs":
            assert item.quantity == item.quantity.to_integral_value()
    for part in Part.objects.filter(pk__in=[p.pk for p in parts]):
        total = sum(part.stock_items.values_list("quantity", flat=True), Decimal(0))
        assert part.quantity_on_hand == total
