"""The report pages: who sees them, what they show, their files, and a number of queries
that does not grow with the data."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.catalog.tests.factories import make_category, make_location, make_part
from apps.purchasing.tests.factories import make_placed_order, make_supplier
from apps.reports.models import ExchangeRate
from apps.reports.tests.factories import move

pytestmark = pytest.mark.django_db

PAGES = [
    "reports:index",
    "reports:value_by_category",
    "reports:value_by_location",
    "reports:movements",
    "reports:usage",
    "reports:dead_stock",
    "reports:purchasing",
]


def add_data(n: int, user):
    """n categories, locations, parts with a few ledger lines each, and n orders."""
    root = make_category(f"Root {n}")
    place = make_location(f"P{n}")
    supplier = make_supplier(f"S{n}", currency="USD")
    for i in range(n):
        category = make_category(f"C{n}-{i}", parent=root)
        location = make_location(f"P{n}-{i}", parent=place)
        part = make_part(f"X{n}-{i}", category=category, unit_cost="2")
        move(part, location, 10, days_ago=30 + i)
        move(part, location, -2, days_ago=5, kind="issue")
        make_placed_order(supplier, user, [(part, 1, "3")])


@pytest.mark.parametrize("role", ["viewer", "clerk"])
def test_viewers_and_clerks_do_not_see_reports(request, role):
    client = request.getfixturevalue(role)
    assert client.get(reverse("reports:value_by_category")).status_code == 403
    assert (
        "Reports"
        not in client.get(reverse("dashboard:dashboard")).content.decode().split("<main")[0]
    )


def test_managers_and_purchasers_see_reports(manager, purchaser):
    for client in (manager, purchaser):
        for name in PAGES:
            assert client.get(reverse(name)).status_code == 200, name
    nav = manager.get(reverse("dashboard:dashboard")).content.decode()
    assert f'href="{reverse("reports:index")}"' in nav


def test_value_page_shows_chart_table_total_and_currency(manager):
    tools = make_category("Tools")
    make_category("Drills", parent=tools)
    move(make_part("P-1", category=tools, unit_cost="1234.5"), make_location("L-1"), 2, days_ago=3)
    html = manager.get(reverse("reports:value_by_category")).content.decode()
    assert 'role="img"' in html and "<rect " in html and "<script>" not in html
    assert "Value (EUR)" in html and "2,469.00" in html
    past = manager.get(
        reverse("reports:value_by_category"),
        {"as_of": f"{timezone.localdate() - timedelta(days=5):%Y-%m-%d}"},
    )
    assert "Nothing to report" in past.content.decode()


def test_bad_filters_are_refused_in_place(manager):
    future = f"{timezone.localdate() + timedelta(days=2):%Y-%m-%d}"
    response = manager.get(reverse("reports:value_by_category"), {"as_of": future})
    assert (
        response.status_code == 400
        and "Choose today or a day in the past." in response.content.decode()
    )
    response = manager.get(
        reverse("reports:movements"), {"period": "day", "date_from": "2020-01-01"}
    )
    assert response.status_code == 400 and "At most 92 days" in response.content.decode()
    fragment = manager.get(
        reverse("reports:value_by_category"), {"as_of": future}, HTTP_HX_REQUEST="true"
    )
    assert (
        fragment.status_code == 422
        and "As of (end of day): Choose today" in fragment.content.decode()
    )
    response = manager.get(reverse("reports:movements"), {"part": "NOPE"})
    assert "There is no part with SKU" in response.content.decode()


def test_exports_are_the_table_shown(manager):
    category = make_category("Tools")
    move(make_part("P-1", category=category, unit_cost="2.5"), make_location("L-1"), 4, days_ago=3)
    url = reverse("reports:value_by_category")
    csv = b"".join(manager.get(url, {"format": "csv"}).streaming_content).decode()
    assert csv.splitlines() == ["Category,Value (EUR),Share %", "Tools,10,100", "Total,10,100"]
    response = manager.get(url, {"format": "xlsx"})
    sheet = load_workbook(__import__("io").BytesIO(b"".join(response.streaming_content))).active
    assert [cell.value for cell in sheet[2]] == ["Tools", 10, 100]
    assert manager.get(url, {"format": "pdf"}).status_code == 404
    purchasing = reverse("reports:purchasing")
    lead = b"".join(manager.get(purchasing, {"format": "csv", "section": "lead"}).streaming_content)
    assert lead.decode().startswith("Supplier,Orders received")
    assert manager.get(purchasing, {"format": "csv", "section": "nope"}).status_code == 404


def test_spend_is_converted_and_the_rate_shown(manager, make_user):
    ExchangeRate.objects.create(currency="USD", rate=Decimal("0.5"), valid_from=date(2020, 1, 1))
    add_data(2, make_user("buyer", role="purchaser"))
    html = manager.get(reverse("reports:purchasing")).content.decode()
    assert "1 USD = 0.5 EUR" in html
    assert "6.00 USD" in html and "3.00" in html


@pytest.mark.parametrize("name", PAGES[1:])
def test_queries_do_not_grow_with_the_data(manager, make_user, name):
    user = make_user("buyer", role="purchaser")
    ExchangeRate.objects.create(currency="USD", rate=Decimal("0.5"), valid_from=date(2020, 1, 1))
    add_data(2, user)
    params = (
        {"as_of": f"{timezone.localdate() - timedelta(days=10):%Y-%m-%d}"}
        if "value" in name
        else {}
    )
    manager.get(reverse(name), params)
    with CaptureQueriesContext(connection) as few:
        assert manager.get(reverse(name), params).status_code == 200
    add_data(12, user)
    with CaptureQueriesContext(connection) as many:
        assert manager.get(reverse(name), params).status_code == 200
    assert len(many) == len(few) <= 12, [q["sql"] for q in many]
