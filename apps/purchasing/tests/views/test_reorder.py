"""The reorder list: pages of low parts grouped by supplier, drafting orders from it."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.catalog.tests.factories import make_part
from apps.purchasing.models import PurchaseOrder, Status
from apps.purchasing.tests.factories import make_placed_order, make_supplier, make_supplier_part

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


def _form_values(html: str) -> dict:
    """The form as the browser would post it: ticked boxes, the inputs' values."""
    fields = re.findall(r'name="((?:qty|seen)-\d+)" value="([^"]*)"', html)
    return {
        "parts": re.findall(r'name="parts" value="(\d+)"[^>]*\schecked', html),
        **dict(fields),
    }


def test_issue12_item1_the_list_counts_drafts_and_a_second_draft_is_refused(admin_client_user):
    client, _user = admin_client_user
    acme = make_supplier("Acme")
    a = make_part("A-1", reorder_point=10, reorder_quantity=Decimal(20))
    b = make_part("B-1", reorder_point=10, reorder_quantity=Decimal(20))
    for part in (a, b):
        make_supplier_part(acme, part, is_preferred=True)
    first_page = client.get(REORDER).content.decode()
    posted = _form_values(first_page)
    assert sorted(posted["parts"]) == sorted([str(a.pk), str(b.pk)])
    assert posted[f"seen-{a.pk}"] == "0"
    assert client.post(REORDER, posted, **HX).status_code == 204
    (draft,) = PurchaseOrder.objects.all()
    # Opened again: what is on the draft counts, the list says so, nothing is ticked.
    again = client.get(REORDER).content.decode()
    assert again.count('data-testid="on-draft"') == 2
    assert (
        f'+20 on draft <a href="{reverse("purchasing:purchase_order_detail", args=[draft.pk])}"'
        in again
    )
    assert _form_values(again)["parts"] == []
    assert _form_values(again)[f"qty-{a.pk}"] == "0"
    # The first page's form posted a second time (a double click, a stale tab): refused.
    second = client.post(REORDER, posted, **HX)
    assert second.status_code == 422
    body = second.content.decode()
    assert "went on an order or a draft" in body and 'data-testid="on-draft"' in body
    assert _form_values(body)["parts"] == []  # shown as it is now: nothing ticked twice
    assert PurchaseOrder.objects.count() == 1 and draft.lines.count() == 2
    # Ordering more on purpose, having seen the draft, is still possible.
    more = {"parts": [a.pk], f"qty-{a.pk}": "5", f"seen-{a.pk}": "20"}
    assert client.post(REORDER, more, **HX).status_code == 204
    assert PurchaseOrder.objects.count() == 2


def test_issue12_item1_placed_orders_count_too(admin_client_user):
    client, user = admin_client_user
    acme = make_supplier("Acme")
    a = make_part("A-1", reorder_point=10, reorder_quantity=Decimal(20))
    make_supplier_part(acme, a, is_preferred=True)
    make_placed_order(acme, user, [(a, 20, 1)])
    page = client.get(REORDER).content.decode()
    assert 'data-testid="on-order">20<' in page and _form_values(page)["parts"] == []


def test_issue12_item2_a_supplier_chosen_on_an_unticked_row_is_never_left_out(admin_client_user):
    client, _user = admin_client_user
    acme, bolt = make_supplier("Acme"), make_supplier("Bolt")
    a = make_part("A-1", reorder_point=10, reorder_quantity=Decimal(20))
    c = make_part("C-1", reorder_point=10, reorder_quantity=Decimal(20))
    make_supplier_part(acme, a, is_preferred=True)
    make_supplier_part(bolt, c)  # no preferred supplier: chosen in the row
    page = client.get(REORDER).content.decode()
    assert f'data-ticks="pick-{c.pk}"' in page  # choosing a supplier ticks the row (reorder.js)
    data = {"parts": [a.pk], f"qty-{a.pk}": "20", f"qty-{c.pk}": "20", f"supplier-{c.pk}": bolt.pk}
    refused = client.post(REORDER, data, **HX)
    assert refused.status_code == 422
    assert "did not tick it" in refused.content.decode()
    assert not PurchaseOrder.objects.exists()
    # Ticked without a supplier: refused on the row as well.
    refused = client.post(REORDER, {"parts": [c.pk], f"qty-{c.pk}": "20"}, **HX)
    assert refused.status_code == 422 and b"Choose a supplier for this part." in refused.content
    data["parts"] = [a.pk, c.pk]
    assert client.post(REORDER, data, **HX).status_code == 204
    assert set(PurchaseOrder.objects.values_list("supplier__name", flat=True)) == {"Acme", "Bolt"}
