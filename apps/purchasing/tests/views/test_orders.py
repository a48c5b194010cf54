"""Purchase order pages: the list (search, sort, deep pages), the CSV export, an order's
page, placing, the printable order and who may do what."""

import csv
import io
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.catalog.tests.factories import make_part
from apps.purchasing.models import PurchaseOrder, Status
from apps.purchasing.tests.factories import make_order, make_placed_order, make_supplier

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
ORDERS = reverse("purchasing:purchase_order_list")
EXPORT = reverse("purchasing:purchase_order_export")
LIST_EXPORT = reverse("imports:list_export", args=["orders"])


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _detail(order):
    return reverse("purchasing:purchase_order_detail", args=[order.pk])


def _csv(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_order_list_queries_do_not_grow_with_rows(admin_client_user):
    client, user = admin_client_user
    supplier = make_supplier()
    part = make_part()
    for _ in range(5):
        make_order(supplier, user, [(part, 1, 1), (part, 2, 2)])
    few = _queries(client, ORDERS + "?per_page=100")
    for _ in range(45):
        make_order(make_supplier(), user, [(part, 1, 1)])
    many = _queries(client, ORDERS + "?per_page=100")
    assert few == many
    assert many <= 10


def test_order_list_search_swaps_the_rows_and_a_sort_the_table(admin_client_user):
    client, user = admin_client_user
    acme = make_supplier("Acme Tools")
    make_order(acme, user, [(make_part("S-1"), 1, 1)])
    url = ORDERS + "?q=acme"
    rows = client.get(url, **HX).content.decode()
    assert rows.lstrip().startswith('<tbody id="rows">') and "Acme Tools" in rows
    assert '<tfoot id="list-foot" hx-swap-oob="true">' in rows and "<thead" not in rows
    table = client.get(url + "&sort=-number", HTTP_HX_TARGET="results", **HX).content.decode()
    assert 'id="results"' in table and "<thead" in table
    # The export links follow the search (out of band), to the shared list export.
    assert '<span id="export-link" hx-swap-oob="true">' in rows
    assert f'href="{LIST_EXPORT}?q=acme&amp;format=csv"' in rows


def test_order_search_by_number_supplier_and_exact_sku(admin_client_user):
    client, user = admin_client_user
    lab, bolt = make_supplier("Lab Direct"), make_supplier("Bolt Co")
    widget, other = make_part("WID-77"), make_part("OTH-1")
    by_lab = make_order(lab, user, [(other, 1, 1)])
    by_bolt = make_order(bolt, user, [(widget, 1, 1)], notes="urgent")

    def found(q):
        html = client.get(ORDERS, {"q": q}, **HX).content.decode()
        return {o.number for o in (by_lab, by_bolt) if o.number in html}

    assert found("lab direct") == {by_lab.number}
    assert found("wid-77") == {by_bolt.number}  # the exact SKU, any case
    assert found("WID") == set()  # not a part of a SKU
    assert found(by_lab.number) == {by_lab.number}
    assert found("URGENT") == {by_bolt.number}


def test_order_list_deep_pages_and_sorts_at_constant_queries(admin_client_user):
    client, user = admin_client_user
    supplier = make_supplier()
    part = make_part()
    for _ in range(30):
        make_order(supplier, user, [(part, 1, 1), (part, 2, 3)])
    first = _queries(client, ORDERS)
    assert _queries(client, ORDERS + "?page=2") == first
    assert _queries(client, ORDERS + "?sort=-total&page=2") == first
    assert _queries(client, ORDERS + "?q=PO-&page=2&per_page=25") == first
    html = client.get(ORDERS + "?sort=-total").content.decode()
    assert html.count('data-testid="order-row"') == 25 and "7.00 EUR" in html


def test_export_honours_filters(admin_client_user):
    client, user = admin_client_user
    acme, bolt = make_supplier("Acme"), make_supplier("=Bolt")
    part = make_part("P-1", name="Widget")
    make_order(acme, user, [(part, 1, 1), (part, 2, 1)])
    bolts = make_order(bolt, user, [(part, 3, "1.25")])
    response = client.get(EXPORT, {"supplier": bolt.pk})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="purchase-orders.csv"'
    rows = _csv(response)
    assert rows[0] == [
        "Order",
        "Supplier",
        "Status",
        "Currency",
        "Expected",
        "Created",
        "Line",
        "SKU",
        "Part",
        "Quantity",
        "Unit price",
        "Line total",
        "Received",
    ]
    assert len(rows) == 2 and rows[1][1] == "'=Bolt"  # a formula is shown, never run
    assert rows[1][:4] == [bolts.number, "'=Bolt", "Draft", "EUR"]
    assert rows[1][4:] == [
        "",
        bolts.created_at.date().isoformat(),
        "1",
        "P-1",
        "Widget",
        "3",
        "1.25",
        "3.75",
        "0",
    ]
    assert len(_csv(client.get(EXPORT, {"status": "draft"}))) == 4
    assert client.get(EXPORT, {"status": "bogus"}).status_code == 400


def test_print_page(admin_client_user):
    client, user = admin_client_user
    order = make_order(make_supplier("Acme"), user, [(make_part("P-1"), 2, "1.25")])
    body = client.get(reverse("purchasing:purchase_order_print", args=[order.pk])).content.decode()
    assert order.number in body and "2.50" in body and "print:hidden" in body


def test_only_allowed_transitions_are_offered(admin_client_user):
    client, user = admin_client_user
    part = make_part()
    order = make_order(make_supplier(), user, [(part, 2, 1)])
    receive = reverse("purchasing:purchase_order_receive", args=[order.pk])
    place = reverse("purchasing:purchase_order_place", args=[order.pk])
    response = client.post(receive)  # not yet placed
    assert response.status_code == 302 and response["Location"] == _detail(order)
    response = client.post(place)
    assert response.status_code == 302 and response["Location"] == _detail(order)
    order.refresh_from_db()
    assert order.status == Status.ORDERED
    page = client.get(_detail(order)).content.decode()
    assert "Receive" in page and "Place order" not in page and "Save draft" not in page
    assert f'href="{reverse("catalog:part_detail", args=[part.pk])}"' in page
    assert (
        f'href="{reverse("audit:record_history", args=["purchasing.purchaseorder", order.pk])}"'
        in page
    )
    response = client.post(place, **HX)
    assert response.status_code == 204 and response["HX-Redirect"] == _detail(order)
    order.refresh_from_db()
    assert order.status == Status.ORDERED


def test_cancel_is_for_managers(manager, make_user):
    order = make_placed_order(make_supplier(), make_user("buyer"), [(make_part(), 2, 1)])
    response = manager.post(reverse("purchasing:purchase_order_cancel", args=[order.pk]), **HX)
    assert response.status_code == 204 and response["HX-Redirect"] == _detail(order)
    order.refresh_from_db()
    assert order.status == Status.CANCELLED and order.cancelled_at


def test_a_draft_is_edited_on_its_page_and_saving_a_placed_one_is_refused(admin_client_user):
    client, user = admin_client_user
    part = make_part("A-1")
    order = make_order(make_supplier(), user, [(part, 1, 1)])
    page = client.get(_detail(order))
    assert page.status_code == 200 and b"Save draft" in page.content
    history = reverse("audit:record_history", args=["purchasing.purchaseorder", order.pk])
    assert f'href="{history}"'.encode() in page.content
    placed = make_placed_order(order.supplier, user, [(part, 1, 1)])
    response = client.post(_detail(placed), {}, **HX)
    assert response.status_code == 204 and response["HX-Redirect"] == _detail(placed)
    placed.refresh_from_db()
    assert placed.status == Status.ORDERED and placed.lines.get().quantity == 1


def test_roles(viewer):
    supplier = make_supplier()
    assert viewer.get(ORDERS).status_code == 200
    assert viewer.get(reverse("purchasing:purchase_order_create")).status_code == 403
    order = PurchaseOrder.objects.create(number="PO-999999", supplier=supplier)
    assert viewer.post(_detail(order), {}).status_code == 403
    assert (
        viewer.post(reverse("purchasing:purchase_order_cancel", args=[order.pk])).status_code == 403
    )
    order.refresh_from_db()
    assert order.status == Status.DRAFT


DATE_WORDS = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d")
FRACTIONS = re.compile(r'datetime="[^"]*\.\d+')


def test_issue12_item7_pages_show_one_date_format(admin_client_user):
    """The part's suppliers tab said "expected Dec. 10, 2026" next to "2026-11-29 17:52"."""
    client, user = admin_client_user
    supplier = make_supplier()
    part = make_part("A-1")
    order = make_placed_order(supplier, user, [(part, 5, 2)], expected_date=date(2026, 12, 10))
    pages = [
        _detail(order),
        reverse("purchasing:part_suppliers", args=[part.pk]),
        reverse("purchasing:supplier_detail", args=[supplier.pk]),
        ORDERS,
        reverse("dashboard:dashboard"),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert not DATE_WORDS.search(html), (url, DATE_WORDS.search(html))
        assert not FRACTIONS.search(html), url
    assert "2026-12-10" in client.get(pages[1]).content.decode()
    assert "2026-12-10" in client.get(pages[0]).content.decode()
