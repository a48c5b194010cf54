"""Packs on the pages: the price list's price per pack and per unit, an order line in packs
with its units beside it, receiving packs into stock units, whole units refused (422)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from apps.catalog.tests.factories import make_location, make_part
from apps.inventory.models import StockMovement
from apps.purchasing.models import PurchaseOrder, SupplierPart
from apps.purchasing.tests.factories import make_placed_order, make_supplier, make_supplier_part

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def boxed():
    supplier = make_supplier("Acme")
    part = make_part("R-1")
    sp = make_supplier_part(supplier, part, "12.50", pack_size=Decimal(100), pack_name="box of 100")
    return supplier, part, sp


def test_price_lists_show_the_pack_price_and_the_unit_price_beside_it(admin_client_user, boxed):
    client, _ = admin_client_user
    supplier, part, _sp = boxed
    for url in (
        reverse("purchasing:supplier_detail", args=[supplier.pk]),
        reverse("purchasing:part_suppliers", args=[part.pk]),
    ):
        html = client.get(url, **HX).content.decode()
        assert "Price (per pack)" in html
        assert "box of 100" in html and "= 100 pcs" in html
        assert (
            '<span class="block text-xs text-slate-500" data-testid="price-per-unit">0.125 EUR per pcs</span>'
            in html
        )


def test_a_price_list_row_takes_a_pack_and_refuses_a_bad_one(admin_client_user):
    client, _ = admin_client_user
    supplier = make_supplier("Acme")
    make_part("R-1")
    url = reverse("purchasing:supplier_part_create", args=[supplier.pk])
    row = {"part_sku": "R-1", "unit_price": "9", "minimum_order_quantity": "1",
           "lead_time_days": "0"}  # fmt: skip
    for size, message in (("0", "A pack holds more than 0 units."), ("2.5", "whole numbers")):
        bad = client.post(url, {**row, "pack_size": size}, **HX)
        assert bad.status_code == 422 and message in bad.content.decode()
    assert not SupplierPart.objects.exists()
    ok = client.post(url, {**row, "pack_size": "10", "pack_name": "bag of 10"}, **HX)
    assert ok.status_code == 200
    sp = SupplierPart.objects.get()
    assert (sp.pack_size, sp.pack_name) == (10, "bag of 10")
    assert b"0.9 EUR per pcs" in ok.content
    # Without a pack size (older forms, imports): sold by the unit.
    other = make_part("R-2")
    client.post(url, {**row, "part_sku": "R-2"}, **HX)
    assert SupplierPart.objects.get(part=other).pack_size == 1


def _order_data(supplier, part, quantity, price="12.50"):
    return {
        "supplier": supplier.pk, "expected_date": "", "notes": "",
        "lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0", "lines-MAX_NUM_FORMS": "200",
        "lines-0-part": part.pk, "lines-0-quantity": quantity, "lines-0-unit_price": price,
    }  # fmt: skip


def test_an_order_line_is_entered_in_packs_and_shows_its_units(admin_client_user, boxed):
    client, _ = admin_client_user
    supplier, part, _sp = boxed
    totals = client.post(
        reverse("purchasing:purchase_order_totals"), _order_data(supplier, part, "2"), **HX
    ).content.decode()
    assert "= 200 pcs" in totals and "In packs: box of 100 = 100 pcs" in totals
    assert "25.00" in totals  # 2 boxes at 12.50
    refused = client.post(
        reverse("purchasing:purchase_order_create"), _order_data(supplier, part, "1.5"), **HX
    )
    assert refused.status_code == 422
    assert "is ordered in whole packs (box of 100)" in refused.content.decode()
    assert not PurchaseOrder.objects.exists()
    created = client.post(
        reverse("purchasing:purchase_order_create"), _order_data(supplier, part, "2"), **HX
    )
    assert created.status_code == 204
    order = PurchaseOrder.objects.get()
    line = order.lines.get()
    assert (line.quantity, line.pack_size) == (2, 100)
    page = client.get(order.get_absolute_url()).content.decode()
    assert "= 200 pcs" in page  # a draft opens in its form


def test_fractional_pieces_are_refused_with_422(admin_client_user):
    client, _ = admin_client_user
    supplier, part = make_supplier("Bolt"), make_part("S-1")
    response = client.post(
        reverse("purchasing:purchase_order_create"), _order_data(supplier, part, "2.5", "1"), **HX
    )
    assert response.status_code == 422
    assert "pcs are counted in whole numbers" in response.content.decode()
    assert not PurchaseOrder.objects.exists()


def test_receiving_two_boxes_books_two_hundred_pieces(admin_client_user, boxed):
    client, user = admin_client_user
    supplier, part, _sp = boxed
    make_location("SH-1")
    order = make_placed_order(supplier, user, [(part, 3, "12.50")])
    line = order.lines.get()
    url = reverse("purchasing:purchase_order_receive", args=[order.pk])
    page = client.get(url).content.decode()
    assert "3 packs of 100" in page and "= 300 pcs" in page
    data = {f"line-{line.pk}-quantity": "0.5", f"line-{line.pk}-location": "SH-1"}
    refused = client.post(url, data, **HX)
    assert refused.status_code == 422 and "receive whole packs" in refused.content.decode()
    ok = client.post(url, {**data, f"line-{line.pk}-quantity": "2"}, **HX)
    assert ok.status_code == 204
    assert StockMovement.objects.get().quantity == 200
    part.refresh_from_db()
    line.refresh_from_db()
    assert part.quantity_on_hand == 200 and line.received_quantity == 2


def test_the_reorder_list_suggests_whole_packs(admin_client_user, boxed):
    client, _ = admin_client_user
    _supplier, part, sp = boxed
    SupplierPart.objects.filter(pk=sp.pk).update(is_preferred=True)
    part.reorder_point, part.reorder_quantity = Decimal(50), Decimal(130)
    part.save()
    html = client.get(reverse("purchasing:purchase_order_reorder")).content.decode()
    assert 'value="200" inputmode="decimal" data-testid="suggested"' in html  # 2 boxes
    assert "packs of 100 pcs: the quantity is rounded up to whole packs" in html
