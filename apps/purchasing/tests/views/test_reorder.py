"""The reorder list: pages of low parts grouped by supplier, drafting orders from it."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.catalog.tests.factories import make_part
from apps.purchasing.models import PurchaseOrder, Status
from apps.purchasing.tests.factories import make_supplier, make_supplier_part

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
REORDER = reverse("purchasing:purchase_order_reorder")


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_reorder_drafts_one_order_per_supplier(admin_client_user):
    client, _user = admin_client_user
    acme, bolt = make_supplier("Acme"), make_supplier("Bolt")
    a = make_part("A-1", reorder_point=10, reorder_quantity=Decimal(20))
    b = make_part("B-1", reorder_point=10, reorder_quantity=Decimal(20))
    c = make_part("C-1", reorder_point=10, reorder_quantity=Decimal(20))
    make_supplier_part(acme, a, is_preferred=True)
    make_supplier_part(bolt, b, is_preferred=True)
    make_supplier_part(bolt, c)  # not preferred: choose in the row
    page = client.get(REORDER).content.decode()
    assert page.count('data-testid="reorder-group"') == 3
    bad = client.post(
        REORDER, {"parts": [a.pk, c.pk], f"qty-{a.pk}": "20", f"qty-{c.pk}": "5"}, **HX
    )
    assert bad.status_code == 422 and b"Choose a supplier" in bad.content
    assert not PurchaseOrder.objects.exists()
    ok = client.post(
        REORDER,
        {
            "parts": [a.pk, b.pk, c.pk],
            f"qty-{a.pk}": "20",
            f"qty-{b.pk}": "20",
            f"qty-{c.pk}": "5",
            f"supplier-{c.pk}": bolt.pk,
        },
        **HX,
    )
    assert ok.status_code == 204
    assert ok["HX-Redirect"] == reverse("purchasing:purchase_order_list") + "?status=draft"
    orders = {o.supplier.name: o for o in PurchaseOrder.objects.select_related("supplier")}
    assert set(orders) == {"Acme", "Bolt"}
    assert all(o.status == Status.DRAFT for o in orders.values())
    assert list(
        orders["Bolt"].lines.order_by("part__sku").values_list("part__sku", "quantity")
    ) == [("B-1", Decimal(20)), ("C-1", Decimal(5))]


def test_reorder_refuses_bad_quantities_and_an_empty_selection(admin_client_user):
    client, _user = admin_client_user
    a = make_part("A-1", reorder_point=10, reorder_quantity=Decimal(20))
    make_supplier_part(make_supplier("Acme"), a, is_preferred=True)
    response = client.post(REORDER, {"parts": [a.pk], f"qty-{a.pk}": "0"}, **HX)
    assert response.status_code == 422 and b"Enter a quantity more than zero." in response.content
    response = client.post(REORDER, {}, **HX)
    assert response.status_code == 422 and b"Select at least one part to order." in response.content
    assert not PurchaseOrder.objects.exists()


def test_reorder_list_pages_biggest_shortfall_first_at_constant_queries(admin_client_user):
    client, _user = admin_client_user
    acme = make_supplier("Acme")
    parts = []
    for i in range(30):
        part = make_part(f"R-{i:03d}", reorder_point=10 + i, quantity_on_hand=0)
        part.reorder_quantity = Decimal(5)
        part.save()
        make_supplier_part(acme, part, is_preferred=True)
        parts.append(part)
    make_part("R-OK", reorder_point=1, quantity_on_hand=5)  # not low
    first = _queries(client, REORDER)
    assert first <= 10 and _queries(client, REORDER + "?page=2") == first
    page = client.get(REORDER).content.decode()
    assert page.count('data-testid="reorder-row"') == 25 and "Rows 1–25 of 30" in page
    assert page.index("R-029") < page.index("R-028")  # the biggest shortfall first
    second = client.get(REORDER + "?page=2", **HX).content.decode()
    assert (
        second.count('data-testid="reorder-row"') == 5
        and "R-000" in second
        and "<html" not in second
    )
    # A part ticked on page 2 is drafted, whatever page the form was posted from.
    low = parts[0]
    ok = client.post(REORDER, {"parts": [low.pk], f"qty-{low.pk}": "7"}, **HX)
    assert ok.status_code == 204
    line = PurchaseOrder.objects.get().lines.get()
    assert (line.part_id, line.quantity) == (low.pk, Decimal(7))
