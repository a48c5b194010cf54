"""The stocktake services: start, record, commit (the count wins), one open count per
branch, found lines. The data: the `store` fixture (tests/conftest.py)."""

import pytest

from apps.inventory.models import MovementKind, StockItem, StocktakeStatus
from apps.inventory.selectors.stock import stock_mismatches
from apps.inventory.services.stock import stock_issue, stock_receive
from apps.inventory.services.stock_validation import StockError
from apps.inventory.services.stocktakes import (
    stocktake_cancel,
    stocktake_commit,
    stocktake_line_add,
    stocktake_line_record,
    stocktake_start,
)
from apps.inventory.tests.factories import D

pytestmark = pytest.mark.django_db


def test_start_snapshots_the_branch(branch):
    take = stocktake_start(location=branch.store, user=branch.clerk)
    lines = list(take.lines.select_related("stock_item"))
    assert [(line.stock_item.part, line.expected) for line in lines] == [
        (branch.p1, D(10)),
        (branch.p2, D(5)),
    ]
    assert take.status == StocktakeStatus.OPEN and take.started_by == branch.clerk


def test_one_open_count_per_branch(branch):
    take = stocktake_start(location=branch.store, user=branch.clerk)
    for place in (branch.store, branch.shelf):
        with pytest.raises(StockError, match="in progress") as err:
            stocktake_start(location=place, user=branch.clerk)
        assert err.value.field == "location"
    stocktake_start(location=branch.other, user=branch.clerk)  # another branch is fine
    stocktake_cancel(stocktake=take, user=branch.clerk)
    stocktake_start(location=branch.shelf, user=branch.clerk)
    with pytest.raises(StockError):
        stocktake_start(location=branch.store, user=branch.clerk)  # a count below is open


def test_commit_books_differences_the_count_wins(branch):
    take = stocktake_start(location=branch.store, user=branch.clerk)
    line1, line2 = take.lines.order_by("id")
    stocktake_line_record(line=line1, counted="8", user=branch.clerk)
    stocktake_line_record(line=line2, counted="5", user=branch.clerk)
    with pytest.raises(StockError) as err:
        stocktake_line_record(line=line2, counted="-2", user=branch.clerk)
    assert err.value.field == "counted"
    # Stock moves while the count is in progress: the count still sets what was counted.
    stock_issue(part=branch.p1, location=branch.store, quantity=D(3), user=branch.clerk)
    movements = stocktake_commit(stocktake=take, user=branch.clerk)
    assert [(m.kind, m.quantity, m.quantity_after) for m in movements] == [
        (MovementKind.COUNT, D(1), D(8))
    ]
    assert StockItem.objects.get(pk=line1.stock_item_id).quantity == D(8)
    line1.refresh_from_db()
    assert line1.difference == D(1)
    take.refresh_from_db()
    assert take.status == StocktakeStatus.COMMITTED and take.operation == movements[0].operation
    with pytest.raises(StockError, match="committed"):
        stocktake_commit(stocktake=take, user=branch.clerk)
    with pytest.raises(StockError):
        stocktake_line_record(line=line1, counted="1", user=branch.clerk)
    assert stock_mismatches() == []


def test_uncounted_lines_leave_stock_alone(branch):
    take = stocktake_start(location=branch.store, user=branch.clerk)
    line1 = take.lines.order_by("id").first()
    stocktake_line_record(line=line1, counted="4", user=branch.clerk)
    stocktake_line_record(line=line1, counted="", user=branch.clerk)
    assert stocktake_commit(stocktake=take, user=branch.clerk) == []
    assert StockItem.objects.get(pk=line1.stock_item_id).quantity == D(10)


# --- found lines: a part where it has no stock record --------------------------------


def test_found_line_creates_the_record_at_commit(branch):
    take = stocktake_start(location=branch.store, user=branch.clerk)
    assert not StockItem.objects.filter(part=branch.p2, location=branch.store).exists()
    line = stocktake_line_add(
        stocktake=take, part=branch.p2, location=branch.store, counted="3", user=branch.clerk
    )
    assert line.is_found and line.stock_item is None and line.expected == 0 and line.counted == D(3)
    assert line.counted_by == branch.clerk
    # Nothing moves until the commit; the line can still be corrected like the others.
    assert not StockItem.objects.filter(part=branch.p2, location=branch.store).exists()
    stocktake_line_record(line=line, counted="4", user=branch.clerk)
    movements = stocktake_commit(stocktake=take, user=branch.clerk)
    [movement] = movements
    item = StockItem.objects.get(part=branch.p2, location=branch.store)
    assert (movement.kind, movement.quantity, movement.quantity_after, movement.stock_item) == (
        MovementKind.COUNT,
        D(4),
        D(4),
        item,
    )
    assert movement.reference == f"Stocktake #{take.pk}"
    line.refresh_from_db()
    assert line.stock_item == item and line.difference == D(4)
    branch.p2.refresh_from_db()
    assert branch.p2.quantity_on_hand == D(9)  # 5 on the shelf + 4 found in the store
    assert stock_mismatches() == []


def test_found_line_below_the_counted_location_and_stock_arriving_meanwhile(branch):
    take = stocktake_start(location=branch.store, user=branch.clerk)
    line = stocktake_line_add(
        stocktake=take, part=branch.p1, location=branch.shelf, counted="6", user=branch.clerk
    )
    # Stock arrives there before the commit: the count still wins (6, not 2 + 6).
    stock_receive(part=branch.p1, location=branch.shelf, quantity=D(2), user=branch.clerk)
    [movement] = stocktake_commit(stocktake=take, user=branch.clerk)
    assert (movement.quantity, movement.quantity_after) == (D(4), D(6))
    line.refresh_from_db()
    assert line.stock_item.quantity == D(6)
    assert stock_mismatches() == []


def test_found_line_is_refused_outside_the_branch_twice_or_when_archived(branch):
    take = stocktake_start(location=branch.shelf, user=branch.clerk)
    with pytest.raises(StockError, match="not part of this count") as err:
        stocktake_line_add(
            stocktake=take, part=branch.p1, location=branch.store, counted="1", user=branch.clerk
        )
    assert err.value.field == "location"
    with pytest.raises(StockError, match="on this count already") as err:  # p2 has a line at SHELF
        stocktake_line_add(
            stocktake=take, part=branch.p2, location=branch.shelf, counted="1", user=branch.clerk
        )
    assert err.value.field == "part"
    stocktake_line_add(
        stocktake=take, part=branch.p1, location=branch.shelf, counted="1", user=branch.clerk
    )
    with pytest.raises(StockError, match="on this count already"):
        stocktake_line_add(
            stocktake=take, part=branch.p1, location=branch.shelf, counted="2", user=branch.clerk
        )
    with pytest.raises(StockError, match="archived") as err:
        stocktake_line_add(
            stocktake=take, part=branch.old, location=branch.shelf, counted="1", user=branch.clerk
        )
    assert err.value.field == "part"
    for bad in ("0", "-1", "abc", ""):
        with pytest.raises(StockError) as err:
            stocktake_line_add(
                stocktake=take,
                part=branch.p1,
                location=branch.shelf,
                counted=bad,
                user=branch.clerk,
            )
        assert err.value.field == "counted"
    stocktake_cancel(stocktake=take, user=branch.clerk)
    with pytest.raises(StockError, match="cancelled"):
        stocktake_line_add(
            stocktake=take, part=branch.p2, location=branch.shelf, counted="1", user=branch.clerk
        )
    assert take.lines.count() == 2  # p2 (archived parts are not counted) and the found line


def test_found_part_with_a_record_created_since_the_start_counts_that_record(branch):
    take = stocktake_start(location=branch.store, user=branch.clerk)
    stock_receive(part=branch.p2, location=branch.store, quantity=D(2), user=branch.clerk)
    line = stocktake_line_add(
        stocktake=take, part=branch.p2, location=branch.store, counted="3", user=branch.clerk
    )
    assert not line.is_found and line.stock_item.quantity == D(2) and line.expected == D(2)
    [movement] = stocktake_commit(stocktake=take, user=branch.clerk)
    assert (movement.quantity, movement.quantity_after) == (D(1), D(3))


WHOLE = "pcs are counted in whole numbers: enter a quantity without decimals."


def test_a_count_of_a_part_counted_whole_refuses_fractions(branch):
    """Recording a line, adding a found line and committing: 2.5 pcs never gets in."""
    take = stocktake_start(location=branch.store, user=branch.clerk)
    line = take.lines.order_by("id").first()
    with pytest.raises(StockError) as err:
        stocktake_line_record(line=line, counted="2.5", user=branch.clerk)
    assert (err.value.field, err.value.message) == ("counted", WHOLE)
    line.refresh_from_db()
    assert line.counted is None
    stocktake_line_record(line=line, counted="2.000", user=branch.clerk)
    with pytest.raises(StockError) as err:
        stocktake_line_add(
            stocktake=take, part=branch.p2, location=branch.store, counted="0.5", user=branch.clerk
        )
    assert (err.value.field, err.value.message) == ("counted", WHOLE)
    assert not take.lines.filter(part=branch.p2).exists()
    found = stocktake_line_add(
        stocktake=take, part=branch.p2, location=branch.store, counted="1", user=branch.clerk
    )
    with pytest.raises(StockError, match="whole numbers"):  # a found line: its own part
        stocktake_line_record(line=found, counted="1.5", user=branch.clerk)
    # A fraction already on a line (written behind the service's back, or before the unit
    # was made whole) stops the commit, naming the line; nothing is booked.
    take.lines.filter(pk=found.pk).update(counted=D("1.5"))
    with pytest.raises(StockError) as err:
        stocktake_commit(stocktake=take, user=branch.clerk)
    assert err.value.message == f"{branch.p2.sku} at STORE: {WHOLE}"
    take.refresh_from_db()
    assert take.status == StocktakeStatus.OPEN
    assert not StockItem.objects.filter(part=branch.p2, location=branch.store).exists()
    assert StockItem.objects.get(pk=line.stock_item_id).quantity == D(10)
    stocktake_line_record(line=found, counted="1", user=branch.clerk)
    assert len(stocktake_commit(stocktake=take, user=branch.clerk)) == 2
    assert stock_mismatches() == []
