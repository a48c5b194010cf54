"""The dashboard page: figures, the server-rendered chart, few queries whatever the data."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.catalog.tests.factories import make_category, make_location, make_part
from apps.dashboard import selectors
from apps.dashboard.tests.factories import add_movements

URL = reverse("dashboard:dashboard")


def test_figures_and_lowest_parts(viewer):
    category = make_category()
    make_part("LOW-1", category=category, quantity_on_hand=1, reorder_point=10, unit_cost="2")
    make_part("LOW-2", category=category, quantity_on_hand=4, reorder_point=5, unit_cost="1")
    make_part("OK-1", category=category, quantity_on_hand=9, reorder_point=5, unit_cost="1")
    make_part("OLD", category=category, is_active=False, quantity_on_hand=0, reorder_point=5)
    html = viewer.get(URL).content.decode()
    summary = selectors.dashboard_summary()
    assert (summary["active_parts"], summary["below_reorder"], summary["stock_value"]) == (
        3,
        2,
        Decimal("15"),
    )
    assert [p.sku for p in summary["lowest_parts"]] == ["LOW-1", "LOW-2"]
    assert (
        'data-testid="below-reorder"' in html and reverse("catalog:part_list") + "?below=1" in html
    )
    assert ">15.00<" in html


def test_chart_is_accessible_svg_with_a_table(viewer):
    add_movements(make_part("M-1"), make_location("L-1"), days_ago=[0, 2])
    html = viewer.get(URL).content.decode()
    assert '<svg viewBox="0 0 1000 200"' in html and 'role="img"' in html
    assert 'aria-labelledby="chart-title chart-desc"' in html
    assert '<title id="chart-title">' in html and '<desc id="chart-desc">' in html
    assert html.count("<rect ") == 30
    assert (
        '<table class="sr-only">' in html and "<caption>Stock movements per day</caption>" in html
    )
    assert "<script>" not in html


def test_empty_dashboard(viewer):
    html = viewer.get(URL).content.decode()
    assert "No stock movements yet." in html
    assert "Every active part is at or above its reorder point." in html


def test_queries_do_not_grow_with_the_data(viewer):
    category, location = make_category(), make_location("L-1")
    part = make_part("A-1", category=category, reorder_point=5)
    add_movements(part, location, days_ago=[0])
    viewer.get(URL)
    with CaptureQueriesContext(connection) as few:
        viewer.get(URL)
    for n in range(20):
        add_movements(
            make_part(f"B-{n}", category=category, reorder_point=5), location, days_ago=[n % 5, 40]
        )
    with CaptureQueriesContext(connection) as many:
        response = viewer.get(URL)
    assert response.status_code == 200
    assert len(few) == len(many) <= 10


def test_fragment_and_vary(viewer):
    page = viewer.get(URL)
    fragment = viewer.get(URL, headers={"HX-Request": "true"})
    assert b"<html" in page.content
    assert b'id="summary"' in fragment.content and b"<html" not in fragment.content
    assert "HX-Request" in fragment["Vary"]
