"""The dashboard: figures, the server-rendered chart, few queries whatever the data."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.catalog.tests.factories import make_category, make_location, make_part
from apps.core import selectors
from apps.inventory.models import MovementKind, StockItem, StockMovement


@pytest.fixture
def viewer(client, make_user):
    client.force_login(make_user("vic", role="viewer"))
    return client


def add_movements(part, location, *, days_ago: list[int]):
    item, _ = StockItem.objects.get_or_create(part=part, location=location)
    for n, ago in enumerate(days_ago):
        StockMovement.objects.create(
            kind=MovementKind.RECEIVE, stock_item=item, part=part, location=location,
            quantity=Decimal(1), quantity_after=Decimal(n + 1),
            created_at=timezone.now() - timedelta(days=ago),
        )


def test_figures_and_lowest_parts(viewer):
    category = make_category()
    make_part("LOW-1", category=category, quantity_on_hand=1, reorder_point=10, unit_cost="2")
    make_part("LOW-2", category=category, quantity_on_hand=4, reorder_point=5, unit_cost="1")
    make_part("OK-1", category=category, quantity_on_hand=9, reorder_point=5, unit_cost="1")
    make_part("OLD", category=category, is_active=False, quantity_on_hand=0, reorder_point=5)
    html = viewer.get("/").content.decode()
    summary = selectors.dashboard_summary()
    assert (summary["active_parts"], summary["below_reorder"], summary["stock_value"]) == (3, 2, Decimal("15"))
    assert [p.sku for p in summary["lowest_parts"]] == ["LOW-1", "LOW-2"]
    assert 'data-testid="below-reorder"' in html and "/parts/?below=1" in html
    assert ">15.00<" in html


def test_movements_per_day_cover_30_days_and_ignore_older_lines(db):
    part, location = make_part("M-1"), make_location("L-1")
    add_movements(part, location, days_ago=[0, 0, 0, 1, 29, 30, 200])
    per_day = selectors.movements_per_day()
    today = timezone.localdate()
    assert len(per_day) == 30
    assert per_day[today] == 3 and per_day[today - timedelta(days=1)] == 1
    assert per_day[today - timedelta(days=29)] == 1
    assert sum(per_day.values()) == 5  # 30 and 200 days ago are outside the window


def test_chart_geometry():
    today = timezone.localdate()
    per_day = {today - timedelta(days=i): count for i, count in enumerate([4, 0, 2])}
    chart = selectors.movement_chart(per_day)
    assert [bar.count for bar in chart.bars] == [2, 0, 4]  # oldest first
    tallest = chart.bars[2]
    assert tallest.y == selectors.CHART_TOP and tallest.height == chart.baseline - selectors.CHART_TOP
    assert chart.bars[1].height == 0 and chart.bars[0].height == pytest.approx(tallest.height / 2, abs=0.1)
    assert chart.busiest.day == today and chart.total == 6
    assert [(bar.day, anchor) for bar, _x, anchor in chart.labels] == [(today, "end")]


def test_chart_is_accessible_svg_with_a_table(viewer):
    add_movements(make_part("M-1"), make_location("L-1"), days_ago=[0, 2])
    html = viewer.get("/").content.decode()
    assert '<svg viewBox="0 0 1000 200"' in html and 'role="img"' in html
    assert 'aria-labelledby="chart-title chart-desc"' in html
    assert '<title id="chart-title">' in html and '<desc id="chart-desc">' in html
    assert html.count("<rect ") == 30
    assert '<table class="sr-only">' in html and "<caption>Stock movements per day</caption>" in html
    assert "<script>" not in html


def test_empty_dashboard(viewer):
    html = viewer.get("/").content.decode()
    assert "No stock movements yet." in html
    assert "Every active part is at or above its reorder point." in html


def test_queries_do_not_grow_with_the_data(viewer):
    category, location = make_category(), make_location("L-1")
    part = make_part("A-1", category=category, reorder_point=5)
    add_movements(part, location, days_ago=[0])
    viewer.get("/")
    with CaptureQueriesContext(connection) as few:
        viewer.get("/")
    for n in range(20):
        add_movements(make_part(f"B-{n}", category=category, reorder_point=5), location, days_ago=[n % 5, 40])
    with CaptureQueriesContext(connection) as many:
        response = viewer.get("/")
    assert response.status_code == 200
    assert len(few) == len(many) <= 10


def test_fragment_and_vary(viewer):
    page = viewer.get("/")
    fragment = viewer.get("/", headers={"HX-Request": "true"})
    assert b'id="summary"' in fragment.content and b"<html" not in fragment.content
    assert "HX-Request" in fragment["Vary"]
