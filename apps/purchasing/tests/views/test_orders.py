"""Purchase order pages: the list (search, sort, deep pages), the CSV export, an order's
page, placing, the printable order and who may do what."""

import csv
import datetime
import io
import re
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

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


def _placed(order, day, *, received=None):
    """Sets when `order` was placed (and fully received), noon of those days."""
    noon = datetime.time(12)
    fields = {"ordered_at": timezone.make_aware(datetime.datetime.combine(day, noon))}
    if received:
        fields["received_at"] = timezone.make_aware(datetime.datetime.combine(received, noon))
    PurchaseOrder.objects.filter(pk=order.pk).update(**fields)


def test_orders_filtered_by_placed_and_received_dates_with_totals_and_export(admin_client_user):
    client, user = admin_client_user
    acme, yankee = make_supplier("Acme"), make_supplier("Yankee", currency="USD")
    part = make_part("P-1")
    march = make_placed_order(acme, user, [(part, 2, "10"), (part, 1, "5")])
    april = make_placed_order(acme, user, [(part, 4, "2.50")])
    april_usd = make_placed_order(yankee, user, [(part, 3, "1")])
    _placed(march, date(2026, 3, 10), received=date(2026, 3, 20))
    _placed(april, date(2026, 4, 1), received=date(2026, 4, 30))
    _placed(april_usd, date(2026, 4, 30))
    april_only = {"placed_from": "2026-04-01", "placed_to": "2026-04-30"}
    html = client.get(ORDERS, april_only).content.decode()
    assert april.number in html and april_usd.number in html and march.number not in html
    totals = html.split('data-testid="order-totals"')[1].split("</td>")[0]
    assert "2 orders" in totals and "10.00 EUR" in totals and "3.00 USD" in totals
    received = client.get(ORDERS, {"received_from": "2026-03-01", "received_to": "2026-03-31"})
    html = received.content.decode()
    assert march.number in html and april.number not in html
    assert "25.00 EUR" in html.split('data-testid="order-totals"')[1].split("</td>")[0]
    # The exports (the list's own link and the list export) give the same orders.
    assert {row[0] for row in _csv(client.get(EXPORT, april_only))[1:]} == {
        april.number,
        april_usd.number,
    }
    listed = client.get(LIST_EXPORT, {**april_only, "format": "csv"})
    assert {row[0] for row in _csv(listed)[1:]} == {april.number, april_usd.number}
    # The fragment a filter swaps in carries the totals too (the table's foot).
    fragment = client.get(ORDERS, april_only, **HX).content.decode()
    assert "3.00 USD" in fragment
    bad = client.get(ORDERS, {"placed_from": "2026-05-01", "placed_to": "2026-04-01"})
    assert bad.status_code == 400


def test_order_list_queries_with_date_filters_do_not_grow(admin_client_user):
    client, user = admin_client_user
    supplier, part = make_supplier("Acme"), make_part("P-1")
    url = f"{ORDERS}?placed_from=2000-01-01&received_to=2999-01-01"
    make_placed_order(supplier, user, [(part, 1, 1)])
    few = _queries(client, url)
    for _ in range(5):
        make_placed_order(supplier, user, [(part, 1, 1), (part, 2, 2)])
    assert _queries(client, url) == few


@pytest.mark.django_db(transaction=True)
def test_order_totals_kept_between_writes_are_never_stale(settings, admin_client_user):
    """With the page cache on, the totals are reused until the next committed write,
    per filter."""
    settings.RESPONSE_CACHE = True
    cache.clear()
    client, user = admin_client_user
    acme, yankee = make_supplier("Acme"), make_supplier("Yankee", currency="USD")
    part = make_part("P-1")
    make_placed_order(acme, user, [(part, 2, "10")])

    def totals(query=None):
        html = client.get(ORDERS, query or {}).content.decode()
        return html.split('data-testid="order-totals"')[1].split("</td>")[0]

    assert "1 order" in totals() and "20.00 EUR" in totals()
    make_placed_order(yankee, user, [(part, 3, "1")])
    after = totals()
    assert "2 orders" in after and "20.00 EUR" in after and "3.00 USD" in after
    only_usd = totals({"supplier": yankee.pk})
    assert "1 order" in only_usd and "3.00 USD" in only_usd and "EUR" not in only_usd
    cache.clear()
