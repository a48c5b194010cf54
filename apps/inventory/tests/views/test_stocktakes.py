"""Stocktake pages: start a count, enter it line by line, add found lines, commit; the
pages' query budget."""

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.catalog.tests.factories import make_part
from apps.inventory.models import StockItem, Stocktake, StocktakeStatus
from apps.inventory.services.stock import stock_receive
from apps.inventory.services.stocktakes import (
    stocktake_cancel,
    stocktake_line_record,
    stocktake_start,
)
from apps.inventory.tests.factories import D, make_location
from apps.inventory.tests.views.assertions import HX

pytestmark = pytest.mark.django_db


def detail_url(stocktake) -> str:
    return reverse("inventory:stocktake_detail", args=[stocktake.pk])


def test_stocktake_flow(shop):
    store = make_location("ST")
    stock_receive(part=shop.part, location=store, quantity=D(10), user=shop.clerk)
    r = shop.client.post(reverse("inventory:stocktake_start"), {"location": "ST"}, **HX)
    assert r.status_code == 204
    take = Stocktake.objects.get()
    assert (take.location, take.started_by, take.status) == (
        store,
        shop.clerk,
        StocktakeStatus.OPEN,
    )
    assert r["HX-Redirect"] == detail_url(take)
    r = shop.client.post(reverse("inventory:stocktake_start"), {"location": "ST"}, **HX)
    assert r.status_code == 422 and "in progress" in r.content.decode()
    page = shop.client.get(detail_url(take)).content.decode()
    line = take.lines.get()
    assert f'name="counted_{line.pk}"' in page and "Started by clerk1" in page
    count_url = reverse("inventory:stocktake_count", args=[take.pk])
    r = shop.client.post(count_url, {f"counted_{line.pk}": "abc"}, **HX)
    assert r.status_code == 422 and 'aria-invalid="true"' in r.content.decode()
    r = shop.client.post(count_url, {f"counted_{line.pk}": "7"}, **HX)
    assert r.status_code == 200
    html = r.content.decode()
    assert html.lstrip().startswith("<tr") and "-3" in html and 'hx-swap-oob="true"' in html
    # the location page shows the count in progress
    location_page = reverse("inventory:location_detail", args=[store.pk])
    assert "Count in progress" in shop.client.get(location_page).content.decode()
    r = shop.client.post(reverse("inventory:stocktake_commit", args=[take.pk]), **HX)
    assert r.status_code == 204 and r["HX-Redirect"] == detail_url(take)
    assert StockItem.objects.get(part=shop.part, location=store).quantity == 7
    assert shop.client.get(reverse("inventory:stocktake_list")).status_code == 200
    assert (
        shop.client.get(
            reverse("inventory:stocktake_list"), {"status": "committed"}, **HX
        ).status_code
        == 200
    )


def test_start_dialog_without_javascript_redirects_to_the_count(shop):
    store = make_location("ST")
    r = shop.client.get(reverse("inventory:stocktake_start"), {"location": store.pk})
    assert r.status_code == 200 and 'value="ST"' in r.content.decode()
    r = shop.client.post(reverse("inventory:stocktake_start"), {"location": "st"})
    take = Stocktake.objects.get()
    assert take.location == store
    assert r.status_code == 302 and r["Location"] == detail_url(take)


def test_cancel_books_nothing(shop):
    store = make_location("ST")
    stock_receive(part=shop.part, location=store, quantity=D(10), user=shop.clerk)
    take = stocktake_start(location=store, user=shop.clerk)
    stocktake_line_record(line=take.lines.get(), counted="4", user=shop.clerk)
    r = shop.client.post(reverse("inventory:stocktake_cancel", args=[take.pk]))
    assert r.status_code == 302 and r["Location"] == detail_url(take)
    take.refresh_from_db()
    assert take.status == StocktakeStatus.CANCELLED and take.closed_by == shop.clerk
    assert StockItem.objects.get(part=shop.part, location=store).quantity == 10


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_stocktake_page_and_list_queries_do_not_grow(client, make_user):
    user = make_user("clerk1", role="clerk")
    client.force_login(user)
    counts = []
    for size in (5, 50):
        place = make_location()
        for _ in range(size):
            stock_receive(part=make_part(), location=place, quantity=Decimal(3), user=user)
        take = stocktake_start(location=place, user=user)
        for line in take.lines.all()[: size // 2]:
            stocktake_line_record(line=line, counted="2", user=user)
        counts.append(
            (
                queries_for(client, detail_url(take)),
                queries_for(client, reverse("inventory:stocktake_list")),
            )
        )
        take.status = "cancelled"
        take.save()
    assert counts[0] == counts[1], counts


# --- found lines: a part where it has no stock record --------------------------------


@pytest.fixture
def counting(client, branch):
    branch.part_b = make_part(sku="FOUND-1", barcode="4006381333931")
    take = stocktake_start(location=branch.store, user=branch.clerk)
    client.force_login(branch.clerk)
    return client, take


def test_add_found_line_page_shows_the_form_and_htmx_adds_the_line(counting, branch):
    client, take = counting
    page = client.get(detail_url(take)).content.decode()
    assert (
        'id="add-line-form"' in page and 'for="add-part"' in page and 'for="add-location"' in page
    )
    url = reverse("inventory:stocktake_line_add", args=[take.pk])
    r = client.post(
        url, {"part": "4006381333931", "location": "shelf", "batch": "", "counted": "2"}, **HX
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert html.lstrip().startswith('<div id="stocktake-work"')
    assert "FOUND-1" in html and 'data-testid="found-badge"' in html and "+2" in html
    assert json.loads(r["HX-Trigger"]) == {"showMessage": "Added FOUND-1 at SHELF: counted 2."}
    assert (
        'value=""' in html.split('id="add-part"')[1].split(">")[0]
    )  # a fresh form for the next one
    line = take.lines.get(part=branch.part_b)
    assert line.location == branch.shelf and line.counted == D(2)
    assert not StockItem.objects.filter(part=branch.part_b).exists()
    r = client.post(reverse("inventory:stocktake_commit", args=[take.pk]), **HX)
    assert r.status_code == 204 and r["HX-Redirect"] == detail_url(take)
    assert StockItem.objects.get(part=branch.part_b, location=branch.shelf).quantity == D(2)


@pytest.mark.parametrize(
    "data, field, message",
    [
        (
            {"part": "NOPE-1", "location": "SHELF", "counted": "1"},
            "part",
            "No part with SKU or barcode",
        ),
        (
            {"part": "FOUND-1", "location": "NOWHERE", "counted": "1"},
            "location",
            "No location with code",
        ),
        (
            {"part": "FOUND-1", "location": "OTHER", "counted": "1"},
            "location",
            "not part of this count",
        ),
        ({"part": "FOUND-1", "location": "SHELF", "counted": "-1"}, "counted", "greater than zero"),
        ({"part": "FOUND-1", "location": "SHELF", "counted": "x"}, "counted", "Enter a number"),
        (
            {"part": "FOUND-1", "location": "SHELF", "counted": "1", "batch": "B1"},
            "batch",
            "not kept per batch",
        ),
        ({"part": "", "location": "", "counted": ""}, "part", "required"),
    ],
)
def test_bad_found_lines_are_422_with_the_message_next_to_the_field(counting, data, field, message):
    client, take = counting
    before = take.lines.count()
    r = client.post(
        reverse("inventory:stocktake_line_add", args=[take.pk]), {"batch": ""} | data, **HX
    )
    assert r.status_code == 422
    html = r.content.decode()
    assert f'data-testid="add-{field}-error"' in html
    assert message in html.split(f'data-testid="add-{field}-error"')[1].split("</p>")[0]
    assert (
        f'id="add-{field}"' in html
        and "data-focus-after-swap" in html.split(f'id="add-{field}"')[1].split(">")[0]
    )
    if data.get("part"):
        assert f'value="{data["part"]}"' in html  # what was typed is kept
    assert take.lines.count() == before


def test_a_second_line_for_the_same_record_is_422(counting, branch):
    client, take = counting
    url = reverse("inventory:stocktake_line_add", args=[take.pk])
    r = client.post(
        url, {"part": branch.p2.sku, "location": "SHELF", "counted": "1"}, **HX
    )  # p2 has a line at SHELF
    assert r.status_code == 422 and "on this count already" in r.content.decode()
    assert (
        client.post(url, {"part": "FOUND-1", "location": "STORE", "counted": "1"}, **HX).status_code
        == 200
    )
    r = client.post(url, {"part": "found-1", "location": "store", "counted": "5"}, **HX)
    assert r.status_code == 422 and "on this count already" in r.content.decode()


def test_add_found_line_without_javascript_and_on_a_closed_count(counting, branch):
    client, take = counting
    url = reverse("inventory:stocktake_line_add", args=[take.pk])
    r = client.post(url, {"part": "FOUND-1", "location": "STORE", "counted": "1"})
    assert r.status_code == 302 and r["Location"] == detail_url(take)
    assert take.lines.get(part=branch.part_b).location == branch.store
    r = client.post(url, {"part": "NOPE", "location": "STORE", "counted": "1"})
    assert r.status_code == 422 and b"<html" in r.content and b"No part with SKU" in r.content
    stocktake_cancel(stocktake=take, user=branch.clerk)
    assert 'id="add-line-form"' not in client.get(detail_url(take)).content.decode()
    r = client.post(url, {"part": "FOUND-1", "location": "SHELF", "counted": "1"}, **HX)
    assert r.status_code == 204 and r["HX-Redirect"] == detail_url(take)
    assert take.lines.filter(location=branch.shelf).count() == 0


def test_viewers_may_not_add_lines(counting, branch, client, make_user):
    _, take = counting
    before = take.lines.count()
    client.force_login(make_user("viewer1", role="viewer"))
    url = reverse("inventory:stocktake_line_add", args=[take.pk])
    r = client.post(url, {"part": "FOUND-1", "location": "STORE", "counted": "1"})
    assert r.status_code == 403
    assert take.lines.count() == before


def test_issue12_item20_huge_counted_value_is_422_not_500(shop):
    store = make_location("ST")
    stock_receive(part=shop.part, location=store, quantity=D(10), user=shop.clerk)
    shop.client.post(reverse("inventory:stocktake_start"), {"location": "ST"}, **HX)
    take = Stocktake.objects.get()
    line = take.lines.get()
    count_url = reverse("inventory:stocktake_count", args=[take.pk])
    r = shop.client.post(count_url, {f"counted_{line.pk}": "1E+999999999"}, **HX)
    assert r.status_code == 422 and "At most 1,000,000,000 at once." in r.content.decode()
    add_url = reverse("inventory:stocktake_line_add", args=[take.pk])
    r = shop.client.post(
        add_url, {"part": "P-100", "location": "ST", "counted": "-1E+999999999"}, **HX
    )
    assert r.status_code == 422 and "At most 1,000,000,000 at once." in r.content.decode()


WHOLE = "pcs are counted in whole numbers: enter a quantity without decimals."


def test_a_fraction_of_pieces_on_a_count_line_is_422_in_place_not_saved(shop):
    """2.5 pcs typed on a line: the line answers 422 with the forms' message next to its
    input (HTMX autosave and the no-JavaScript form alike); nothing is saved."""
    store = make_location("ST")
    stock_receive(part=shop.part, location=store, quantity=D(10), user=shop.clerk)
    take = stocktake_start(location=store, user=shop.clerk)
    line = take.lines.get()
    count_url = reverse("inventory:stocktake_count", args=[take.pk])
    r = shop.client.post(count_url, {f"counted_{line.pk}": "2.5"}, **HX)
    assert r.status_code == 422
    html = r.content.decode()
    assert html.lstrip().startswith("<tr") and WHOLE in html
    assert 'aria-invalid="true"' in html and 'value="2.5"' in html  # what was typed is kept
    r = shop.client.post(count_url, {f"counted_{line.pk}": "2.5"})
    assert r.status_code == 422 and b"<html" in r.content and WHOLE in r.content.decode()
    line.refresh_from_db()
    assert line.counted is None
    r = shop.client.post(count_url, {f"counted_{line.pk}": "3"}, **HX)
    assert r.status_code == 200
    line.refresh_from_db()
    assert line.counted == D(3)


def test_a_fraction_of_pieces_on_a_found_line_is_422_next_to_counted(counting, branch):
    client, take = counting
    r = client.post(
        reverse("inventory:stocktake_line_add", args=[take.pk]),
        {"part": "FOUND-1", "location": "SHELF", "batch": "", "counted": "2.5"},
        **HX,
    )
    assert r.status_code == 422
    html = r.content.decode()
    assert WHOLE in html.split('data-testid="add-counted-error"')[1].split("</p>")[0]
    assert not take.lines.filter(part=branch.part_b).exists()


def test_a_commit_refused_for_a_fraction_of_pieces_says_which_line(shop):
    store = make_location("ST")
    stock_receive(part=shop.part, location=store, quantity=D(10), user=shop.clerk)
    take = stocktake_start(location=store, user=shop.clerk)
    take.lines.update(counted=D("2.5"))  # recorded before the unit was made whole, say
    r = shop.client.post(reverse("inventory:stocktake_commit", args=[take.pk]), follow=True)
    assert f"P-100 at ST: {WHOLE}" in r.content.decode()
    take.refresh_from_db()
    assert take.status == StocktakeStatus.OPEN
    assert StockItem.objects.get(part=shop.part, location=store).quantity == D(10)
