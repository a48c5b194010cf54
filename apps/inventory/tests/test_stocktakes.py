"""Stocktakes: start, record, commit (the count wins), one open count per branch."""

import json

import pytest

from apps.inventory.models import MovementKind, StockItem, StocktakeStatus
from apps.inventory.selectors import stock_mismatches
from apps.inventory.services import (
    StockError,
    stock_issue,
    stock_receive,
    stocktake_cancel,
    stocktake_commit,
    stocktake_line_add,
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


# --- found lines: a part where it has no stock record --------------------------------


def test_found_line_creates_the_record_at_commit(shop):
    take = stocktake_start(location=shop.store, user=shop.clerk)
    assert not StockItem.objects.filter(part=shop.p2, location=shop.store).exists()
    line = stocktake_line_add(stocktake=take, part=shop.p2, location=shop.store, counted="3", user=shop.clerk)
    assert line.is_found and line.stock_item is None and line.expected == 0 and line.counted == D(3)
    assert line.counted_by == shop.clerk
    # Nothing moves until the commit; the line can still be corrected like the others.
    assert not StockItem.objects.filter(part=shop.p2, location=shop.store).exists()
    stocktake_line_record(line=line, counted="4", user=shop.clerk)
    movements = stocktake_commit(stocktake=take, user=shop.clerk)
    [movement] = movements
    item = StockItem.objects.get(part=shop.p2, location=shop.store)
    assert (movement.kind, movement.quantity, movement.quantity_after, movement.stock_item) == (
        MovementKind.COUNT, D(4), D(4), item,
    )
    assert movement.reference == f"Stocktake #{take.pk}"
    line.refresh_from_db()
    assert line.stock_item == item and line.difference == D(4)
    shop.p2.refresh_from_db()
    assert shop.p2.quantity_on_hand == D(9)  # 5 on the shelf + 4 found in the store
    assert stock_mismatches() == []


def test_found_line_below_the_counted_location_and_stock_arriving_meanwhile(shop):
    take = stocktake_start(location=shop.store, user=shop.clerk)
    line = stocktake_line_add(stocktake=take, part=shop.p1, location=shop.shelf, counted="6", user=shop.clerk)
    # Stock arrives there before the commit: the count still wins (6, not 2 + 6).
    stock_receive(part=shop.p1, location=shop.shelf, quantity=D(2), user=shop.clerk)
    [movement] = stocktake_commit(stocktake=take, user=shop.clerk)
    assert (movement.quantity, movement.quantity_after) == (D(4), D(6))
    line.refresh_from_db()
    assert line.stock_item.quantity == D(6)
    assert stock_mismatches() == []


def test_found_line_is_refused_outside_the_branch_twice_or_when_archived(shop):
    take = stocktake_start(location=shop.shelf, user=shop.clerk)
    with pytest.raises(StockError, match="not part of this count") as err:
        stocktake_line_add(stocktake=take, part=shop.p1, location=shop.store, counted="1", user=shop.clerk)
    assert err.value.field == "location"
    with pytest.raises(StockError, match="on this count already") as err:  # p2 has a line at SHELF
        stocktake_line_add(stocktake=take, part=shop.p2, location=shop.shelf, counted="1", user=shop.clerk)
    assert err.value.field == "part"
    stocktake_line_add(stocktake=take, part=shop.p1, location=shop.shelf, counted="1", user=shop.clerk)
    with pytest.raises(StockError, match="on this count already"):
        stocktake_line_add(stocktake=take, part=shop.p1, location=shop.shelf, counted="2", user=shop.clerk)
    with pytest.raises(StockError, match="archived") as err:
        stocktake_line_add(stocktake=take, part=shop.old, location=shop.shelf, counted="1", user=shop.clerk)
    assert err.value.field == "part"
    for bad in ("0", "-1", "abc", ""):
        with pytest.raises(StockError) as err:
            stocktake_line_add(stocktake=take, part=shop.p1, location=shop.shelf, counted=bad, user=shop.clerk)
        assert err.value.field == "counted"
    stocktake_cancel(stocktake=take, user=shop.clerk)
    with pytest.raises(StockError, match="cancelled"):
        stocktake_line_add(stocktake=take, part=shop.p2, location=shop.shelf, counted="1", user=shop.clerk)
    assert take.lines.count() == 2  # p2 (archived parts are not counted) and the found line


def test_found_part_with_a_record_created_since_the_start_counts_that_record(shop):
    take = stocktake_start(location=shop.store, user=shop.clerk)
    stock_receive(part=shop.p2, location=shop.store, quantity=D(2), user=shop.clerk)
    line = stocktake_line_add(stocktake=take, part=shop.p2, location=shop.store, counted="3", user=shop.clerk)
    assert not line.is_found and line.stock_item.quantity == D(2) and line.expected == D(2)
    [movement] = stocktake_commit(stocktake=take, user=shop.clerk)
    assert (movement.quantity, movement.quantity_after) == (D(1), D(3))


HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def counting(client, shop):
    shop.part_b = make_part(sku="FOUND-1", barcode="4006381333931")
    take = stocktake_start(location=shop.store, user=shop.clerk)
    client.force_login(shop.clerk)
    return client, take


def test_add_found_line_page_shows_the_form_and_htmx_adds_the_line(counting, shop):
    client, take = counting
    page = client.get(f"/stocktakes/{take.pk}/").content.decode()
    assert 'id="add-line-form"' in page and 'for="add-part"' in page and 'for="add-location"' in page
    url = f"/stocktakes/{take.pk}/lines/new/"
    r = client.post(url, {"part": "4006381333931", "location": "shelf", "batch": "", "counted": "2"}, **HX)
    assert r.status_code == 200
    html = r.content.decode()
    assert html.lstrip().startswith('<div id="stocktake-work"')
    assert "FOUND-1" in html and 'data-testid="found-badge"' in html and "+2" in html
    assert json.loads(r["HX-Trigger"])["showMessage"] == "Added FOUND-1 at SHELF: counted 2."
    assert 'value=""' in html.split('id="add-part"')[1].split(">")[0]  # a fresh form for the next one
    line = take.lines.get(part=shop.part_b)
    assert line.location == shop.shelf and line.counted == D(2)
    assert not StockItem.objects.filter(part=shop.part_b).exists()
    client.post(f"/stocktakes/{take.pk}/commit/", **HX)
    assert StockItem.objects.get(part=shop.part_b, location=shop.shelf).quantity == D(2)


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"part": "NOPE-1", "location": "SHELF", "counted": "1"}, "part", "No part with SKU or barcode"),
        ({"part": "FOUND-1", "location": "NOWHERE", "counted": "1"}, "location", "No location with code"),
        ({"part": "FOUND-1", "location": "OTHER", "counted": "1"}, "location", "not part of this count"),
        ({"part": "FOUND-1", "location": "SHELF", "counted": "-1"}, "counted", "greater than zero"),
        ({"part": "FOUND-1", "location": "SHELF", "counted": "x"}, "counted", "Enter a number"),
        ({"part": "FOUND-1", "location": "SHELF", "counted": "1", "batch": "B1"}, "batch", "not kept per batch"),
        ({"part": "", "location": "", "counted": ""}, "part", "required"),
    ],
)
def test_bad_found_lines_are_422_with_the_message_next_to_the_field(counting, data, field, message):
    client, take = counting
    before = take.lines.count()
    r = client.post(f"/stocktakes/{take.pk}/lines/new/", {"batch": ""} | data, **HX)
    assert r.status_code == 422
    html = r.content.decode()
    assert f'data-testid="add-{field}-error"' in html
    assert message in html.split(f'data-testid="add-{field}-error"')[1].split("</p>")[0]
    assert f'id="add-{field}"' in html and "data-focus-after-swap" in html.split(f'id="add-{field}"')[1].split(">")[0]
    if data.get("part"):
        assert f'value="{data["part"]}"' in html  # what was typed is kept
    assert take.lines.count() == before


def test_a_second_line_for_the_same_record_is_422(counting, shop):
    client, take = counting
    url = f"/stocktakes/{take.pk}/lines/new/"
    r = client.post(url, {"part": shop.p2.sku, "location": "SHELF", "counted": "1"}, **HX)  # p2 has a line at SHELF
    assert r.status_code == 422 and "on this count already" in r.content.decode()
    assert client.post(url, {"part": "FOUND-1", "location": "STORE", "counted": "1"}, **HX).status_code == 200
    r = client.post(url, {"part": "found-1", "location": "store", "counted": "5"}, **HX)
    assert r.status_code == 422 and "on this count already" in r.content.decode()


def test_add_found_line_without_javascript_and_on_a_closed_count(counting, shop):
    client, take = counting
    url = f"/stocktakes/{take.pk}/lines/new/"
    r = client.post(url, {"part": "FOUND-1", "location": "STORE", "counted": "1"})
    assert r.status_code == 302 and r["Location"] == f"/stocktakes/{take.pk}/"
    r = client.post(url, {"part": "NOPE", "location": "STORE", "counted": "1"})
    assert r.status_code == 422 and b"<html" in r.content and b"No part with SKU" in r.content
    stocktake_cancel(stocktake=take, user=shop.clerk)
    assert 'id="add-line-form"' not in client.get(f"/stocktakes/{take.pk}/").content.decode()
    r = client.post(url, {"part": "FOUND-1", "location": "SHELF", "counted": "1"}, **HX)
    assert r.status_code == 204 and r["HX-Redirect"] == f"/stocktakes/{take.pk}/"
    assert take.lines.filter(location=shop.shelf).count() == 0


def test_viewers_may_not_add_lines(counting, shop, client):
    _, take = counting
    client.force_login(make_user(role="viewer"))
    r = client.post(f"/stocktakes/{take.pk}/lines/new/", {"part": "FOUND-1", "location": "STORE", "counted": "1"})
    assert r.status_code == 403
