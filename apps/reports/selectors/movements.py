"""Ledger lines per day, week or month and kind, for one part, a category (and below)
or a location (and below): one GROUP BY over the created_at range of the ledger."""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, DateField, Sum
from django.db.models.functions import Trunc

from apps.inventory.models import MovementKind, StockMovement
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
        columns.append(Column("net", f"Net change ({part.get_unit_display()})", "qty"))
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
