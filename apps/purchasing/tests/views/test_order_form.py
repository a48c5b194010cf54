"""The order form: lines kept on errors, added and removed, live totals, the part picker,
and a draft saved on its own page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from apps.catalog.tests.factories import make_part
from apps.purchasing.models import PurchaseOrder, Status
from apps.purchasing.tests.factories import make_order, make_supplier, make_supplier_part

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
NEW_ORDER = reverse("purchasing:purchase_order_create")
LINES = reverse("purchasing:purchase_order_lines")


def _order_post(supplier, lines, **extra):
    data = {
        "supplier": supplier.pk,
        "expected_date": "",
        "notes": "",
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "200",
    }
    for i, line in enumerate(lines):
        for key, value in line.items():
            data[f"lines-{i}-{key}"] = value
    data.update(extra)
    return data


def test_order_form_keeps_all_rows_on_error_and_saves_nothing(admin_client_user):
    client, user = admin_client_user
    supplier = make_supplier()
    a, b, c = make_part("A-1"), make_part("B-1"), make_part("C-1")
    data = _order_post(
        supplier,
        [
            {"part": a.pk, "part_label": "A-1 typed", "quantity": "3", "unit_price": "2"},
            {"part": b.pk, "part_label": "B-1 typed", "quantity": "-4", "unit_price": "abc"},
            {"part": c.pk, "part_label": "C-1 typed", "quantity": "5", "unit_price": "1.5"},
        ],
        notes="Deliver to gate 2",
        expected_date="2030-01-31",
    )
    response = client.post(NEW_ORDER, data, **HX)
    assert response.status_code == 422
    body = response.content.decode()
    assert body.count('data-testid="order-line"') == 3
    for text in ("A-1 typed", "B-1 typed", "C-1 typed", 'value="-4"', 'value="abc"'):
        assert text in body
    assert "Must be more than zero." in body and "Enter a number." in body
    assert not PurchaseOrder.objects.exists()
    data["lines-1-quantity"], data["lines-1-unit_price"] = "4", "1"
    response = client.post(NEW_ORDER, data, **HX)
    assert response.status_code == 204
    order = PurchaseOrder.objects.get()
    assert response["HX-Redirect"] == reverse("purchasing:purchase_order_detail", args=[order.pk])
    assert (
        order.status,
        order.supplier,
        order.created_by,
        order.notes,
        str(order.expected_date),
    ) == (Status.DRAFT, supplier, user, "Deliver to gate 2", "2030-01-31")
    assert list(order.lines.values_list("part__sku", "quantity", "unit_price")) == [
        ("A-1", Decimal(3), Decimal(2)),
        ("B-1", Decimal(4), Decimal(1)),
        ("C-1", Decimal(5), Decimal("1.5")),
    ]


def test_create_without_javascript_redirects_to_the_order(admin_client_user):
    client, _user = admin_client_user
    supplier = make_supplier()
    part = make_part("A-1")
    response = client.post(
        NEW_ORDER, _order_post(supplier, [{"part": part.pk, "quantity": "2", "unit_price": "3"}])
    )
    order = PurchaseOrder.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("purchasing:purchase_order_detail", args=[order.pk])
    assert list(order.lines.values_list("part", "quantity")) == [(part.pk, Decimal(2))]


def test_new_order_form_starts_with_the_supplier_of_the_link(admin_client_user):
    client, _user = admin_client_user
    supplier = make_supplier("Acme", currency="USD")
    body = client.get(NEW_ORDER, {"supplier": supplier.pk}).content.decode()
    assert f'<option value="{supplier.pk}" selected>' in body
    assert body.count('data-testid="order-line"') == 1


def test_line_without_part_and_empty_order_are_errors(admin_client_user):
    client, _user = admin_client_user
    supplier = make_supplier()
    response = client.post(
        NEW_ORDER,
        _order_post(
            supplier, [{"part": "", "part_label": "something", "quantity": "1", "unit_price": "1"}]
        ),
        **HX,
    )
    assert (
        response.status_code == 422 and b"Choose a part from the suggestions." in response.content
    )
    response = client.post(NEW_ORDER, _order_post(supplier, []), **HX)
    assert response.status_code == 422 and b"at least one line" in response.content
    assert not PurchaseOrder.objects.exists()


def test_add_line_keeps_values_and_remove_stays_removed(admin_client_user):
    client, _user = admin_client_user
    supplier = make_supplier()
    a, b = make_part("A-1"), make_part("B-1")
    data = _order_post(
        supplier,
        [
            {"part": a.pk, "part_label": "A-1 x", "quantity": "3", "unit_price": "2"},
            {"part": b.pk, "part_label": "B-1 x", "quantity": "7", "unit_price": "1"},
        ],
    )
    added = client.post(LINES, {**data, "add_line": "1"}, **HX)
    body = added.content.decode()
    assert added.status_code == 200 and "<html" not in body
    assert body.count('data-testid="order-line"') == 3 and "A-1 x" in body and 'value="7"' in body
    assert 'name="lines-TOTAL_FORMS" value="3"' in body
    removed = client.post(LINES, {**data, "remove_line": "0"}, **HX)
    body = removed.content.decode()
    assert (
        body.count('data-testid="order-line"') == 1
        and body.count('data-testid="deleted-line"') == 1
    )
    assert 'name="lines-0-DELETE" value="on"' in body
    # Saving with the removed line marked: it is not created.
    response = client.post(NEW_ORDER, {**data, "lines-0-DELETE": "on"}, **HX)
    assert response.status_code == 204
    assert list(PurchaseOrder.objects.get().lines.values_list("part__sku", flat=True)) == ["B-1"]


def test_lines_refuses_bad_input_and_sends_a_get_back_to_the_form(admin_client_user):
    client, _user = admin_client_user
    data = _order_post(make_supplier(), [{"part": "", "quantity": "1", "unit_price": "1"}])
    response = client.get(LINES)
    assert response.status_code == 302 and response["Location"] == NEW_ORDER
    assert client.post(LINES, {**data, "remove_line": "5"}, **HX).status_code == 400
    assert client.post(LINES, {**data, "lines-TOTAL_FORMS": "x"}, **HX).status_code == 400
    assert client.post(LINES + "?order=999999", data, **HX).status_code == 404


def test_removed_line_of_a_draft_is_deleted_on_save(admin_client_user):
    client, user = admin_client_user
    supplier = make_supplier()
    a, b = make_part("A-1"), make_part("B-1")
    order = make_order(supplier, user, [(a, 1, 1), (b, 2, 2)])
    detail = reverse("purchasing:purchase_order_detail", args=[order.pk])
    page = client.get(detail)
    assert page.status_code == 200 and b"Save draft" in page.content
    la, lb = order.lines.order_by("position")
    data = _order_post(
        supplier,
        [
            {"line_id": la.pk, "part": a.pk, "quantity": "1", "unit_price": "1", "DELETE": "on"},
            {"line_id": lb.pk, "part": b.pk, "quantity": "9", "unit_price": "2"},
        ],
        **{"lines-INITIAL_FORMS": "2"},
    )
    response = client.post(detail, data, **HX)
    assert response.status_code == 204 and response["HX-Redirect"] == detail
    assert list(order.lines.values_list("part__sku", "quantity")) == [("B-1", Decimal("9"))]


def test_totals_are_computed_by_the_server(admin_client_user):
    client, _user = admin_client_user
    supplier = make_supplier(currency="USD")
    a = make_part("A-1")
    data = _order_post(
        supplier,
        [
            {"part": a.pk, "quantity": "3", "unit_price": "2.5"},
            {"part": "", "quantity": "x", "unit_price": "1"},
        ],
    )
    response = client.post(reverse("purchasing:purchase_order_totals"), data, **HX)
    body = response.content.decode()
    assert 'id="lines-0-total" hx-swap-oob="true"' in body and "7.50" in body
    assert 'id="order-total" hx-swap-oob="true"' in body and "7.50 USD" in body


def test_part_suggestions_show_supplier_terms(admin_client_user):
    client, _user = admin_client_user
    supplier = make_supplier()
    a = make_part("RES-1", name="Resistor")
    make_part("RES-2", name="Resistor 2", is_active=False)
    make_supplier_part(supplier, a, price="0.12", minimum_order_quantity=Decimal(100))
    suggestions = reverse("purchasing:purchase_order_part_suggestions")
    response = client.get(
        suggestions,
        {"prefix": "lines-0", "lines-0-part_label": "res", "supplier": supplier.pk},
        **HX,
    )
    body = response.content.decode()
    assert 'data-price="0.12"' in body and 'data-moq="100"' in body and "RES-2" not in body
    assert client.get(suggestions, {"prefix": "evil"}).status_code == 400


# Issue 12, item 20: numbers past the decimal context's range (the line total raised
# Overflow) and an empty added line (no part in cleaned_data) were 500s.
HUGE = "1E+999999999"


def test_issue12_item20_huge_numbers_on_order_lines_are_422_not_500(admin_client_user):
    client, _user = admin_client_user
    supplier = make_supplier()
    part = make_part("A-1")
    line = {"part": part.pk, "part_label": "A-1", "quantity": HUGE, "unit_price": HUGE}
    data = _order_post(supplier, [line])
    totals = client.post(reverse("purchasing:purchase_order_totals"), data, **HX)
    assert totals.status_code == 200  # no total to show for such a line
    response = client.post(NEW_ORDER, data, **HX)
    assert response.status_code == 422
    assert "Ensure that there are no more than 14 digits in total." in response.content.decode()
    assert not PurchaseOrder.objects.exists()


def test_issue12_item20_an_empty_added_line_is_422_with_messages(admin_client_user):
    client, _user = admin_client_user
    supplier = make_supplier()
    part = make_part("A-1")
    data = _order_post(
        supplier,
        [
            {"part": part.pk, "part_label": "A-1", "quantity": "2", "unit_price": "1"},
            {"part": "", "part_label": "", "quantity": "", "unit_price": ""},  # "Add line"
        ],
    )
    response = client.post(NEW_ORDER, data, **HX)
    assert response.status_code == 422
    body = response.content.decode()
    assert "Choose a part from the suggestions." in body and "Enter a quantity." in body
    assert not PurchaseOrder.objects.exists()
    data["lines-1-DELETE"] = "on"  # removed again: the order saves
    assert client.post(NEW_ORDER, data, **HX).status_code == 204
