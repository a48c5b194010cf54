"""Receiving a delivery on the order's receive page."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from apps.catalog.tests.factories import make_location, make_part
from apps.inventory.models import StockMovement
from apps.inventory.services.stock import movement_reverse
from apps.purchasing.models import LineReceipt, Status
from apps.purchasing.services.receiving import Receipt, purchase_order_receive
from apps.purchasing.tests.factories import make_placed_order, make_supplier

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def test_receive_view_over_receipt_and_status(admin_client_user):
    client, user = admin_client_user
    shelf = make_location("SH-1")
    a, b = make_part("A-1"), make_part("B-1")
    order = make_placed_order(make_supplier(), user, [(a, 10, 1), (b, 5, 1)])
    la, lb = order.lines.order_by("position")
    url = reverse("purchasing:purchase_order_receive", args=[order.pk])
    detail = reverse("purchasing:purchase_order_detail", args=[order.pk])
    assert client.get(url).status_code == 200
    data = {
        f"line-{la.pk}-quantity": "4",
        f"line-{la.pk}-location": "sh-1",
        f"line-{lb.pk}-quantity": "6",
        f"line-{lb.pk}-location": "SH-1",
    }
    response = client.post(url, data, **HX)
    assert response.status_code == 422 and b"confirm the over-receipt" in response.content
    assert not StockMovement.objects.exists()
    response = client.post(url, {**data, f"line-{lb.pk}-location": "NOPE"}, **HX)
    assert response.status_code == 422 and b"No active location" in response.content
    response = client.post(url, {**data, f"line-{lb.pk}-location": ""}, **HX)
    assert response.status_code == 422 and b"Enter the location code." in response.content
    response = client.post(url, {**data, f"line-{lb.pk}-quantity": "5"}, **HX)
    assert response.status_code == 204 and response["HX-Redirect"] == detail
    order.refresh_from_db()
    assert order.status == Status.PARTIALLY_RECEIVED
    assert set(StockMovement.objects.values_list("reference", flat=True)) == {order.number}
    assert set(StockMovement.objects.values_list("location", flat=True)) == {shelf.pk}
    response = client.post(
        url,
        {
            f"line-{la.pk}-quantity": "7",
            f"line-{la.pk}-location": "SH-1",
            f"line-{lb.pk}-quantity": "",
            "confirm_over_receipt": "on",
        },
    )
    assert response.status_code == 302 and response["Location"] == detail
    order.refresh_from_db()
    a.refresh_from_db()
    assert order.status == Status.RECEIVED and a.quantity_on_hand == 11
    response = client.get(url)  # a received order is closed
    assert response.status_code == 302 and response["Location"] == detail


def test_issue12_item3_reverse_in_the_ledger_reopens_the_order_page(admin_client_user):
    """Received 5 of 5, the receipt reversed from the ledger's dialog: the order page says
    0 received, Ordered, and offers Receive again."""
    client, user = admin_client_user
    make_location("SH-1")
    a = make_part("A-1")
    order = make_placed_order(make_supplier(), user, [(a, 5, 1)])
    line = order.lines.get()
    receive = reverse("purchasing:purchase_order_receive", args=[order.pk])
    data = {f"line-{line.pk}-quantity": "5", f"line-{line.pk}-location": "SH-1"}
    assert client.post(receive, data, **HX).status_code == 204
    detail = reverse("purchasing:purchase_order_detail", args=[order.pk])
    page = client.get(detail).content.decode()
    assert 'data-testid="received">5<' in page and receive not in page
    receipt = StockMovement.objects.get(reference=order.number)
    reverse_url = reverse("inventory:movement_reverse", args=[receipt.pk])
    assert client.post(reverse_url, {"note": "wrong part delivered"}, **HX).status_code == 204
    page = client.get(detail).content.decode()
    assert 'data-testid="received">0<' in page and receive in page
    order.refresh_from_db()
    assert order.status == Status.ORDERED


def test_issue12_item3_receipts_booked_before_the_fix_are_linked_and_given_back(
    admin_client_user,
):
    """The migration links earlier receipts to their lines (by the order's number and the
    part) and gives those already reversed back to their lines."""
    _client, user = admin_client_user
    shelf = make_location("SH-1")
    a = make_part("A-1")
    order = make_placed_order(make_supplier(), user, [(a, 5, 1)])
    line = order.lines.get()
    purchase_order_receive(
        order=order, user=user, receipts=[Receipt(line=line, quantity=Decimal(5), location=shelf)]
    )
    LineReceipt.objects.all().delete()  # as before the fix
    movement_reverse(movement=StockMovement.objects.get(reference=order.number), user=user)
    order.refresh_from_db()
    assert order.status == Status.RECEIVED  # what the reversal did not do then
    migration = importlib.import_module("apps.purchasing.migrations.0005_line_receipts")
    migration.link_earlier_receipts(django_apps, None)
    order.refresh_from_db()
    assert order.status == Status.ORDERED and order.lines.get().received_quantity == 0
    assert LineReceipt.objects.get().line == line


def test_a_delivery_sent_twice_with_the_form_key_is_received_once(admin_client_user):
    """The receive page's form carries an idempotency key: the same POST again (a retry
    after a lost answer, a double click) shows the same outcome and books nothing more."""
    client, user = admin_client_user
    make_location("SH-1")
    part = make_part("A-1")
    order = make_placed_order(make_supplier(), user, [(part, 10, 1)])
    line = order.lines.get()
    url = reverse("purchasing:purchase_order_receive", args=[order.pk])
    html = client.get(url).content.decode()
    key = html.split('name="idempotency_key" value="')[1].split('"')[0]
    data = {
        f"line-{line.pk}-quantity": "4",
        f"line-{line.pk}-location": "SH-1",
        "idempotency_key": key,
    }
    first = client.post(url, data, **HX)
    second = client.post(url, data, **HX)
    assert first.status_code == second.status_code == 204
    assert second["HX-Redirect"] == first["HX-Redirect"]
    assert StockMovement.objects.filter(part=part).count() == 1
    line.refresh_from_db()
    assert line.received_quantity == 4
    assert key not in client.get(url).content.decode()  # the next form is a new delivery
