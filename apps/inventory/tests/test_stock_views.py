"""The stock-work views: dialogs, field errors (422, nothing written), permissions, scan."""

import json

import pytest

from apps.catalog.models import Part
from apps.inventory.models import MovementKind, StockItem, StockMovement, Stocktake
from apps.inventory.services import stock_receive, stock_transfer
from apps.inventory.tests.stock_factories import D, make_location, make_part, make_user

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def shop(client):
    class S:
        part = make_part(sku="P-100", barcode="4006381333931")
        a = make_location("A1")
        b = make_location("B1")
        clerk = make_user("clerk1", role="clerk")
        manager = make_user("boss1", role="manager")
        viewer = make_user("viewer1", role="viewer")

    client.force_login(S.clerk)
    S.client = client
    return S


def post(client, url, data, **extra):
    return client.post(url, data, **HX, **extra)


def test_receive_dialog_prefilled_and_success_trigger(shop):
    r = shop.client.get(f"/stock/receive/?part={shop.part.pk}&location={shop.a.pk}", **HX)
    assert r.status_code == 200
    html = r.content.decode()
    assert 'value="P-100"' in html and 'value="A1"' in html and 'id="dialog-title"' in html
    assert "<html" not in html  # a fragment for the dialog
    r = post(shop.client, "/stock/receive/", {"part": "p-100", "location": "a1", "quantity": "5"})
    assert r.status_code == 204
    events = json.loads(r["HX-Trigger"])
    assert events["closeDialog"] is True and events["stockChanged"]
    assert events["showMessage"] == "Received 5 pcs of P-100 into A1"
    assert StockItem.objects.get(part=shop.part, location=shop.a).quantity == 5


def test_receive_by_barcode_without_javascript_redirects_with_message(shop):
    r = shop.client.post("/stock/receive/", {"part": "4006381333931", "location": "A1", "quantity": "2.5",
                                             "next": "/parts/%d/" % shop.part.pk})
    assert r.status_code == 302 and r["Location"] == f"/parts/{shop.part.pk}/"
    assert Part.objects.get(pk=shop.part.pk).quantity_on_hand == D("2.5")


@pytest.mark.parametrize(
    "data, field",
    [
        ({"quantity": "0"}, "quantity"),
        ({"quantity": "-3"}, "quantity"),
        ({"quantity": "10000000000"}, "quantity"),
        ({"quantity": "lots"}, "quantity"),
        ({"quantity": "1.2345"}, "quantity"),
        ({"quantity": ""}, "quantity"),
        ({"part": "NOPE"}, "part"),
        ({"location": "NOWHERE"}, "location"),
        ({"part": "OLD-1"}, "part"),
        ({"location": "OLD"}, "location"),
        ({"part": "LOT-1"}, "batch"),
    ],
)
def test_bad_receive_input_gets_a_field_error_and_writes_nothing(shop, data, field):
    make_part(sku="OLD-1", is_active=False)
    make_part(sku="LOT-1", tracks_batches=True)
    make_location("OLD", is_active=False)
    form = {"part": "P-100", "location": "A1", "quantity": "1"} | data
    r = post(shop.client, "/stock/receive/", form)
    assert r.status_code == 422
    html = r.content.decode()
    assert f'id="id_{field}"' in html
    assert 'aria-invalid="true"' in html
    for key, value in form.items():  # what was typed is kept
        assert f'value="{value}"' in html or value == ""
    assert not StockMovement.objects.exists() and not StockItem.objects.exists()


def test_issue_more_than_there_is(shop):
    stock_receive(part=shop.part, location=shop.a, quantity=D(3), user=shop.clerk)
    r = post(shop.client, "/stock/issue/", {"part": "P-100", "location": "A1", "quantity": "4"})
    assert r.status_code == 422 and "Only 3" in r.content.decode()
    r = post(shop.client, "/stock/issue/", {"part": "P-100", "location": "A1", "quantity": "3", "reference": "JOB-1"})
    assert r.status_code == 204
    assert json.loads(r["HX-Trigger"])["showMessage"] == "Issued 3 pcs of P-100 from A1"


def test_transfer_same_location_and_success(shop):
    stock_receive(part=shop.part, location=shop.a, quantity=D(3), user=shop.clerk)
    data = {"part": "P-100", "from_location": "A1", "to_location": "a1", "quantity": "1"}
    r = post(shop.client, "/stock/transfer/", data)
    assert r.status_code == 422 and "other than the source" in r.content.decode()
    r = post(shop.client, "/stock/transfer/", data | {"to_location": "B1"})
    assert r.status_code == 204
    assert StockItem.objects.get(part=shop.part, location=shop.b).quantity == 1


def test_adjust_is_for_managers_and_needs_a_reason(shop, client):
    r = post(shop.client, "/stock/adjust/", {"part": "P-100", "location": "A1", "quantity_delta": "2", "note": "x"})
    assert r.status_code == 403
    client.force_login(shop.manager)
    r = post(client, "/stock/adjust/", {"part": "P-100", "location": "A1", "quantity_delta": "2", "note": ""})
    assert r.status_code == 422 and not StockMovement.objects.exists()
    r = post(client, "/stock/adjust/", {"part": "P-100", "location": "A1", "quantity_delta": "-2", "note": "lost"})
    assert r.status_code == 422 and not StockMovement.objects.exists()
    r = post(client, "/stock/adjust/", {"part": "P-100", "location": "A1", "quantity_delta": "2", "note": "found"})
    assert r.status_code == 204


def test_viewer_cannot_move_stock(shop, client):
    client.force_login(shop.viewer)
    assert client.get("/stock/receive/", **HX).status_code == 403
    assert post(client, "/stock/receive/", {"part": "P-100", "location": "A1", "quantity": "1"}).status_code == 403
    assert not StockMovement.objects.exists()


def test_count_dialog(shop):
    item = stock_receive(part=shop.part, location=shop.a, quantity=D(10), user=shop.clerk).stock_item
    assert "Recorded: 10 pcs" in shop.client.get(f"/stock/{item.pk}/count/", **HX).content.decode()
    r = post(shop.client, f"/stock/{item.pk}/count/", {"counted_quantity": "-1"})
    assert r.status_code == 422
    r = post(shop.client, f"/stock/{item.pk}/count/", {"counted_quantity": "8"})
    assert r.status_code == 204 and "(-2)" in json.loads(r["HX-Trigger"])["showMessage"]
    assert StockMovement.objects.filter(kind=MovementKind.COUNT, quantity=-2).exists()


def test_move_selected_is_all_or_nothing(shop):
    other = make_part(sku="P-200")
    i1 = stock_receive(part=shop.part, location=shop.a, quantity=D(3), user=shop.clerk).stock_item
    i2 = stock_receive(part=other, location=shop.a, quantity=D(2), user=shop.clerk).stock_item
    i3 = stock_receive(part=other, location=shop.b, quantity=D(1), user=shop.clerk).stock_item
    r = shop.client.get(f"/stock/move-selected/?selected={i1.pk}&selected={i2.pk}", **HX)
    assert r.status_code == 200 and "P-200" in r.content.decode()
    assert shop.client.get("/stock/move-selected/", **HX).status_code == 422
    before = StockMovement.objects.count()
    r = post(shop.client, "/stock/move-selected/", {"selected": [i1.pk, i2.pk, i3.pk], "to_location": "B1"})
    assert r.status_code == 422 and StockMovement.objects.count() == before
    r = post(shop.client, "/stock/move-selected/", {"selected": [i1.pk, i2.pk], "to_location": "B1"})
    assert r.status_code == 204
    assert json.loads(r["HX-Trigger"])["showMessage"] == "Moved 2 stock record(s) to B1"
    assert StockItem.objects.get(pk=i3.pk).quantity == 3


def test_reverse_dialog_manager_only(shop, client):
    stock_receive(part=shop.part, location=shop.a, quantity=D(5), user=shop.clerk)
    out_line, _ = stock_transfer(part=shop.part, from_location=shop.a, to_location=shop.b, quantity=D(2), user=shop.clerk)
    assert shop.client.get(f"/movements/{out_line.pk}/reverse/", **HX).status_code == 403
    client.force_login(shop.manager)
    html = client.get(f"/movements/{out_line.pk}/reverse/", **HX).content.decode()
    assert html.count("Transfer") >= 2
    r = post(client, f"/movements/{out_line.pk}/reverse/", {"note": "wrong shelf"})
    assert r.status_code == 204
    assert StockMovement.objects.filter(kind=MovementKind.REVERSAL).count() == 2
    r = post(client, f"/movements/{out_line.pk}/reverse/", {"note": "again"})
    assert r.status_code == 422 and "already been reversed" in r.content.decode()
    assert StockMovement.objects.filter(kind=MovementKind.REVERSAL).count() == 2


def test_scan(shop):
    r = shop.client.get("/scan/?code=p-100", **HX)
    assert r.status_code == 204 and r["HX-Redirect"] == f"/parts/{shop.part.pk}/"
    r = shop.client.get("/scan/?code=4006381333931", **HX)
    assert r["HX-Redirect"] == f"/parts/{shop.part.pk}/"
    r = shop.client.get("/scan/?code=b1", **HX)
    assert r["HX-Redirect"] == f"/locations/{shop.b.pk}/"
    r = shop.client.get("/scan/?code=zzz", **HX)
    assert r.status_code == 204 and "HX-Redirect" not in r
    assert "Nothing has the code" in json.loads(r["HX-Trigger"])["showMessage"]["message"]
    r = shop.client.get("/scan/?code=zzz")
    assert r.status_code == 404 and "Nothing has the code" in r.content.decode()
    # A part scanned on a location page offers receive/issue for the pair.
    r = shop.client.get("/scan/?code=P-100", HTTP_HX_CURRENT_URL=f"http://testserver/locations/{shop.a.pk}/", **HX)
    assert r.status_code == 200
    html = r.content.decode()
    assert f"/stock/receive/?part={shop.part.pk}&location={shop.a.pk}" in html
    assert f"/stock/issue/?part={shop.part.pk}&location={shop.a.pk}" in html
    # Sent as a plain form (a scan before the page's scripts ran): the page it came from
    # is in the form, and the offer is a page of its own.
    page = shop.client.get(f"/locations/{shop.a.pk}/").content.decode()
    assert f'name="from" value="/locations/{shop.a.pk}/"' in page
    r = shop.client.get(f"/scan/?code=P-100&from=/locations/{shop.a.pk}/")
    assert r.status_code == 200 and "<html" in r.content.decode()
    assert f"/stock/receive/?part={shop.part.pk}&location={shop.a.pk}" in r.content.decode()


def test_stocktake_flow(shop):
    store = make_location("ST")
    stock_receive(part=shop.part, location=store, quantity=D(10), user=shop.clerk)
    r = shop.client.post("/stocktakes/new/", {"location": "ST"}, **HX)
    assert r.status_code == 204
    take = Stocktake.objects.get()
    assert r["HX-Redirect"] == f"/stocktakes/{take.pk}/"
    r = shop.client.post("/stocktakes/new/", {"location": "ST"}, **HX)
    assert r.status_code == 422 and "in progress" in r.content.decode()
    page = shop.client.get(f"/stocktakes/{take.pk}/").content.decode()
    line = take.lines.get()
    assert f'name="counted_{line.pk}"' in page and "Started by clerk1" in page
    r = shop.client.post(f"/stocktakes/{take.pk}/count/", {f"counted_{line.pk}": "abc"}, **HX)
    assert r.status_code == 422 and 'aria-invalid="true"' in r.content.decode()
    r = shop.client.post(f"/stocktakes/{take.pk}/count/", {f"counted_{line.pk}": "7"}, **HX)
    assert r.status_code == 200
    html = r.content.decode()
    assert html.lstrip().startswith("<tr") and "-3" in html and 'hx-swap-oob="true"' in html
    # the location page shows the count in progress
    assert "Count in progress" in shop.client.get(f"/locations/{store.pk}/").content.decode()
    r = shop.client.post(f"/stocktakes/{take.pk}/commit/", **HX)
    assert r.status_code == 204
    assert StockItem.objects.get(part=shop.part, location=store).quantity == 7
    assert shop.client.get("/stocktakes/").status_code == 200
    assert shop.client.get("/stocktakes/?status=committed", **HX).status_code == 200


def test_issue_dialog_shows_where_the_part_is_in_plain_numbers(shop):
    stock_receive(part=shop.part, location=shop.a, quantity=D(100), user=shop.clerk)
    html = shop.client.get(f"/stock/issue/?part={shop.part.pk}", **HX).content.decode()
    assert "100 pcs" in html and "1E+2" not in html
