"""Supplier pages: the list, create/edit/archive and the supplier page's price list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.catalog.tests.factories import make_part
from apps.purchasing.models import Supplier
from apps.purchasing.tests.factories import make_supplier, make_supplier_part

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
SUPPLIERS = reverse("purchasing:supplier_list")


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _detail(supplier):
    return reverse("purchasing:supplier_detail", args=[supplier.pk])


def test_supplier_list_queries_do_not_grow_with_rows(admin_client_user):
    client, _user = admin_client_user
    for _ in range(5):
        make_supplier()
    few = _queries(client, SUPPLIERS + "?per_page=100")
    for _ in range(45):
        make_supplier()
    assert _queries(client, SUPPLIERS + "?per_page=100") == few


def test_supplier_list_search_sort_and_bad_params(admin_client_user):
    client, _user = admin_client_user
    make_supplier("Acme Tools")
    make_supplier("Zeta Parts", is_active=False)
    response = client.get(SUPPLIERS + "?q=acme", **HX)
    assert b"Acme Tools" in response.content and b"<html" not in response.content
    assert b"Zeta" not in client.get(SUPPLIERS).content
    assert b"Zeta" in client.get(SUPPLIERS + "?status=archived").content
    assert client.get(SUPPLIERS + "?sort=nope").status_code == 400
    assert client.get(SUPPLIERS + "?status=nope").status_code == 400


def test_supplier_list_search_swaps_the_rows_and_a_sort_the_table(admin_client_user):
    client, _user = admin_client_user
    make_supplier("Acme Tools")
    url = SUPPLIERS + "?q=acme"
    rows = client.get(url, **HX).content.decode()
    assert rows.lstrip().startswith('<tbody id="rows">') and "Acme Tools" in rows
    assert '<tfoot id="list-foot" hx-swap-oob="true">' in rows and "<thead" not in rows
    table = client.get(url + "&sort=-name", HTTP_HX_TARGET="results", **HX).content.decode()
    assert 'id="results"' in table and "<thead" in table


def test_supplier_create_edit_archive(admin_client_user):
    client, _user = admin_client_user
    response = client.post(
        reverse("purchasing:supplier_create"),
        {"name": "Acme", "code": "AC", "email": "sales@acme.example", "currency": "usd"},
    )
    supplier = Supplier.objects.get()
    assert response.status_code == 302 and response["Location"] == _detail(supplier)
    assert (
        supplier.name,
        supplier.code,
        supplier.email,
        supplier.currency,
        supplier.is_active,
    ) == ("Acme", "AC", "sales@acme.example", "USD", True)
    response = client.post(
        reverse("purchasing:supplier_create"), {"name": "ACME", "currency": "EUR"}, **HX
    )
    assert response.status_code == 422 and b"already exists" in response.content
    assert Supplier.objects.count() == 1
    edit = reverse("purchasing:supplier_edit", args=[supplier.pk])
    response = client.post(edit, {"name": "Acme Ltd", "currency": "EURO"})
    assert response.status_code == 422
    response = client.post(edit, {"name": "Acme Ltd", "currency": "GBP"})
    assert response.status_code == 302 and response["Location"] == _detail(supplier)
    supplier.refresh_from_db()
    assert (supplier.name, supplier.currency) == ("Acme Ltd", "GBP")
    archive = reverse("purchasing:supplier_archive", args=[supplier.pk])
    response = client.post(archive, {"active": "0"}, **HX)
    assert response.status_code == 204 and response["HX-Redirect"] == _detail(supplier)
    supplier.refresh_from_db()
    assert not supplier.is_active
    page = client.get(_detail(supplier))
    history = reverse("audit:record_history", args=["purchasing.supplier", supplier.pk])
    assert f'href="{history}"'.encode() in page.content
    response = client.post(archive, {"active": "1"})
    assert response.status_code == 302 and response["Location"] == _detail(supplier)
    supplier.refresh_from_db()
    assert supplier.is_active


def test_supplier_page_shows_a_page_of_the_price_list_at_constant_queries(admin_client_user):
    client, _user = admin_client_user
    supplier = make_supplier("Big Distributor")
    parts = [make_part(f"BD-{i:03d}") for i in range(60)]
    for index, part in enumerate(parts[:5]):
        make_supplier_part(supplier, part, supplier_sku=f"X-{99 - index:03d}")
    few = _queries(client, _detail(supplier))
    for index, part in enumerate(parts[5:], start=5):
        make_supplier_part(supplier, part, supplier_sku=f"X-{99 - index:03d}")
    assert _queries(client, _detail(supplier)) == few <= 10
    assert _queries(client, _detail(supplier) + "?page=3") == few
    page = client.get(_detail(supplier)).content.decode()
    assert page.count('data-testid="supplier-part-row"') == 25 and "60 parts" in page
    assert page.index("X-040") < page.index("X-041")  # in the supplier's catalogue order
    assert "BD-059" in page and "BD-010" not in page
    assert f'href="{reverse("catalog:part_detail", args=[parts[59].pk])}"' in page
    fragment = client.get(
        _detail(supplier) + "?page=3", HTTP_HX_TARGET="price-list", **HX
    ).content.decode()
    assert fragment.lstrip().startswith('<section id="price-list"') and "<html" not in fragment
    assert fragment.count('data-testid="supplier-part-row"') == 10 and 'rel="prev"' in fragment
