"""The dashboard's figures: movements per day over 30 days, the chart's geometry."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.catalog.tests.factories import make_location, make_part
from apps.dashboard import selectors
from apps.dashboard.tests.factories import add_movements


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
    assert (
        tallest.y == selectors.CHART_TOP and tallest.height == chart.baseline - selectors.CHART_TOP
    )
    assert chart.bars[1].height == 0 and chart.bars[0].height == pytest.approx(
        tallest.height / 2, abs=0.1
    )
    assert chart.busiest.day == today and chart.total == 6
    assert [(bar.day, anchor) for bar, _x, anchor in chart.labels] == [(today, "end")]
