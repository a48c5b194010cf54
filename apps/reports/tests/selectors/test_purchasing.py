"""Spend by supplier and month (placed, received), open and late orders, lead times,
in the base currency with the exchange rate shown."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.catalog.tests.factories import make_location, make_part
from apps.inventory.models import StockMovement
from apps.purchasing.models import PurchaseOrder
from apps.purchasing.services.orders import purchase_order_cancel
from apps.purchasing.services.receiving import Receipt, purchase_order_receive
from apps.purchasing.tests.factories import make_placed_order, make_supplier
from apps.reports.models import ExchangeRate
from apps.reports.selectors.purchasing import purchasing_reports

pytestmark = pytest.mark.django_db


def placed_on(order, day, *, expected=None):
    moment = timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()))
    PurchaseOrder.objects.filter(pk=order.pk).update(
        ordered_at=moment + timedelta(hours=9), expected_date=expected
    )
    order.refresh_from_db()
    return order


def receive_all(order, user, location, day):
    purchase_order_receive(
        order=order,
        receipts=[
            Receipt(line=line, quantity=line.quantity, location=location)
            for line in order.lines.all()
        ],
        user=user,
    )
    moment = timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()))
    PurchaseOrder.objects.filter(pk=order.pk).update(received_at=moment + timedelta(hours=15))

    StockMovement.objects.filter(purchase_receipt__line__order=order).update(
        created_at=moment + timedelta(hours=15)
    )


@pytest.fixture
def buying(make_user):
    user = make_user("buyer", role="purchaser")
    acme = make_supplier("Acme", currency="EUR")
    yankee = make_supplier("Yankee Tools", currency="USD")
    bolt, nut = make_part("BOLT"), make_part("NUT")
    dock = make_location("DOCK")
    ExchangeRate.objects.create(currency="USD", rate=Decimal("0.9"), valid_from=date(2000, 1, 1))
    ExchangeRate.objects.create(currency="USD", rate=Decimal("0.8"), valid_from=date(2999, 1, 1))
    return {"user": user, "acme": acme, "yankee": yankee, "bolt": bolt, "nut": nut, "dock": dock}


def test_spend_placed_and_received_by_supplier_and_month(buying):
    user, dock = buying["user"], buying["dock"]
    today = timezone.localdate()
    first = today.replace(day=1)
    last_month = (first - timedelta(days=1)).replace(day=1)
    # Last month: Acme 10 × 2.50 + 4 × 1 = 29 EUR placed, received on the 20th;
    # Yankee 100 USD placed (= 90 EUR at 0.9), not received; a cancelled order ignored.
    a = placed_on(
        make_placed_order(
            buying["acme"], user, [(buying["bolt"], 10, "2.50"), (buying["nut"], 4, "1")]
        ),
        last_month + timedelta(days=2),
        expected=last_month + timedelta(days=12),
    )
    receive_all(a, user, dock, last_month + timedelta(days=19))
    placed_on(
        make_placed_order(buying["yankee"], user, [(buying["bolt"], 50, "2")]),
        last_month + timedelta(days=5),
    )
    cancelled = make_placed_order(buying["acme"], user, [(buying["nut"], 1000, "1")])
    purchase_order_cancel(order=cancelled, user=user)
    placed_on(cancelled, last_month + timedelta(days=3))
    # This month: Acme 3 × 2.50 placed (not counted last month).
    placed_on(make_placed_order(buying["acme"], user, [(buying["bolt"], 3, "2.50")]), first)

    spend, months, open_orders, leads = purchasing_reports(
        date_from=last_month, date_to=first - timedelta(days=1)
    )
    by_supplier = {row["supplier"]: row for row in spend.rows}
    assert by_supplier["Acme"]["placed"] == Decimal("29.00")
    assert by_supplier["Acme"]["received"] == Decimal("29.00")
    assert by_supplier["Yankee Tools"]["placed"] == Decimal("90.00")
    assert by_supplier["Yankee Tools"]["received"] == Decimal("0.00")
    assert spend.totals["placed"] == Decimal("119.00")
    assert [r.currency for r in spend.rates] == ["USD"] and spend.rates[0].rate == Decimal("0.9")
    assert "1 USD = 0.9 EUR" in " ".join(spend.notes)
    assert [(row["month"], row["placed"]) for row in months.rows] == [
        (last_month.strftime("%Y-%m"), Decimal("119.00"))
    ]
    # Lead time: promised 10 days, delivered after 17.
    assert leads.rows == [
        {
            "supplier": "Acme",
            "url": leads.rows[0]["url"],
            "orders": 1,
            "promised": Decimal("10.0"),
            "actual": Decimal("17.0"),
            "late": 1,
        }
    ]
    # Open: Yankee's order (no expected date: not late) and this month's Acme order.
    opened = {row["supplier"]: row for row in open_orders.rows}
    assert opened["Yankee Tools"]["open_value"] == Decimal("90.00")
    assert opened["Acme"]["open_value"] == Decimal("7.50")


def test_late_orders_and_a_currency_without_a_rate(buying):
    user = buying["user"]
    pounds = make_supplier("Brit", currency="GBP")
    today = timezone.localdate()
    placed_on(
        make_placed_order(pounds, user, [(buying["bolt"], 2, "10")]),
        today - timedelta(days=9),
        expected=today - timedelta(days=1),
    )
    spend, _, open_orders, _ = purchasing_reports(
        date_from=today - timedelta(days=30), date_to=today
    )
    assert spend.totals["placed"] == Decimal("0")
    assert any("No exchange rate for GBP" in note for note in spend.notes)
    assert open_orders.rows[0]["late_orders"] == 1
