"""Ledger lines per day, week or month and kind, for one part, a category (and below)
or a location (and below): one GROUP BY over the created_at range of the ledger (an
index-only range of movement_created_cover_idx on PostgreSQL). The whole ledger, with no
such filter, comes from the nightly per-day counts (LedgerDay) and the lines since."""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, DateField, Sum
from django.db.models.functions import Trunc
from django.utils import timezone

from apps.inventory.models import MovementKind, StockMovement
from apps.reports.models import LedgerDay, SnapshotBuild
from apps.reports.selectors.report import Column, Report, bar_chart
from apps.reports.selectors.valuation import end_of_day

PERIODS = {"day": "Day", "week": "Week", "month": "Month"}


def period_start(day: date, period: str) -> date:
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    return day


def next_period(day: date, period: str) -> date:
    if period == "week":
        return day + timedelta(days=7)
    if period == "month":
        return (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return day + timedelta(days=1)


def periods_between(first: date, last: date, period: str) -> list[date]:
    days, day = [], period_start(first, period)
    while day <= last:
        days.append(day)
        day = next_period(day, period)
    return days


def _from_ledger_days(*, period: str, date_from: date, date_to: date) -> list | None:
    """The whole ledger's (period, kind, lines, quantity) from the nightly LedgerDay rows
    for the days before the last build, and the ledger itself from that day on (at most
    the lines since the build). None when there is no build or a line was added since
    with an earlier time (then the caller sums the ledger)."""
    build = SnapshotBuild.objects.order_by("-built_at").first()
    if build is None:
        return None
    built_day = timezone.localdate(build.built_at)
    backdated = StockMovement.objects.filter(
        pk__gt=build.last_movement_id, created_at__lt=end_of_day(built_day - timedelta(days=1))
    )
    if backdated.exists():
        return None
    sums: dict[tuple, list] = {}

    def add(day, kind, n, q):
        entry = sums.setdefault((period_start(day, period), kind), [0, Decimal(0)])
        entry[0] += n
        entry[1] += q or 0

    days = LedgerDay.objects.filter(day__gte=date_from, day__lte=date_to, day__lt=built_day)
    for day, kind, n, q in days.values_list("day", "kind", "lines", "quantity"):
        add(day, kind, n, q)
    if date_to >= built_day:
        live = (
            StockMovement.objects.order_by()
            .filter(
                created_at__gte=end_of_day(max(built_day, date_from) - timedelta(days=1)),
                created_at__lt=end_of_day(date_to),
            )
            .annotate(day=Trunc("created_at", "day", output_field=DateField()))
            .values("day", "kind")
            .annotate(n=Count("id"), q=Sum("quantity"))
            .values_list("day", "kind", "n", "q")
        )
        for day, kind, n, q in live:
            add(day, kind, n, q)
    return [(day, kind, n, q) for (day, kind), (n, q) in sums.items()]


def movement_report(
    *,
    period: str,
    date_from: date,
    date_to: date,
    part=None,
    category=None,
    location=None,
) -> Report:
    lines = StockMovement.objects.order_by().filter(
        created_at__gte=end_of_day(date_from - timedelta(days=1)),
        created_at__lt=end_of_day(date_to),
    )
    scope = []
    if part is not None:
        lines = lines.filter(part=part)
        scope.append(f"part {part.sku}")
    if category is not None:
        lines = lines.filter(part__category__path__startswith=category.path)
        scope.append(f"category {category.name} and below")
    if location is not None:
        lines = lines.filter(location__path__startswith=location.path)
        scope.append(f"location {location.code} and below")
    rows = None
    if part is None and category is None and location is None:
        rows = _from_ledger_days(period=period, date_from=date_from, date_to=date_to)
    if rows is None:
        rows = (
            lines.annotate(p=Trunc("created_at", period, output_field=DateField()))
            .values("p", "kind")
            .annotate(n=Count("id"), q=Sum("quantity"))
            .values_list("p", "kind", "n", "q")
        )
    table: dict[date, dict] = {
        day: {"period": day, "total": 0, "net": Decimal(0)}
        for day in periods_between(date_from, date_to, period)
    }
    for day, kind, n, q in rows:
        row = table.setdefault(day, {"period": day, "total": 0, "net": Decimal(0)})
        row[kind] = row.get(kind, 0) + n
        row["total"] += n
        row["net"] += q or 0
    kinds = MovementKind.choices
    for row in table.values():
        for kind, _ in kinds:
            row.setdefault(kind, 0)
    ordered = [table[day] for day in sorted(table)]
    columns = [Column("period", PERIODS[period], "date")]
    columns += [Column(kind, label, "int") for kind, label in kinds]
    columns.append(Column("total", "All movements", "int"))
    if part is not None:
        columns.append(Column("net", f"Net change ({part.unit.name})", "qty"))
    totals = {"period": "Total"}
    for column in columns[1:]:
        totals[column.key] = sum(row[column.key] for row in ordered)
    label = {"day": "%Y-%m-%d", "week": "week of %Y-%m-%d", "month": "%Y-%m"}[period]
    return Report(
        title=f"Stock movements per {period}"
        + (f", {', '.join(scope)}" if scope else "")
        + f", {date_from:%Y-%m-%d} to {date_to:%Y-%m-%d}",
        columns=columns,
        rows=ordered,
        totals=totals,
        chart=bar_chart(
            f"Movements per {period}",
            [
                (row["period"].strftime(label), Decimal(row["total"]), str(row["total"]))
                for row in ordered
            ],
            limit=400,
        ),
        filename=f"movements-per-{period}",
    )
