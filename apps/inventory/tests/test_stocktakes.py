"""Stocktakes: start, record, commit (the count wins), one open count per branch."""

import pytest

from apps.inventory.models import MovementKind, StockItem, StocktakeStatus
from apps.inventory.selectors import stock_mismatches
from apps.inventory.services import (
    StockError,
    stock_issue,
    stock_receive,
    stocktake_cancel,
    stocktake_commit,
    stocktake_line_record,
    stocktake_start,
)
from apps.inventory.tests.stock_factories import D, make_location, make_part, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    class S:
        store = make_location("STORE")
        shelf = make_location("SHELF", parent=store)
        other = make_location("OTHER")
        p1, p2, old = make_part(), make_part(), make_part()
        clerk = make_user(role="clerk")

    stock_receive(part=S.p1, location=S.store, quantity=D(10), user=S.clerk)
    stock_receive(part=S.p2, location=S.shelf, quantity=D(5), user=S.clerk)
    stock_receive(part=S.p1, location=S.other, quantity=D(7), user=S.clerk)
    stock_receive(part=S.old, location=S.shelf, quantity=D(1), user=S.clerk)
    S.old.is_active = False
    S.old.save()
    return S


def test_start_snapshots_the_branch(shop):
    take = stocktake_start(location=shop.store, user=shop.clerk)
    lines = list(take.lines.select_related("stock_item"))
    assert [(line.stock_item.part, line.expected) for line in lines] == [(shop.p1, D(10)), (shop.p2, D(5))]
    assert take.status == StocktakeStatus.OPEN and take.started_by == shop.clerk


def test_one_open_count_per_branch(shop):
    take = stocktake_start(location=shop.store, user=shop.clerk)
    for place in (shop.store, shop.shelf):
        with pytest.raises(StockError, match="in progress") as err:
            stocktake_start(location=place, user=shop.clerk)
        assert err.value.field == "location"
    stocktake_start(location=shop.other, user=shop.clerk)  # another branch is fine
    stocktake_cancel(stocktake=take, user=shop.clerk)
    stocktake_start(location=shop.shelf, user=shop.clerk)
    with pytest.raises(StockError):
        stocktake_start(location=shop.store, user=shop.clerk)  # a count below is open


def test_commit_books_differences_the_count_wins(shop):
    take = stocktake_start(location=shop.store, user=shop.clerk)
    line1, line2 = take.lines.order_by("id")
    stocktake_line_record(line=line1, counted="8", user=shop.clerk)
    stocktake_line_record(line=line2, counted="5", user=shop.clerk)
    with pytest.raises(StockError) as err:
        stocktake_line_record(line=line2, counted="-2", user=shop.clerk)
    assert err.value.field == "counted"
    # Stock moves while the count is in progress: the count still sets what was counted.
    stock_issue(part=shop.p1, location=shop.store, quantity=D(3), user=shop.clerk)
    movements = stocktake_commit(stocktake=take, user=shop.clerk)
    assert [(m.kind, m.quantity, m.quantity_after) for m in movements] == [(MovementKind.COUNT, D(1), D(8))]
    assert StockItem.objects.get(pk=line1.stock_item_id).quantity == D(8)
    line1.refresh_from_db()
    assert line1.difference == D(1)
    take.refresh_from_db()
    assert take.status == StocktakeStatus.COMMITTED and take.operation == movements[0].operation
    with pytest.raises(StockError, match="committed"):
        stocktake_commit(stocktake=take, user=shop.clerk)
    with pytest.raises(StockError):
        stocktake_line_record(line=line1, counted="1", user=shop.clerk)
    assert stock_mismatches() == []


def test_uncounted_lines_leave_stock_alone(shop):
    take = stocktake_start(location=shop.store, user=shop.clerk)
    line1 = take.lines.order_by("id").first()
    stocktake_line_record(line=line1, counted="4", user=shop.clerk)
    stocktake_line_record(line=line1, counted="", user=shop.clerk)
    assert stocktake_commit(stocktake=take, user=shop.clerk) == []
    assert StockItem.objects.get(pk=line1.stock_item_id).quantity == D(10)
