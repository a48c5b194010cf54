"""Price-list rows edited in place (supplier page and part page) and the part's Suppliers tab."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.catalog.tests.factories import make_part
from apps.purchasing.models import SupplierPart
from apps.purchasing.tests.factories import make_supplier, make_supplier_part

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def test_price_list_row_edit_in_place(admin_client_user):
    client, _user = admin_client_user
    supplier = make_supplier("Acme", currency="USD")
    part = make_part("R-10")
    new_row = reverse("purchasing:supplier_part_create", args=[supplier.pk])
    form_row = client.get(new_row, **HX)
    assert b"<tr" in form_row.content and b"<html" not in form_row.content
    bad = client.post(
        new_row,
        {
            "part_sku": "nope",
            "unit_price": "-1",
            "minimum_order_quantity": "1",
            "lead_time_days": "0",
        },
        **HX,
    )
    assert bad.status_code == 422
    assert b"No part has the SKU" in bad.content and b"greater than or equal to 0" in bad.content
    assert not SupplierPart.objects.exists()
    ok = client.post(
        new_row,
        {
            "part_sku": "r-10",
            "unit_price": "0.25",
            "minimum_order_quantity": "100",
            "lead_time_days": "5",
            "is_preferred": "on",
        },
        **HX,
    )
    assert ok.status_code == 200
    sp = SupplierPart.objects.get()
    assert sp.part == part and sp.supplier == supplier
    assert sp.currency == "USD" and sp.is_preferred and b"0.25 USD" in ok.content
    assert json.loads(ok["HX-Trigger"]) == {"preferredChanged": {"part": part.pk}}
    edit = reverse("purchasing:supplier_part_edit", args=[sp.pk]) + "?ctx=supplier"
    response = client.post(
        edit,
        {
            "unit_price": "0.30",
            "currency": "EUR",
            "minimum_order_quantity": "0",
            "lead_time_days": "5",
        },
        **HX,
    )
    assert response.status_code == 422 and b"sp-row-" in response.content
    response = client.post(
        edit,
        {
            "unit_price": "0.30",
            "currency": "eur",
            "minimum_order_quantity": "50",
            "lead_time_days": "5",
        },
        **HX,
    )
    assert response.status_code == 200 and "HX-Trigger" not in response  # no longer preferred
    sp.refresh_from_db()
    assert (sp.unit_price, sp.currency, sp.minimum_order_quantity) == (Decimal("0.30"), "EUR", 50)
    row = reverse("purchasing:supplier_part_row", args=[sp.pk]) + "?ctx=supplier"
    assert client.get(row).status_code == 200  # full page too


def test_part_suppliers_tab_page_and_fragment(admin_client_user):
    client, _user = admin_client_user
    supplier = make_supplier("Acme")
    part = make_part("R-10")
    make_supplier_part(supplier, part, price="1.00", is_preferred=True)
    tab = reverse("purchasing:part_suppliers", args=[part.pk])
    full = client.get(tab)
    assert b"<html" in full.content and b"Acme" in full.content
    assert f'href="{reverse("catalog:part_detail", args=[part.pk])}"'.encode() in full.content
    fragment = client.get(tab, **HX)
    assert b"<html" not in fragment.content and b"Acme" in fragment.content
    other = make_supplier("Bolt")
    response = client.post(
        reverse("purchasing:part_supplier_create", args=[part.pk]),
        {
            "supplier": other.pk,
            "unit_price": "0.9",
            "minimum_order_quantity": "1",
            "lead_time_days": "1",
            "is_preferred": "on",
        },
        **HX,
    )
    assert response.status_code == 200
    assert SupplierPart.objects.get(is_preferred=True).supplier == other


def test_without_javascript_a_saved_or_removed_row_goes_back_to_its_list(admin_client_user):
    client, _user = admin_client_user
    supplier = make_supplier("Acme")
    part = make_part("R-10")
    response = client.post(
        reverse("purchasing:part_supplier_create", args=[part.pk]),
        {
            "supplier": supplier.pk,
            "unit_price": "0.9",
            "minimum_order_quantity": "1",
            "lead_time_days": "1",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("purchasing:part_suppliers", args=[part.pk])
    sp = SupplierPart.objects.get()
    assert (sp.supplier, sp.part, sp.unit_price, sp.currency) == (
        supplier,
        part,
        Decimal("0.9"),
        "EUR",
    )
    response = client.post(
        reverse("purchasing:supplier_part_edit", args=[sp.pk]) + "?ctx=supplier",
        {"unit_price": "1.1", "currency": "", "minimum_order_quantity": "1", "lead_time_days": "1"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("purchasing:supplier_detail", args=[supplier.pk])
    delete = reverse("purchasing:supplier_part_delete", args=[sp.pk])
    response = client.post(delete + "?ctx=part")
    assert response.status_code == 302
    assert response["Location"] == reverse("purchasing:part_suppliers", args=[part.pk])
    assert not SupplierPart.objects.exists()


def test_removing_a_row_with_htmx_answers_the_message_only(admin_client_user):
    client, _user = admin_client_user
    sp = make_supplier_part(make_supplier("Acme"), make_part("R-10"))
    response = client.post(
        reverse("purchasing:supplier_part_delete", args=[sp.pk]) + "?ctx=supplier", **HX
    )
    assert response.status_code == 200 and b"Removed R-10 from Acme" in response.content
    assert b"<tr" not in response.content and not SupplierPart.objects.exists()
    bad = make_supplier_part(make_supplier("Bolt"), make_part("R-11"))
    response = client.post(
        reverse("purchasing:supplier_part_delete", args=[bad.pk]) + "?ctx=nope", **HX
    )
    assert response.status_code == 400 and SupplierPart.objects.filter(pk=bad.pk).exists()
