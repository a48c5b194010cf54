import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.inventory.models import StockMovement
from apps.purchasing import services
from apps.purchasing.models import PurchaseOrder, Status, Supplier, SupplierPart
from apps.purchasing.tests.factories import (
    make_location,
    make_order,
    make_part,
    make_supplier,
    make_supplier_part,
)

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def admin(admin_client_user):
    return admin_client_user


@pytest.fixture
def client_(admin):
    return admin[0]


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_order_list_queries_do_not_grow_with_rows(admin):
    client, user = admin
    supplier = make_supplier()
    part = make_part()
    for _ in range(5):
        make_order(supplier, user, [(part, 1, 1), (part, 2, 2)])
    few = _queries(client, "/purchase-orders/?per_page=100")
    for _ in range(45):
        make_order(make_supplier(), user, [(part, 1, 1)])
    many = _queries(client, "/purchase-orders/?per_page=100")
    assert few == many
    assert many <= 10


def test_supplier_list_queries_do_not_grow_with_rows(client_):
    for _ in range(5):
        make_supplier()
    few = _queries(client_, "/suppliers/?per_page=100")
    for _ in range(45):
        make_supplier()
    assert _queries(client_, "/suppliers/?per_page=100") == few


def test_supplier_list_search_sort_and_bad_params(client_):
    make_supplier("Acme Tools")
    make_supplier("Zeta Parts", is_active=False)
    response = client_.get("/suppliers/?q=acme", **HX)
    assert b"Acme Tools" in response.content and b"<html" not in response.content
    assert b"Zeta" not in client_.get("/suppliers/").content
    assert b"Zeta" in client_.get("/suppliers/?status=archived").content
    assert client_.get("/suppliers/?sort=nope").status_code == 400
    assert client_.get("/suppliers/?status=nope").status_code == 400


def test_supplier_create_edit_archive(client_):
    response = client_.post("/suppliers/new/", {"name": "Acme", "currency": "usd"})
    supplier = Supplier.objects.get()
    assert response.status_code == 302 and supplier.currency == "USD"
    response = client_.post("/suppliers/new/", {"name": "ACME", "currency": "EUR"}, **HX)
    assert response.status_code == 422 and b"already exists" in response.content
    response = client_.post(f"/suppliers/{supplier.pk}/edit/", {"name": "Acme Ltd", "currency": "EURO"})
    assert response.status_code == 422
    client_.post(f"/suppliers/{supplier.pk}/edit/", {"name": "Acme Ltd", "currency": "GBP"})
    supplier.refresh_from_db()
    assert (supplier.name, supplier.currency) == ("Acme Ltd", "GBP")
    response = client_.post(f"/suppliers/{supplier.pk}/archive/", {"active": "0"}, **HX)
    assert response.status_code == 204 and response["HX-Redirect"] == f"/suppliers/{supplier.pk}/"
    supplier.refresh_from_db()
    assert not supplier.is_active
    page = client_.get(f"/suppliers/{supplier.pk}/")
    assert f"/history/purchasing.supplier/{supplier.pk}/".encode() in page.content


def test_price_list_row_edit_in_place(client_):
    supplier = make_supplier("Acme", currency="USD")
    part = make_part("R-10")
    form_row = client_.get(f"/suppliers/{supplier.pk}/parts/new/", **HX)
    assert b"<tr" in form_row.content and b"<html" not in form_row.content
    bad = client_.post(f"/suppliers/{supplier.pk}/parts/new/", {
        "part_sku": "nope", "unit_price": "-1", "minimum_order_quantity": "1", "lead_time_days": "0"}, **HX)
    assert bad.status_code == 422
    assert b"No part has the SKU" in bad.content and b"greater than or equal to 0" in bad.content
    assert not SupplierPart.objects.exists()
    ok = client_.post(f"/suppliers/{supplier.pk}/parts/new/", {
        "part_sku": "r-10", "unit_price": "0.25", "minimum_order_quantity": "100", "lead_time_days": "5",
        "is_preferred": "on"}, **HX)
    assert ok.status_code == 200
    sp = SupplierPart.objects.get()
    assert sp.currency == "USD" and sp.is_preferred and b"0.25 USD" in ok.content
    edit = client_.post(f"/supplier-parts/{sp.pk}/edit/?ctx=supplier", {
        "unit_price": "0.30", "currency": "EUR", "minimum_order_quantity": "0", "lead_time_days": "5"}, **HX)
    assert edit.status_code == 422 and b"sp-row-" in edit.content
    client_.post(f"/supplier-parts/{sp.pk}/edit/?ctx=supplier", {
        "unit_price": "0.30", "currency": "eur", "minimum_order_quantity": "50", "lead_time_days": "5"}, **HX)
    sp.refresh_from_db()
    assert (sp.unit_price, sp.currency, sp.minimum_order_quantity) == (Decimal("0.30"), "EUR", 50)
    assert client_.get(f"/supplier-parts/{sp.pk}/?ctx=supplier").status_code == 200  # full page too


def test_part_suppliers_tab_page_and_fragment(client_):
    supplier = make_supplier("Acme")
    part = make_part("R-10")
    make_supplier_part(supplier, part, price="1.00", is_preferred=True)
    full = client_.get(f"/parts/{part.pk}/suppliers/")
    assert b"<html" in full.content and b"Acme" in full.content
    fragment = client_.get(f"/parts/{part.pk}/suppliers/", **HX)
    assert b"<html" not in fragment.content and b"Acme" in fragment.content
    other = make_supplier("Bolt")
    response = client_.post(f"/parts/{part.pk}/suppliers/new/", {
        "supplier": other.pk, "unit_price": "0.9", "minimum_order_quantity": "1", "lead_time_days": "1",
        "is_preferred": "on"}, **HX)
    assert response.status_code == 200
    assert SupplierPart.objects.get(is_preferred=True).supplier == other


def _order_post(supplier, lines, **extra):
    data = {"supplier": supplier.pk, "expected_date": "", "notes": "",
            "lines-TOTAL_FORMS": str(len(lines)), "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "0", "lines-MAX_NUM_FORMS": "200"}
    for i, line in enumerate(lines):
        for key, value in line.items():
            data[f"lines-{i}-{key}"] = value
    data.update(extra)
    return data


def test_order_form_keeps_all_rows_on_error_and_saves_nothing(client_):
    supplier = make_supplier()
    a, b, c = make_part("A-1"), make_part("B-1"), make_part("C-1")
    data = _order_post(supplier, [
        {"part": a.pk, "part_label": "A-1 typed", "quantity": "3", "unit_price": "2"},
        {"part": b.pk, "part_label": "B-1 typed", "quantity": "-4", "unit_price": "abc"},
        {"part": c.pk, "part_label": "C-1 typed", "quantity": "5", "unit_price": "1.5"},
    ])
    response = client_.post("/purchase-orders/new/", data, **HX)
    assert response.status_code == 422
    body = response.content.decode()
    assert body.count('data-testid="order-line"') == 3
    for text in ("A-1 typed", "B-1 typed", "C-1 typed", 'value="-4"', 'value="abc"'):
        assert text in body
    assert "Must be more than zero." in body and "Enter a number." in body
    assert not PurchaseOrder.objects.exists()
    data["lines-1-quantity"], data["lines-1-unit_price"] = "4", "1"
    response = client_.post("/purchase-orders/new/", data, **HX)
    assert response.status_code == 204
    order = PurchaseOrder.objects.get()
    assert response["HX-Redirect"] == f"/purchase-orders/{order.pk}/"
    assert order.lines.count() == 3 and order.status == Status.DRAFT


def test_line_without_part_and_empty_order_are_errors(client_):
    supplier = make_supplier()
    response = client_.post("/purchase-orders/new/", _order_post(supplier, [
        {"part": "", "part_label": "something", "quantity": "1", "unit_price": "1"}]), **HX)
    assert response.status_code == 422 and b"Choose a part from the suggestions." in response.content
    response = client_.post("/purchase-orders/new/", _order_post(supplier, []), **HX)
    assert response.status_code == 422 and b"at least one line" in response.content
    assert not PurchaseOrder.objects.exists()


def test_add_line_keeps_values_and_remove_stays_removed(client_):
    supplier = make_supplier()
    a, b = make_part("A-1"), make_part("B-1")
    data = _order_post(supplier, [
        {"part": a.pk, "part_label": "A-1 x", "quantity": "3", "unit_price": "2"},
        {"part": b.pk, "part_label": "B-1 x", "quantity": "7", "unit_price": "1"},
    ])
    added = client_.post("/purchase-orders/lines/", {**data, "add_line": "1"}, **HX)
    body = added.content.decode()
    assert added.status_code == 200 and "<html" not in body
    assert body.count('data-testid="order-line"') == 3 and "A-1 x" in body and 'value="7"' in body
    assert 'name="lines-TOTAL_FORMS" value="3"' in body
    removed = client_.post("/purchase-orders/lines/", {**data, "remove_line": "0"}, **HX)
    body = removed.content.decode()
    assert body.count('data-testid="order-line"') == 1 and body.count('data-testid="deleted-line"') == 1
    assert 'name="lines-0-DELETE" value="on"' in body
    # Saving with the removed line marked: it is not created.
    response = client_.post("/purchase-orders/new/", {**data, "lines-0-DELETE": "on"}, **HX)
    assert response.status_code == 204
    assert list(PurchaseOrder.objects.get().lines.values_list("part__sku", flat=True)) == ["B-1"]


def test_removed_line_of_a_draft_is_deleted_on_save(admin):
    client, user = admin
    supplier = make_supplier()
    a, b = make_part("A-1"), make_part("B-1")
    order = make_order(supplier, user, [(a, 1, 1), (b, 2, 2)])
    page = client.get(f"/purchase-orders/{order.pk}/")
    assert page.status_code == 200 and b"Save draft" in page.content
    la, lb = order.lines.order_by("position")
    data = _order_post(supplier, [
        {"line_id": la.pk, "part": a.pk, "quantity": "1", "unit_price": "1", "DELETE": "on"},
        {"line_id": lb.pk, "part": b.pk, "quantity": "9", "unit_price": "2"},
    ], **{"lines-INITIAL_FORMS": "2"})
    assert client.post(f"/purchase-orders/{order.pk}/", data, **HX).status_code == 204
    assert list(order.lines.values_list("part__sku", "quantity")) == [("B-1", Decimal("9"))]


def test_totals_are_computed_by_the_server(client_):
    supplier = make_supplier(currency="USD")
    a = make_part("A-1")
    data = _order_post(supplier, [
        {"part": a.pk, "quantity": "3", "unit_price": "2.5"},
        {"part": "", "quantity": "x", "unit_price": "1"},
    ])
    response = client_.post("/purchase-orders/totals/", data, **HX)
    body = response.content.decode()
    assert 'id="lines-0-total" hx-swap-oob="true"' in body and "7.50" in body
    assert 'id="order-total" hx-swap-oob="true"' in body and "7.50 USD" in body


def test_part_suggestions_show_supplier_terms(client_):
    supplier = make_supplier()
    a = make_part("RES-1", name="Resistor")
    make_part("RES-2", name="Resistor 2", is_active=False)
    make_supplier_part(supplier, a, price="0.12", minimum_order_quantity=Decimal(100))
    response = client_.get(f"/purchase-orders/part-suggestions/?prefix=lines-0&lines-0-part_label=res&supplier={supplier.pk}", **HX)
    body = response.content.decode()
    assert 'data-price="0.12"' in body and 'data-moq="100"' in body and "RES-2" not in body
    assert client_.get("/purchase-orders/part-suggestions/?prefix=evil").status_code == 400


def test_only_allowed_transitions_are_offered(admin):
    client, user = admin
    order = make_order(make_supplier(), user, [(make_part(), 2, 1)])
    assert client.post(f"/purchase-orders/{order.pk}/receive/").status_code == 302  # not yet placed
    client.post(f"/purchase-orders/{order.pk}/place/")
    order.refresh_from_db()
    assert order.status == Status.ORDERED
    page = client.get(f"/purchase-orders/{order.pk}/").content
    assert b"Receive" in page and b"Place order" not in page and b"Save draft" not in page
    response = client.post(f"/purchase-orders/{order.pk}/place/", **HX)
    assert response.status_code == 204
    order.refresh_from_db()
    assert order.status == Status.ORDERED


def test_receive_view_over_receipt_and_status(admin):
    client, user = admin
    shelf = make_location("SH-1")
    a, b = make_part("A-1"), make_part("B-1")
    order = make_order(make_supplier(), user, [(a, 10, 1), (b, 5, 1)])
    services.purchase_order_place(order=order, user=user)
    la, lb = order.lines.order_by("position")
    url = f"/purchase-orders/{order.pk}/receive/"
    assert client.get(url).status_code == 200
    data = {f"line-{la.pk}-quantity": "4", f"line-{la.pk}-location": "sh-1",
            f"line-{lb.pk}-quantity": "6", f"line-{lb.pk}-location": "SH-1"}
    response = client.post(url, data, **HX)
    assert response.status_code == 422 and b"confirm the over-receipt" in response.content
    assert not StockMovement.objects.exists()
    response = client.post(url, {**data, f"line-{lb.pk}-location": "NOPE"}, **HX)
    assert response.status_code == 422 and b"No active location" in response.content
    response = client.post(url, {**data, f"line-{lb.pk}-quantity": "5"}, **HX)
    assert response.status_code == 204
    order.refresh_from_db()
    assert order.status == Status.PARTIALLY_RECEIVED
    assert set(StockMovement.objects.values_list("reference", flat=True)) == {order.number}
    response = client.post(url, {f"line-{la.pk}-quantity": "7", f"line-{la.pk}-location": "SH-1",
                                 f"line-{lb.pk}-quantity": "", "confirm_over_receipt": "on"}, **HX)
    assert response.status_code == 204
    order.refresh_from_db()
    a.refresh_from_db()
    assert order.status == Status.RECEIVED and a.quantity_on_hand == 11


def test_export_honours_filters(admin):
    client, user = admin
    acme, bolt = make_supplier("Acme"), make_supplier("=Bolt")
    part = make_part("P-1")
    make_order(acme, user, [(part, 1, 1), (part, 2, 1)])
    make_order(bolt, user, [(part, 3, 1)])
    response = client.get(f"/purchase-orders/export.csv?supplier={bolt.pk}")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "Order" and len(rows) == 2 and rows[1][1] == "'=Bolt"
    response = client.get("/purchase-orders/export.csv?status=draft")
    assert len(list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))) == 4
    assert client.get("/purchase-orders/export.csv?status=bogus").status_code == 400


def test_print_page(admin):
    client, user = admin
    order = make_order(make_supplier("Acme"), user, [(make_part("P-1"), 2, "1.25")])
    body = client.get(f"/purchase-orders/{order.pk}/print/").content.decode()
    assert order.number in body and "2.50" in body and "print:hidden" in body


def test_reorder_drafts_one_order_per_supplier(admin):
    client, user = admin
    acme, bolt = make_supplier("Acme"), make_supplier("Bolt")
    a = make_part("A-1", reorder_point=10, reorder_quantity=Decimal(20))
    b = make_part("B-1", reorder_point=10, reorder_quantity=Decimal(20))
    c = make_part("C-1", reorder_point=10, reorder_quantity=Decimal(20))
    make_supplier_part(acme, a, is_preferred=True)
    make_supplier_part(bolt, b, is_preferred=True)
    make_supplier_part(bolt, c)  # not preferred: choose in the row
    page = client.get("/purchase-orders/reorder/").content.decode()
    assert page.count('data-testid="reorder-group"') == 3
    bad = client.post("/purchase-orders/reorder/", {"parts": [a.pk, c.pk], f"qty-{a.pk}": "20", f"qty-{c.pk}": "5"}, **HX)
    assert bad.status_code == 422 and b"Choose a supplier" in bad.content
    assert not PurchaseOrder.objects.exists()
    ok = client.post("/purchase-orders/reorder/", {
        "parts": [a.pk, b.pk, c.pk], f"qty-{a.pk}": "20", f"qty-{b.pk}": "20", f"qty-{c.pk}": "5",
        f"supplier-{c.pk}": bolt.pk}, **HX)
    assert ok.status_code == 204
    orders = {o.supplier.name: o for o in PurchaseOrder.objects.select_related("supplier")}
    assert set(orders) == {"Acme", "Bolt"}
    assert orders["Bolt"].lines.count() == 2


def test_roles(make_user, client):
    supplier = make_supplier()
    viewer = make_user("v", role="viewer")
    client.force_login(viewer)
    assert client.get("/purchase-orders/").status_code == 200
    assert client.get("/purchase-orders/new/").status_code == 403
    order = PurchaseOrder.objects.create(number="PO-999999", supplier=supplier)
    assert client.post(f"/purchase-orders/{order.pk}/", {}).status_code == 403


def test_on_order_in_parts_list_and_part_page_at_constant_queries(admin):
    client, user = admin
    supplier = make_supplier()
    parts = [make_part(f"OO-{i:03d}") for i in range(50)]
    for part in parts[:5]:
        services.purchase_order_place(order=make_order(supplier, user, [(part, 7, 1)]), user=user)
    few = _queries(client, "/parts/?q=OO-&per_page=25")
    body = client.get(f"/parts/{parts[0].pk}/").content.decode()
    assert 'data-testid="on-order">7<' in body
    for part in parts[5:]:
        services.purchase_order_place(order=make_order(supplier, user, [(part, 3, 1)]), user=user)
    many = _queries(client, "/parts/?q=OO-&per_page=100")
    assert few == many
    listing = client.get("/parts/?q=OO-000").content.decode()
    assert 'data-testid="on-order">7<' in listing


# --- large lists: pages, fragments, constant queries (issue 7) ------------------------------

def test_supplier_page_shows_a_page_of_the_price_list_at_constant_queries(client_):
    supplier = make_supplier("Big Distributor")
    parts = [make_part(f"BD-{i:03d}") for i in range(60)]
    for index, part in enumerate(parts[:5]):
        make_supplier_part(supplier, part, supplier_sku=f"X-{99 - index:03d}")
    few = _queries(client_, f"/suppliers/{supplier.pk}/")
    for index, part in enumerate(parts[5:], start=5):
        make_supplier_part(supplier, part, supplier_sku=f"X-{99 - index:03d}")
    assert _queries(client_, f"/suppliers/{supplier.pk}/") == few <= 10
    assert _queries(client_, f"/suppliers/{supplier.pk}/?page=3") == few
    page = client_.get(f"/suppliers/{supplier.pk}/").content.decode()
    assert page.count('data-testid="supplier-part-row"') == 25 and "60 parts" in page
    assert page.index("X-040") < page.index("X-041")  # in the supplier's catalogue order
    assert "BD-059" in page and "BD-010" not in page
    fragment = client_.get(f"/suppliers/{supplier.pk}/?page=3", HTTP_HX_TARGET="price-list", **HX).content.decode()
    assert fragment.lstrip().startswith('<section id="price-list"') and "<html" not in fragment
    assert fragment.count('data-testid="supplier-part-row"') == 10 and 'rel="prev"' in fragment


def test_list_searches_swap_the_rows_only_and_sorts_the_table(admin):
    client, user = admin
    acme = make_supplier("Acme Tools")
    make_order(acme, user, [(make_part("S-1"), 1, 1)])
    for url, marker in (("/suppliers/?q=acme", "Acme Tools"), ("/purchase-orders/?q=acme", "Acme Tools")):
        rows = client.get(url, **HX).content.decode()
        assert rows.lstrip().startswith('<tbody id="rows">') and marker in rows
        assert '<tfoot id="list-foot" hx-swap-oob="true">' in rows and "<thead" not in rows
        table = client.get(url + "&sort=-name" if "suppliers" in url else url + "&sort=-number",
                           HTTP_HX_TARGET="results", **HX).content.decode()
        assert 'id="results"' in table and "<thead" in table
    assert 'id="export-link" href="/purchase-orders/export.csv?q=acme" hx-swap-oob="true"' in client.get(
        "/purchase-orders/?q=acme", **HX).content.decode()


def test_order_search_by_number_supplier_and_exact_sku(admin):
    client, user = admin
    lab, bolt = make_supplier("Lab Direct"), make_supplier("Bolt Co")
    widget, other = make_part("WID-77"), make_part("OTH-1")
    by_lab = make_order(lab, user, [(other, 1, 1)])
    by_bolt = make_order(bolt, user, [(widget, 1, 1)], notes="urgent")

    def found(q):
        html = client.get(f"/purchase-orders/?q={q}", **HX).content.decode()
        return {o.number for o in (by_lab, by_bolt) if o.number in html}

    assert found("lab direct") == {by_lab.number}
    assert found("wid-77") == {by_bolt.number}  # the exact SKU, any case
    assert found("WID") == set()  # not a part of a SKU
    assert found(by_lab.number) == {by_lab.number}
    assert found("URGENT") == {by_bolt.number}


def test_order_list_deep_pages_and_sorts_at_constant_queries(admin):
    client, user = admin
    supplier = make_supplier()
    part = make_part()
    for _ in range(30):
        make_order(supplier, user, [(part, 1, 1), (part, 2, 3)])
    first = _queries(client, "/purchase-orders/")
    assert _queries(client, "/purchase-orders/?page=2") == first
    assert _queries(client, "/purchase-orders/?sort=-total&page=2") == first
    assert _queries(client, "/purchase-orders/?q=PO-&page=2&per_page=25") == first
    html = client.get("/purchase-orders/?sort=-total").content.decode()
    assert html.count('data-testid="order-row"') == 25 and "7.00 EUR" in html


def test_reorder_list_pages_biggest_shortfall_first_at_constant_queries(admin):
    client, user = admin
    acme = make_supplier("Acme")
    parts = []
    for i in range(30):
        part = make_part(f"R-{i:03d}", reorder_point=10 + i, quantity_on_hand=0)
        part.reorder_quantity = Decimal(5)
        part.save()
        make_supplier_part(acme, part, is_preferred=True)
        parts.append(part)
    make_part("R-OK", reorder_point=1, quantity_on_hand=5)  # not low
    first = _queries(client, "/purchase-orders/reorder/")
    assert first <= 10 and _queries(client, "/purchase-orders/reorder/?page=2") == first
    page = client.get("/purchase-orders/reorder/").content.decode()
    assert page.count('data-testid="reorder-row"') == 25 and "Rows 1–25 of 30" in page
    assert page.index("R-029") < page.index("R-028")  # the biggest shortfall first
    second = client.get("/purchase-orders/reorder/?page=2", **HX).content.decode()
    assert second.count('data-testid="reorder-row"') == 5 and "R-000" in second and "<html" not in second
    # A part ticked on page 2 is drafted, whatever page the form was posted from.
    low = parts[0]
    ok = client.post("/purchase-orders/reorder/", {"parts": [low.pk], f"qty-{low.pk}": "7"}, **HX)
    assert ok.status_code == 204
    line = PurchaseOrder.objects.get().lines.get()
    assert (line.part_id, line.quantity) == (low.pk, Decimal(7))
