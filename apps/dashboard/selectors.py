"""Read-side queries for the dashboard.

Five queries whatever the size of the data: one aggregate over parts (counts, stock
value, below reorder point), one count of locations, the ten latest ledger lines (the
`movement_recent_idx` index, newest first), the few parts furthest below their reorder
point, and movements per day over 30 days, a range scan of the same created_at index
bounded by the window (never the whole 1,000,000-line ledger).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from apps.catalog.models import Part
from apps.inventory.models import Location, StockMovement

CHART_DAYS = 30
CHART_WIDTH = 1000
CHART_HEIGHT = 200
CHART_TOP = 10  # room above the tallest bar
CHART_BOTTOM = 2  # the axis line (the date labels are drawn apart, at page size)


@dataclass(frozen=True)
class Bar:
    day: date
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class MovementChart:
    bars: list[Bar]
    total: int
    peak: int
    busiest: Bar | None
    first_day: date
    last_day: date
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    baseline: int = CHART_HEIGHT - CHART_BOTTOM

    @property
    def labels(self) -> list[tuple[Bar, float, str]]:
        """Dates written under the axis: one a week, counted back from today so that
        today is labelled; (bar, x as a percentage of the width, text-anchor).

        In percent because they are drawn in an SVG of their own without a viewBox, at
        the page's text size: inside the scaled chart they shrank to 4 px on a phone."""
        last = len(self.bars) - 1
        return [
            (bar, round((bar.x + bar.width) * 100 / self.width, 2), "end")
            if index == last
            else (bar, round((bar.x + bar.width / 2) * 100 / self.width, 2), "middle")
            for index, bar in enumerate(self.bars)
            if (last - index) % 7 == 0
        ]


def movements_per_day(*, days: int = CHART_DAYS, today: date | None = None) -> dict[date, int]:
    """Ledger lines per local day over the last `days` days, today included."""
    today = today or timezone.localdate()
    first_day = today - timedelta(days=days - 1)
    start = timezone.make_aware(datetime.combine(first_day, time.min))
    rows = (
        StockMovement.objects.filter(created_at__gte=start)
        .order_by()
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    counts = dict(rows)
    return {
        first_day + timedelta(days=i): counts.get(first_day + timedelta(days=i), 0)
        for i in range(days)
    }


def movement_chart(per_day: dict[date, int]) -> MovementChart:
    """Bar geometry for the inline SVG: the template only draws what this computes."""
    days = sorted(per_day)
    peak = max(per_day.values(), default=0)
    plot_height = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    slot = CHART_WIDTH / max(len(days), 1)
    bars = []
    for index, day in enumerate(days):
        count = per_day[day]
        height = round(plot_height * count / peak, 1) if peak else 0
        bars.append(
            Bar(
                day=day,
                count=count,
                x=round(index * slot + slot * 0.15, 1),
                y=round(CHART_HEIGHT - CHART_BOTTOM - height, 1),
                width=round(slot * 0.7, 1),
                height=height,
            )
        )
    busiest = max(bars, key=lambda bar: bar.count) if peak else None
    return MovementChart(
        bars=bars,
        total=sum(per_day.values()),
        peak=peak,
        busiest=busiest,
        first_day=days[0],
        last_day=days[-1],
    )


def dashboard_summary() -> dict:
    parts = Part.objects.aggregate(
        total=Count("id"),
        active=Count("id", filter=Q(is_active=True)),
        below_reorder=Count(
            "id", filter=Q(is_active=True, quantity_on_hand__lt=F("reorder_point"))
        ),
        stock_value=Sum(F("quantity_on_hand") * F("unit_cost")),
    )
    lowest = list(
        Part.objects.filter(is_active=True, quantity_on_hand__lt=F("reorder_point"))
        .annotate(shortfall=F("reorder_point") - F("quantity_on_hand"))
        .order_by("-shortfall", "sku")
        .only("pk", "sku", "name", "quantity_on_hand", "reorder_point", "unit")[:5]
    )
    return {
        "parts": parts["total"],
        "active_parts": parts["active"],
        "below_reorder": parts["below_reorder"],
        "stock_value": parts["stock_value"] or 0,
        "locations": Location.objects.count(),
        "lowest_parts": lowest,
        "recent_movements": list(
            StockMovement.objects.select_related("part", "location", "user")[:10]
        ),
        "chart": movement_chart(movements_per_day()),
    }
