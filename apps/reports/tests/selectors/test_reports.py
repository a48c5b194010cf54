"""Movements, usage and dead stock: the report's figures against sums computed here."""

from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.catalog.tests.factories import make_category, make_location, make_part
from apps.inventory.models import StockMovement
from apps.reports.models import LedgerDay
from apps.reports.selectors.movements import movement_report
from apps.reports.selectors.usage import dead_stock_report, usage_report
from apps.reports.services import value_snapshots_build
from apps.reports.tests.factories import move

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger():
    tools = make_category("Tools")
    paint = make_category("Paint")
    hall, yard = make_location("HALL"), make_location("YARD")
    drill = make_part("DRILL", category=tools, unit_cost="20")
    tin = make_part("TIN", category=paint, unit_cost="2")
    old = make_part("OLD", category=paint, unit_cost="5")
    move(old, yard, 7, days_ago=400)
    move(drill, hall, 50, days_ago=60)
    move(tin, yard, 300, days_ago=50)
    for days_ago in (40, 30, 20, 10, 2):
        move(drill, hall, -3, days_ago=days_ago, kind="issue")
        move(tin, yard, -10, days_ago=days_ago, kind="issue")
    wrong = move(tin, yard, -5, days_ago=5, kind="issue")
    move(tin, yard, 5, days_ago=4, kind="reversal", reverses=wrong)
    return {"tools": tools, "paint": paint, "drill": drill, "tin": tin, "old": old, "hall": hall}


def test_movements_per_week_by_kind(ledger):
    today = timezone.localdate()
    report = movement_report(period="week", date_from=today - timedelta(days=69), date_to=today)
    counted = Counter(
        m.kind
        for m in StockMovement.objects.all()
        if m.created_at.date() >= today - timedelta(days=69)
    )
    assert report.totals["issue"] == counted["issue"] == 11
    assert report.totals["receive"] == counted["receive"] == 2
    assert report.totals["reversal"] == 1
    assert report.totals["total"] == sum(counted.values())
    assert all(row["period"].weekday() == 0 for row in report.rows)


def test_movements_of_one_part_show_its_net_change(ledger):
    today = timezone.localdate()
    report = movement_report(
        period="month", date_from=today - timedelta(days=90), date_to=today, part=ledger["drill"]
    )
    assert report.totals["net"] == ledger["drill"].quantity_on_hand == Decimal(35)
    assert report.totals["total"] == 6


def test_movements_of_a_category_and_a_location(ledger):
    today = timezone.localdate()
    span = {"period": "month", "date_from": today - timedelta(days=90), "date_to": today}
    assert movement_report(**span, category=ledger["paint"]).totals["total"] == 8
    assert movement_report(**span, location=ledger["hall"]).totals["total"] == 6


@pytest.fixture(params=["live", "built"])
def built(request):
    """Each usage and dead-stock test runs on the ledger and on the nightly build."""
    return request.param == "built"


def test_usage_most_issued_and_days_of_cover(ledger, built):
    if built:
        value_snapshots_build()
    report = usage_report(days=90)
    issued = {row["sku"]: row for row in report.rows}
    # The tin: 5 × 10 issued (the 5 issued by mistake were reversed); the drill 5 × 3.
    assert [row["sku"] for row in report.rows] == ["TIN", "DRILL"]
    assert issued["TIN"]["issued"] == Decimal(50)
    assert issued["DRILL"]["issued"] == Decimal(15)
    # Days of cover: on hand ÷ (issued ÷ 90 days). Tin: 250 / (50 / 90) = 450.
    assert issued["TIN"]["cover"] == Decimal("450.0")
    assert issued["DRILL"]["cover"] == (Decimal(35) / (Decimal(15) / 90)).quantize(Decimal("0.1"))
    assert usage_report(days=90, category=ledger["tools"]).rows[0]["sku"] == "DRILL"


def test_dead_stock(ledger, built):
    if built:
        value_snapshots_build()
    report = dead_stock_report(days=365)
    assert [row["sku"] for row in report.rows] == ["OLD"]
    assert report.totals["value"] == Decimal("35.00")
    # Nothing has moved in the last day: everything with stock is dead over one day.
    everything = dead_stock_report(days=1)
    assert {row["sku"] for row in everything.rows} == {"OLD", "DRILL", "TIN"}
    assert everything.totals["value"] == sum(
        (p.quantity_on_hand * p.unit_cost for p in (ledger["old"], ledger["drill"], ledger["tin"])),
        Decimal(0),
    )


def test_dead_stock_shows_the_largest_values_and_counts_them_all(built):
    """More idle parts than rows shown, two of equal value at the edge: the largest
    first (ties by SKU), the count and the value of every idle part in the totals."""
    shelf = make_location("SHELF")
    for sku, quantity in (("E", 1), ("D", 3), ("B", 3), ("A", 4), ("C", 5)):
        move(make_part(sku, unit_cost="10"), shelf, quantity, days_ago=200)
    move(make_part("BUSY", unit_cost="10"), shelf, 100, days_ago=1)
    if built:
        value_snapshots_build()
    report = dead_stock_report(days=30, limit=3)
    assert [(row["sku"], row["value"]) for row in report.rows] == [
        ("C", Decimal("50.00")),
        ("A", Decimal("40.00")),
        ("B", Decimal("30.00")),
    ]
    assert report.totals == {"sku": "5 parts", "value": Decimal("160.00")}
    assert report.more == 2
    assert dead_stock_report(days=300, limit=3).totals == {"sku": "0 parts", "value": 0}


def test_a_line_after_the_build_wakes_a_dead_part(ledger):
    value_snapshots_build()
    assert [row["sku"] for row in dead_stock_report(days=365).rows] == ["OLD"]
    move(ledger["old"], ledger["hall"], -1, days_ago=0, kind="issue")
    assert dead_stock_report(days=365).rows == []
    # Usage of the standard windows is as of the build (its time is in the title).
    report = usage_report(days=90)
    assert "as of" in report.title and "OLD" not in [row["sku"] for row in report.rows]
    assert [row["sku"] for row in usage_report(days=91).rows] == ["TIN", "DRILL", "OLD"]


@pytest.mark.parametrize("period", ["day", "week", "month"])
def test_movements_from_the_nightly_day_counts_equal_the_ledger(ledger, period):
    today = timezone.localdate()
    span = {"period": period, "date_from": today - timedelta(days=59), "date_to": today}
    if period == "day":
        span["date_from"] = today - timedelta(days=45)
    live = movement_report(**span)
    value_snapshots_build()
    move(ledger["drill"], ledger["hall"], -1, days_ago=0, kind="issue")  # after the build
    built = movement_report(**span)
    assert LedgerDay.objects.exists()
    assert built.totals["issue"] == live.totals["issue"] + 1
    assert built.totals["total"] == live.totals["total"] + 1
    assert [row["total"] for row in built.rows[:-1]] == [row["total"] for row in live.rows[:-1]]
    counted = Counter(
        m.kind
        for m in StockMovement.objects.all()
        if timezone.localtime(m.created_at).date() >= span["date_from"]
    )
    assert (
        built.totals["receive"] == counted["receive"] and built.totals["issue"] == counted["issue"]
    )
