"""Receiving a delivery on the order's receive page."""

import pytest
from django.urls import reverse

from apps.catalog.tests.factories import make_location, make_part
from apps.inventory.models import StockMovement
from apps.purchasing.models import Status
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
