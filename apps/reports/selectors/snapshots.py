"""The as-of-date valuation from the weekly value snapshots (models.ValueSnapshot).

The value of each category's or location's own stock at the end of a past day D is the
snapshot of the Monday M on or before D plus the ledger lines from M to the end of D, or
the snapshot of the next Monday less the lines from the end of D to it, whichever range
is shorter (at most three and a half days: a range of the created_at index), grouped in
SQL. The snapshots are used
only while they provably match the data (`fresh_build`, three indexed queries): no part
changed since the build (unit costs and categories: Part.updated_at, indexed) and no
ledger line added since with a time before the last snapshot. Otherwise the caller
replays the ledger (selectors/valuation.py), which is always right, only slower.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, OuterRef, Subquery, Sum
from django.utils import timezone

from apps.catalog.models import Part
from apps.inventory.models import StockMovement
from apps.reports.models import SnapshotBuild, ValueSnapshot

VALUE = DecimalField(max_digits=30, decimal_places=7)
# What a snapshot row is per, as a ledger line's field (the nightly build groups by it).
NODE = {"category": "part__category_id", "location": "location_id"}


def start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def fresh_build() -> SnapshotBuild | None:
    build = SnapshotBuild.objects.order_by("-built_at").first()
    if build is None or build.last_day is None:
        return None
    parts = Part.objects.all()
    if build.parts_changed_at is not None:
        parts = parts.filter(updated_at__gt=build.parts_changed_at)
    if parts.exists():
        return None
    backdated = StockMovement.objects.filter(
        pk__gt=build.last_movement_id, created_at__lt=start_of(build.last_day)
    )
    if backdated.exists():
        return None
    return build


def own_values_from_snapshots(dimension: str, end: datetime) -> dict[int, Decimal] | None:
    """Own values at `end` (the start of a day) from the snapshots, or None when they
    cannot answer (none built, out of date, or `end` before the first one).

    From the nearer of the two Mondays around `end`: the one before plus the lines
    from it to `end`, or the one after (when built) less the lines from `end` to it.
    At most three and a half days of ledger, instead of up to a week."""
    build = fresh_build()
    if build is None:
        return None
    last_day = timezone.localdate(end - timedelta(microseconds=1))
    monday = min(monday_of(last_day), build.last_day)
    if monday < build.first_day:
        return None
    after = monday + timedelta(days=7)
    sign = 1
    if after <= build.last_day and start_of(after) - end < end - start_of(monday):
        monday, sign = after, -1
    values = dict(
        ValueSnapshot.objects.filter(dimension=dimension, day=monday).values_list("node", "value")
    )
    lines = StockMovement.objects.order_by()
    if sign > 0:
        lines = lines.filter(created_at__gte=start_of(monday), created_at__lt=end)
    else:
        lines = lines.filter(created_at__gte=end, created_at__lt=start_of(monday))
    # The part's cost (and category) looked up per line on the part's covering index:
    # joined instead, PostgreSQL hashed all 100,000 parts for a few thousand lines
    # (27–37 ms against 12–21 ms on the large set).
    part = Part.objects.filter(pk=OuterRef("part_id")).order_by()
    cost = Subquery(part.values("unit_cost")[:1])
    node = F("location_id") if dimension == "location" else Subquery(part.values("category_id")[:1])
    tail = (
        lines.annotate(node=node)
        .values("node")
        .annotate(v=Sum(ExpressionWrapper(F("quantity") * cost, output_field=VALUE)))
        .values_list("node", "v")
    )
    for node, value in tail:
        values[node] = values.get(node, Decimal(0)) + sign * (value or 0)
    return values
