"""The writes: the stock operations and purchasing through the pages' services, with the
same refusals; idempotent retries."""

from decimal import Decimal

import pytest
from django.urls import reverse

from apps.api.models import IdempotencyKey
from apps.api.tests.factories import post_json
from apps.catalog.tests.factories import make_part
from apps.inventory.models import StockItem, StockMovement
from apps.inventory.selectors.stock import stock_mismatches
from apps.inventory.tests.factories import make_location
from apps.purchasing.models import PurchaseOrder
from apps.purchasing.tests.factories import make_supplier

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelf():
    return {
        "part": make_part("P-1", unit_cost=Decimal(2)),
        "a": make_location("A1"),
        "b": make_location("B1"),
    }


def test_receive_issue_transfer_count_book_the_ledger(api_as, shelf):
    clerk = api_as("clerk")
    received = post_json(
        clerk,
        reverse("api:stock_receive_create"),
        {"part": "P-1", "location": "A1", "quantity": "10"},
    )
    assert received.status_code == 201
    line = received.json()["movements"][0]
    assert (
        line["kind"] == "receive"
        and line["quantity"] == "10.000"
        and line["user"]["username"] == "api-clerk"
    )
    issued = post_json(
        clerk,
        reverse("api:stock_issue_create"),
        {"part": shelf["part"].pk, "location": shelf["a"].pk, "quantity": 3},
    )
    assert issued.status_code == 201 and issued.json()["movements"][0]["quantity_after"] == "7.000"
    moved = post_json(
        clerk,
        reverse("api:stock_transfer_create"),
        {"part": "P-1", "from_location": "A1", "to_location": "B1", "quantity": "2"},
    )
    assert moved.status_code == 201 and len(moved.json()["movements"]) == 2
    record = StockItem.objects.get(location=shelf["b"])
    counted = post_json(
        clerk,
        reverse("api:stock_count_create"),
        {"stock_record": record.pk, "counted_quantity": "5"},
    )
    assert counted.status_code == 201 and counted.json()["movements"][0]["quantity"] == "3.000"
    same = post_json(
        clerk,
        reverse("api:stock_count_create"),
        {"stock_record": record.pk, "counted_quantity": "5"},
    )
    assert same.status_code == 201 and same.json() == {"operation": None, "movements": []}
    shelf["part"].refresh_from_db()
    assert shelf["part"].quantity_on_hand == Decimal(10)
    assert stock_mismatches() == []


@pytest.mark.parametrize(
    ("url", "body", "status", "field"),
    [
        (
            "api:stock_issue_create",
            {"part": "P-1", "location": "A1", "quantity": "1"},
            422,
            "quantity",
        ),
        (
            "api:stock_receive_create",
            {"part": "NOPE", "location": "A1", "quantity": "1"},
            422,
            "part",
        ),
        (
            "api:stock_receive_create",
            {"part": "P-1", "location": 999999, "quantity": "1"},
            422,
            "location",
        ),
        (
            "api:stock_receive_create",
            {"part": "P-1", "location": "A1", "quantity": "0"},
            422,
            "quantity",
        ),
        (
            "api:stock_receive_create",
            {"part": "P-1", "location": "A1", "quantity": "1e999999999"},
            422,
            "quantity",
        ),
        (
            "api:stock_receive_create",
            {"part": "P-1", "location": "A1", "quantity": "1.0001"},
            422,
            "quantity",
        ),
        (
            "api:stock_receive_create",
            {"part": "P-1", "location": "A1", "quantity": "1", "note": "a\u0000b"},
            422,
            "note",
        ),
        (
            "api:stock_transfer_create",
            {"part": "P-1", "from_location": "A1", "to_location": "A1", "quantity": "1"},
            422,
            "to_location",
        ),
        (
            "api:stock_count_create",
            {"stock_record": 999999, "counted_quantity": "1"},
            422,
            "stock_record",
        ),
        (
            "api:stock_adjust_create",
            {"part": "P-1", "location": "A1", "quantity_delta": "-5", "note": "lost"},
            422,
            "quantity_delta",
        ),
    ],
)
def test_refusals_are_the_services_and_write_nothing(api_as, shelf, url, body, status, field):
    response = post_json(api_as("manager"), reverse(url), body)
    assert response.status_code == status, response.content
    assert field in [e["field"] for e in response.json()["errors"]]
    assert StockMovement.objects.count() == 0


def test_a_retry_with_the_same_key_books_once(api_as, shelf):
    clerk = api_as("clerk")
    body = {"part": "P-1", "location": "A1", "quantity": "4"}
    first = post_json(
        clerk, reverse("api:stock_receive_create"), body, **{"Idempotency-Key": "delivery-1"}
    )
    again = post_json(
        clerk, reverse("api:stock_receive_create"), body, **{"Idempotency-Key": "delivery-1"}
    )
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert StockMovement.objects.count() == 1
    other_body = post_json(
        clerk,
        reverse("api:stock_receive_create"),
        {**body, "quantity": "5"},
        **{"Idempotency-Key": "delivery-1"},
    )
    assert other_body.status_code == 422 and other_body.json()["code"] == "idempotency_key_reused"
    # Another user may use the same key for their own request.
    other = post_json(
        api_as("manager"),
        reverse("api:stock_receive_create"),
        body,
        **{"Idempotency-Key": "delivery-1"},
    )
    assert other.status_code == 201 and StockMovement.objects.count() == 2


def test_a_refused_write_does_not_keep_its_key(api_as, shelf):
    clerk = api_as("clerk")
    body = {"part": "P-1", "location": "A1", "quantity": "4"}
    refused = post_json(clerk, reverse("api:stock_issue_create"), body, **{"Idempotency-Key": "k"})
    assert refused.status_code == 422 and not IdempotencyKey.objects.exists()
    post_json(clerk, reverse("api:stock_receive_create"), body)
    done = post_json(clerk, reverse("api:stock_issue_create"), body, **{"Idempotency-Key": "k"})
    assert done.status_code == 201


def test_purchase_order_from_draft_to_received(api_as, shelf):
    supplier = make_supplier("Acme")
    buyer = api_as("purchaser")
    created = post_json(
        buyer,
        reverse("api:purchase_order_create"),
        {
            "supplier": supplier.pk,
            "lines": [{"part": shelf["part"].pk, "quantity": "5", "unit_price": "2.50"}],
        },
    )
    assert created.status_code == 201 and created.json()["status"] == "draft"
    pk, line = created.json()["id"], created.json()["lines"][0]["id"]
    assert (
        post_json(buyer, reverse("api:purchase_order_place", args=[pk]), {}).json()["status"]
        == "ordered"
    )
    edit = buyer.put(
        reverse("api:purchase_order_update", args=[pk]),
        {"supplier": supplier.pk, "lines": []},
        content_type="application/json",
    )
    assert edit.status_code == 422
    edit = buyer.put(
        reverse("api:purchase_order_update", args=[pk]),
        {
            "supplier": supplier.pk,
            "lines": [{"part": shelf["part"].pk, "quantity": 1, "unit_price": 1}],
        },
        content_type="application/json",
    )
    assert edit.status_code == 409
    receive = reverse("api:purchase_order_receive_create", args=[pk])
    over = post_json(buyer, receive, {"lines": [{"line": line, "quantity": "6", "location": "A1"}]})
    assert over.status_code == 409 and over.json()["code"] == "over_receipt"
    part_of = post_json(
        buyer,
        receive,
        {"lines": [{"line": line, "quantity": "2", "location": "A1"}]},
        **{"Idempotency-Key": "dn-1"},
    )
    retry = post_json(
        buyer,
        receive,
        {"lines": [{"line": line, "quantity": "2", "location": "A1"}]},
        **{"Idempotency-Key": "dn-1"},
    )
    assert part_of.status_code == retry.status_code == 200
    assert retry.json()["status"] == "partially_received"
    assert StockMovement.objects.filter(reference=part_of.json()["number"]).count() == 1
    assert (
        post_json(api_as("viewer"), reverse("api:purchase_order_cancel", args=[pk]), {}).status_code
        == 403
    )
    assert (
        post_json(api_as("manager"), reverse("api:purchase_order_cancel", args=[pk]), {}).json()[
            "status"
        ]
        == "cancelled"
    )
    assert PurchaseOrder.objects.get(pk=pk).status == "cancelled"


def test_suppliers_and_price_list_lines(api_as, shelf):
    buyer = api_as("purchaser")
    bad = post_json(
        buyer,
        reverse("api:supplier_create"),
        {"name": "Acme", "email": "not-an-address", "currency": "EUR"},
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "email"
    created = post_json(buyer, reverse("api:supplier_create"), {"name": "Acme", "currency": "usd"})
    assert created.status_code == 201 and created.json()["currency"] == "USD"
    twin = post_json(buyer, reverse("api:supplier_create"), {"name": "ACME"})
    assert twin.status_code == 422 and twin.json()["errors"][0]["field"] == "name"
    pk = created.json()["id"]
    archived = buyer.patch(
        reverse("api:supplier_update", args=[pk]),
        {"is_active": False},
        content_type="application/json",
    )
    assert archived.json()["is_active"] is False
    line = post_json(
        buyer,
        reverse("api:supplier_part_create"),
        {"supplier": pk, "part": shelf["part"].pk, "unit_price": "1.25", "is_preferred": True},
    )
    assert line.status_code == 201 and line.json()["currency"] == "USD"
    again = post_json(
        buyer,
        reverse("api:supplier_part_create"),
        {"supplier": pk, "part": shelf["part"].pk, "unit_price": "1"},
    )
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "part"
    changed = buyer.patch(
        reverse("api:supplier_part_update", args=[line.json()["id"]]),
        {"unit_price": "1.5"},
        content_type="application/json",
    )
    assert changed.json()["unit_price"] == "1.5000"
    assert (
        buyer.delete(reverse("api:supplier_part_delete", args=[line.json()["id"]])).status_code
        == 204
    )
    assert api_as("clerk").delete(reverse("api:supplier_part_delete", args=[1])).status_code == 403


def test_a_fraction_of_a_part_counted_whole_is_422_with_the_forms_message(api_as, shelf, client):
    """2.5 pcs through the API: refused by the service, 422 naming the field, in the very
    words the Receive dialog shows; nothing booked. 2.5 m is fine."""
    manager = api_as("manager")
    receive = {"part": "P-1", "location": "A1", "quantity": "2.5"}
    client.force_login(manager.user)
    dialog = client.post(reverse("inventory:stock_receive"), receive, headers={"HX-Request": "1"})
    assert dialog.status_code == 422
    words = "pcs are counted in whole numbers: enter a quantity without decimals."
    assert words in dialog.content.decode()
    ten = post_json(manager, reverse("api:stock_receive_create"), {**receive, "quantity": "10"})
    assert ten.status_code == 201
    record = StockItem.objects.get()
    for url, body, field in (
        ("api:stock_receive_create", receive, "quantity"),
        ("api:stock_issue_create", receive, "quantity"),
        (
            "api:stock_transfer_create",
            {"part": "P-1", "from_location": "A1", "to_location": "B1", "quantity": "2.5"},
            "quantity",
        ),
        (
            "api:stock_adjust_create",
            {"part": "P-1", "location": "A1", "quantity_delta": "-2.5", "note": "lost"},
            "quantity_delta",
        ),
        (
            "api:stock_count_create",
            {"stock_record": record.pk, "counted_quantity": "2.5"},
            "counted_quantity",
        ),
    ):
        response = post_json(manager, reverse(url), body)
        assert response.status_code == 422, (url, response.content)
        assert response.json()["errors"] == [
            {"field": field, "message": words, "location": "body"}
        ], url
        assert response.json()["detail"] == words
    assert StockMovement.objects.count() == 1
    make_part("W-1", unit="m")
    metres = post_json(
        manager,
        reverse("api:stock_receive_create"),
        {"part": "W-1", "location": "A1", "quantity": "2.5"},
    )
    assert metres.status_code == 201 and metres.json()["movements"][0]["quantity"] == "2.500"


def test_receiving_a_fraction_of_pieces_on_an_order_is_422(api_as, shelf):
    buyer = api_as("purchaser")
    created = post_json(
        buyer,
        reverse("api:purchase_order_create"),
        {
            "supplier": make_supplier("Acme").pk,
            "lines": [{"part": shelf["part"].pk, "quantity": "5", "unit_price": "2.50"}],
        },
    )
    pk, line = created.json()["id"], created.json()["lines"][0]["id"]
    post_json(buyer, reverse("api:purchase_order_place", args=[pk]), {})
    response = post_json(
        buyer,
        reverse("api:purchase_order_receive_create", args=[pk]),
        {"lines": [{"line": line, "quantity": "2.5", "location": "A1"}]},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "lines.0",
            "message": "P-1: pcs are counted in whole numbers: enter a quantity without decimals.",
            "location": "body",
        }
    ]
    assert not StockMovement.objects.exists()
