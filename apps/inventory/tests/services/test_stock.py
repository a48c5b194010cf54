"""The stock services: what they write, what they refuse (and that refusing writes nothing)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from apps.catalog.models import Part, Unit
from apps.catalog.services.units import unit_create, unit_update
from apps.catalog.tests.factories import make_part
from apps.inventory.models import MovementKind, StockItem, StockMovement
from apps.inventory.selectors.stock import stock_mismatches
from apps.inventory.services.stock import (
    movement_reverse,
    stock_adjust,
    stock_count,
    stock_issue,
    stock_receive,
    stock_transfer,
    stock_transfer_bulk,
)
from apps.inventory.services.stock_validation import StockError
from apps.inventory.tests.factories import D, make_location

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user):
    class W:
        part = make_part()
        a = make_location("A1")
        b = make_location("B1")
        clerk = make_user("clerk1", role="clerk")
        manager = make_user("manager1", role="manager")

    return W


def on_hand(part) -> Decimal:
    return Part.objects.get(pk=part.pk).quantity_on_hand


def qty(part, location, batch="") -> Decimal | None:
    item = StockItem.objects.filter(part=part, location=location, batch=batch).first()
    return item.quantity if item else None


def test_receive_creates_record_movement_and_on_hand(world):
    part = make_part(unit="m")  # metres: measured, so 5.5 is a quantity
    m = stock_receive(
        part=part, location=world.a, quantity=D("5.5"), user=world.clerk, reference="PO-1"
    )
    assert (m.kind, m.quantity, m.quantity_after, m.user, m.reference) == (
        MovementKind.RECEIVE,
        D("5.5"),
        D("5.5"),
        world.clerk,
        "PO-1",
    )
    stock_receive(part=part, location=world.a, quantity=D(2), user=world.clerk)
    assert qty(part, world.a) == D("7.5")
    assert on_hand(part) == D("7.5")
    assert part.quantity_on_hand == D("7.5")  # the caller's instance is kept in step
    assert StockMovement.objects.count() == 2
    assert stock_mismatches() == []


def test_issue_and_refusal_to_go_negative(world):
    stock_receive(part=world.part, location=world.a, quantity=D(5), user=world.clerk)
    m = stock_issue(
        part=world.part, location=world.a, quantity=D(3), user=world.clerk, reference="JOB-7"
    )
    assert (m.quantity, m.quantity_after) == (D(-3), D(2))
    with pytest.raises(StockError) as err:
        stock_issue(part=world.part, location=world.a, quantity=D(3), user=world.clerk)
    assert err.value.field == "quantity"
    assert "Only 2" in err.value.message
    with pytest.raises(StockError) as err:
        stock_issue(part=world.part, location=world.b, quantity=D(1), user=world.clerk)
    assert err.value.field == "quantity"
    assert qty(world.part, world.a) == D(2)
    assert StockMovement.objects.count() == 2
    assert stock_mismatches() == []


def test_negative_allowed_where_the_location_allows_it(world):
    site = make_location("SITE", allow_negative_stock=True)
    m = stock_issue(part=world.part, location=site, quantity=D(4), user=world.clerk)
    assert m.quantity_after == D(-4)
    assert on_hand(world.part) == D(-4)
    assert stock_mismatches() == []


def test_transfer_writes_two_lines_of_one_operation(world):
    stock_receive(part=world.part, location=world.a, quantity=D(10), user=world.clerk)
    out_line, in_line = stock_transfer(
        part=world.part, from_location=world.a, to_location=world.b, quantity=D(4), user=world.clerk
    )
    assert out_line.operation == in_line.operation
    assert (out_line.quantity, out_line.quantity_after, out_line.other_location) == (
        D(-4),
        D(6),
        world.b,
    )
    assert (in_line.quantity, in_line.quantity_after, in_line.other_location) == (
        D(4),
        D(4),
        world.a,
    )
    assert on_hand(world.part) == D(10)
    with pytest.raises(StockError) as err:
        stock_transfer(
            part=world.part,
            from_location=world.a,
            to_location=world.a,
            quantity=D(1),
            user=world.clerk,
        )
    assert err.value.field == "to_location"
    with pytest.raises(StockError) as err:
        stock_transfer(
            part=world.part,
            from_location=world.a,
            to_location=world.b,
            quantity=D(7),
            user=world.clerk,
        )
    assert err.value.field == "quantity"
    assert StockMovement.objects.count() == 3
    assert stock_mismatches() == []


def test_bulk_transfer_is_all_or_nothing(world):
    other = make_part()
    stock_receive(part=world.part, location=world.a, quantity=D(3), user=world.clerk)
    stock_receive(part=other, location=world.a, quantity=D(2), user=world.clerk)
    already_there = stock_receive(
        part=other, location=world.b, quantity=D(1), user=world.clerk
    ).stock_item
    items = list(StockItem.objects.filter(location=world.a))
    before = StockMovement.objects.count()
    with pytest.raises(StockError):
        stock_transfer_bulk(
            stock_items=[*items, already_there], to_location=world.b, user=world.clerk
        )
    assert StockMovement.objects.count() == before
    assert qty(world.part, world.a) == D(3)
    lines = stock_transfer_bulk(stock_items=items, to_location=world.b, user=world.clerk)
    assert len(lines) == 4 and len({line.operation for line in lines}) == 1
    assert qty(world.part, world.b) == D(3) and qty(other, world.b) == D(3)
    assert qty(world.part, world.a) == D(0)
    assert stock_mismatches() == []


def test_adjust_needs_a_reason(world):
    with pytest.raises(StockError) as err:
        stock_adjust(
            part=world.part, location=world.a, quantity_delta=D(2), user=world.manager, note=" "
        )
    assert err.value.field == "note"
    m = stock_adjust(
        part=world.part, location=world.a, quantity_delta=D(2), user=world.manager, note="found"
    )
    assert m.kind == MovementKind.ADJUST and m.quantity_after == D(2)
    with pytest.raises(StockError) as err:
        stock_adjust(
            part=world.part, location=world.a, quantity_delta=D(-3), user=world.manager, note="lost"
        )
    assert err.value.field == "quantity_delta"
    with pytest.raises(StockError):
        stock_adjust(
            part=world.part, location=world.a, quantity_delta=D(0), user=world.manager, note="x"
        )
    assert stock_mismatches() == []


def test_count_sets_the_counted_quantity(world):
    part = make_part(unit="m")  # metres: measured, so 7.25 is a count
    item = stock_receive(part=part, location=world.a, quantity=D(10), user=world.clerk).stock_item
    assert stock_count(stock_item=item, counted_quantity=D(10), user=world.clerk) is None
    m = stock_count(
        stock_item=item, counted_quantity=D("7.250"), user=world.clerk, reference="ST-1"
    )
    assert (m.kind, m.quantity, m.quantity_after) == (MovementKind.COUNT, D("-2.75"), D("7.25"))
    m = stock_count(stock_item=item, counted_quantity=D(0), user=world.clerk)
    assert m.quantity_after == 0
    with pytest.raises(StockError) as err:
        stock_count(stock_item=item, counted_quantity=D(-1), user=world.clerk)
    assert err.value.field == "counted_quantity"
    assert on_hand(part) == 0
    assert stock_mismatches() == []


def test_reverse_a_transfer_reverses_both_legs_once(world):
    stock_receive(part=world.part, location=world.a, quantity=D(10), user=world.clerk)
    out_line, _ = stock_transfer(
        part=world.part, from_location=world.a, to_location=world.b, quantity=D(4), user=world.clerk
    )
    with pytest.raises(PermissionDenied):
        movement_reverse(movement=out_line, user=world.clerk)
    lines = movement_reverse(movement=out_line, user=world.manager, note="wrong shelf")
    assert sorted(line.quantity for line in lines) == [D(-4), D(4)]
    assert all(line.kind == MovementKind.REVERSAL and line.reverses_id for line in lines)
    assert qty(world.part, world.a) == D(10) and qty(world.part, world.b) == D(0)
    with pytest.raises(StockError, match="already"):
        movement_reverse(movement=out_line, user=world.manager)
    with pytest.raises(StockError, match="cannot be reversed"):
        movement_reverse(movement=lines[0], user=world.manager)
    assert stock_mismatches() == []


def test_reverse_refuses_to_go_negative(world):
    receipt = stock_receive(part=world.part, location=world.a, quantity=D(5), user=world.clerk)
    stock_issue(part=world.part, location=world.a, quantity=D(4), user=world.clerk)
    before = StockMovement.objects.count()
    with pytest.raises(StockError):
        movement_reverse(movement=receipt, user=world.manager)
    assert StockMovement.objects.count() == before


def test_batches(world):
    tracked = make_part(tracks_batches=True)
    with pytest.raises(StockError) as err:
        stock_receive(part=tracked, location=world.a, quantity=D(1), user=world.clerk)
    assert err.value.field == "batch"
    with pytest.raises(StockError) as err:
        stock_receive(
            part=world.part, location=world.a, quantity=D(1), user=world.clerk, batch="L1"
        )
    assert err.value.field == "batch"
    stock_receive(
        part=tracked,
        location=world.a,
        quantity=D(2),
        user=world.clerk,
        batch="L1",
        expiry_date=date(2030, 1, 1),
    )
    stock_receive(part=tracked, location=world.a, quantity=D(3), user=world.clerk, batch="L2")
    with pytest.raises(StockError) as err:
        stock_receive(
            part=tracked,
            location=world.a,
            quantity=D(1),
            user=world.clerk,
            batch="L1",
            expiry_date=date(2031, 1, 1),
        )
    assert err.value.field == "expiry_date"
    stock_transfer(
        part=tracked,
        from_location=world.a,
        to_location=world.b,
        quantity=D(2),
        user=world.clerk,
        batch="L1",
    )
    moved = StockItem.objects.get(part=tracked, location=world.b, batch="L1")
    assert moved.expiry_date == date(2030, 1, 1)
    assert on_hand(tracked) == D(5)
    assert StockMovement.objects.count() == 4


@pytest.mark.parametrize(
    "value, message",
    [
        (0, "greater than zero"),
        (-1, "greater than zero"),
        ("1e10", "At most"),
        ("-.5e4907593540957", "At most"),  # beyond the decimal context: no Overflow
        (Decimal("1000000000.001"), "At most"),
        ("abc", "number"),
        ("", "Enter a quantity"),
        ("1.0001", "3 decimal"),
        ("NaN", "number"),
        ("Infinity", "number"),
        (None, "Enter a quantity"),
    ],
)
def test_bad_quantities_are_refused_and_write_nothing(world, value, message):
    for call in (
        lambda: stock_receive(part=world.part, location=world.a, quantity=value, user=world.clerk),
        lambda: stock_issue(part=world.part, location=world.a, quantity=value, user=world.clerk),
        lambda: stock_transfer(
            part=world.part,
            from_location=world.a,
            to_location=world.b,
            quantity=value,
            user=world.clerk,
        ),
    ):
        with pytest.raises(StockError, match=message) as err:
            call()
        assert err.value.field == "quantity"
    assert not StockMovement.objects.exists() and not StockItem.objects.exists()


def test_archived_and_unknown_records_are_refused(world):
    archived_part = make_part(is_active=False)
    archived_place = make_location("OLD", is_active=False)
    cases = [
        ({"part": archived_part, "location": world.a}, "part"),
        ({"part": world.part, "location": archived_place}, "location"),
        ({"part": world.part.pk + 999, "location": world.a}, "part"),
        ({"part": world.part, "location": world.a.pk + 999}, "location"),
        ({"part": None, "location": world.a}, "part"),
        ({"part": world.part, "location": None}, "location"),
    ]
    for kwargs, field in cases:
        with pytest.raises(StockError) as err:
            stock_receive(quantity=D(1), user=world.clerk, **kwargs)
        assert err.value.field == field, kwargs
    with pytest.raises(StockError) as err:
        stock_transfer(
            part=world.part,
            from_location=world.a,
            to_location=archived_place,
            quantity=D(1),
            user=world.clerk,
        )
    assert err.value.field == "to_location"
    assert not StockMovement.objects.exists() and not StockItem.objects.exists()


def test_text_limits_a_ledger_note_is_at_most_500_characters(world):
    """Issue 13: a 9 MB note went into the immutable ledger."""
    before = StockMovement.objects.count()
    with pytest.raises(StockError) as refused:
        stock_receive(
            part=world.part, location=world.a, quantity=D(1), user=world.clerk, note="x" * 501
        )
    assert refused.value.field == "note" and "At most 500 characters" in refused.value.message
    assert StockMovement.objects.count() == before
    stock_receive(
        part=world.part, location=world.a, quantity=D(1), user=world.clerk, note="x" * 500
    )


# --- a part counted whole (pcs) never gets a fraction booked, whoever calls ----------

WHOLE = "pcs are counted in whole numbers: enter a quantity without decimals."


@pytest.mark.parametrize(
    ("operation", "field"),
    [
        ("receive", "quantity"),
        ("issue", "quantity"),
        ("transfer", "quantity"),
        ("adjust_up", "quantity_delta"),
        ("adjust_down", "quantity_delta"),
        ("count", "counted_quantity"),
        ("move_selected", "selected"),
    ],
)
def test_every_stock_operation_refuses_a_fraction_of_a_part_counted_whole(world, operation, field):
    """2.5 pcs is refused with the forms' message and writes nothing; 2.5 m is booked."""
    metres = make_part(unit="m")
    for part in (world.part, metres):
        stock_receive(part=part, location=world.a, quantity=D(10), user=world.clerk)

    def run(part, quantity):
        item = StockItem.objects.get(part=part, location=world.a)
        common = {"part": part, "location": world.a, "user": world.manager}
        match operation:
            case "receive":
                return stock_receive(**common, quantity=quantity)
            case "issue":
                return stock_issue(**common, quantity=quantity)
            case "transfer":
                return stock_transfer(
                    part=part,
                    from_location=world.a,
                    to_location=world.b,
                    quantity=quantity,
                    user=world.clerk,
                )
            case "adjust_up" | "adjust_down":
                sign = 1 if operation == "adjust_up" else -1
                return stock_adjust(**common, quantity_delta=sign * quantity, note="found")
            case "count":
                return stock_count(stock_item=item, counted_quantity=quantity, user=world.clerk)
            case "move_selected":
                return stock_transfer_bulk(
                    stock_items=[item],
                    quantities={item.pk: quantity},
                    to_location=world.b,
                    user=world.clerk,
                )

    before = StockMovement.objects.count()
    with pytest.raises(StockError) as err:
        run(world.part, D("2.5"))
    assert err.value.field == field
    expected = f"{world.part.sku}: {WHOLE}" if operation == "move_selected" else WHOLE
    assert err.value.message == expected
    assert StockMovement.objects.count() == before and on_hand(world.part) == D(10)
    run(world.part, D("2.000"))  # a whole number with decimals written out is fine
    run(metres, D("2.5"))  # metres are measured
    assert stock_mismatches() == []


def test_the_rule_reads_the_unit_now_and_a_reversal_is_always_allowed(world):
    """A unit made whole later: new fractions are refused, but a fractional booking made
    while it allowed them can still be reversed (the reversal books its exact opposite)."""

    cm = unit_create(code="cm", name="centimetres", allows_fractions=True)
    part = make_part(unit="cm")
    booked = stock_receive(part=part, location=world.a, quantity=D("2.5"), user=world.clerk)
    unit_update(unit=cm, name="centimetres", allows_fractions=False)
    with pytest.raises(StockError, match="cm are counted in whole numbers"):
        stock_receive(part=part, location=world.a, quantity=D("0.5"), user=world.clerk)
    with pytest.raises(StockError, match="cm are counted in whole numbers"):
        # The caller's instance may carry the old flag: the service reads it again.
        part.unit = Unit(code="cm", allows_fractions=True)
        stock_issue(part=part, location=world.a, quantity=D("0.5"), user=world.clerk)
    movement_reverse(movement=booked, user=world.manager)
    assert on_hand(part) == 0 and stock_mismatches() == []
