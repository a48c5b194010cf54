"""Writes of the reports app: exchange rates loaded from a CSV file (no network), and
the weekly value snapshots behind the as-of-date valuation."""

import csv
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import (
    Count,
    DateField,
    DecimalField,
    ExpressionWrapper,
    F,
    Max,
    Min,
    Q,
    Sum,
)
from django.db.models.functions import Trunc
from django.utils import timezone

from apps.catalog.models import Part
from apps.core.errors import DomainError
from apps.inventory.models import MovementKind, StockMovement
from apps.purchasing.models import LineReceipt, PurchaseOrderLine, Status
from apps.reports.models import (
    USAGE_WINDOWS,
    ExchangeRate,
    LedgerDay,
    PartActivity,
    SnapshotBuild,
    SpendMonth,
    ValueSnapshot,
)
from apps.reports.selectors.snapshots import NODE, VALUE, monday_of, start_of


class RatesFileError(DomainError):
    """A line of a rates file that cannot be read; nothing is loaded."""


@transaction.atomic
def exchange_rates_load(*, lines) -> int:
    """Rows "currency,valid_from,rate[,note]" (a header row is skipped): each one creates
    or replaces the rate of that currency on that day. All or nothing."""
    count = 0
    for number, row in enumerate(csv.reader(lines), start=1):
        if not row or not "".join(row).strip():
            continue
        if number == 1 and row[0].strip().lower() == "currency":
            continue
        if len(row) < 3:
            raise RatesFileError(f"Line {number}: expected currency,valid_from,rate[,note].")
        currency, day, rate = (value.strip() for value in row[:3])
        try:
            valid_from = date.fromisoformat(day)
            value = Decimal(rate)
        except (ValueError, InvalidOperation) as error:
            raise RatesFileError(f"Line {number}: {error}") from error
        entry = ExchangeRate.objects.filter(
            currency=currency.upper(), valid_from=valid_from
        ).first() or ExchangeRate(currency=currency.upper(), valid_from=valid_from)
        entry.rate = value
        entry.note = (row[3].strip() if len(row) > 3 else "") or "Loaded from a file"
        try:
            entry.full_clean()
        except ValidationError as error:
            raise RatesFileError(f"Line {number}: {'; '.join(error.messages)}") from error
        entry.save()
        count += 1
    return count


def value_snapshots_build() -> SnapshotBuild:
    """Rebuilds the weekly value snapshots (models.ValueSnapshot) from the whole ledger:
    one GROUP BY (week, category or location) over the ledger lines before this week's
    Monday at today's unit costs, added up week by week. A few seconds on the large set
    (1,000,000 lines); run nightly (`manage.py reports_snapshot`, or its task) and after
    big catalog changes. Until then the reports replay the ledger instead.

    Also builds the other nightly pre-aggregates (PartActivity, LedgerDay, SpendMonth),
    all in one transaction; then tidies the rebuilt tables (_tidy)."""
    build = _build_all()
    _tidy()
    return build


def _build_all() -> SnapshotBuild:
    with transaction.atomic():
        last_movement_id = StockMovement.objects.aggregate(m=Max("pk"))["m"] or 0
        parts_changed_at = Part.objects.aggregate(m=Max("updated_at"))["m"]
        first = StockMovement.objects.aggregate(m=Min("created_at"))["m"]
        ValueSnapshot.objects.all().delete()
        SnapshotBuild.objects.all().delete()
        build = SnapshotBuild(
            built_at=timezone.now(),
            last_movement_id=last_movement_id,
            parts_changed_at=parts_changed_at,
        )
        if first is None:
            build.save()
            _part_activity_build(build)
            _ledger_days_build(build)
            _spend_months_build(build)
            return build
        first_day = monday_of(timezone.localdate(first)) + timedelta(days=7)
        last_day = monday_of(timezone.localdate())
        if last_day < first_day:
            build.save()
            _part_activity_build(build)
            _ledger_days_build(build)
            _spend_months_build(build)
            return build
        value = Sum(ExpressionWrapper(F("quantity") * F("part__unit_cost"), output_field=VALUE))
        rows = []
        for dimension, field in NODE.items():
            weekly = (
                StockMovement.objects.order_by()
                .filter(created_at__lt=start_of(last_day))
                .annotate(week=Trunc("created_at", "week", output_field=DateField()))
                .values("week", field)
                .annotate(v=value)
                .values_list("week", field, "v")
            )
            deltas: dict[date, dict[int, Decimal]] = {}
            for week, node, amount in weekly:
                deltas.setdefault(week, {})[node] = amount or Decimal(0)
            running: dict[int, Decimal] = {}
            day = first_day
            while day <= last_day:
                for node, amount in deltas.get(day - timedelta(days=7), {}).items():
                    running[node] = running.get(node, Decimal(0)) + amount
                rows.extend(
                    ValueSnapshot(dimension=dimension, day=day, node=node, value=amount)
                    for node, amount in running.items()
                    if amount
                )
                day += timedelta(days=7)
        ValueSnapshot.objects.bulk_create(rows, batch_size=5000)
        build.first_day, build.last_day = first_day, last_day
        build.save()
        _part_activity_build(build)
        _ledger_days_build(build)
        _spend_months_build(build)
        return build


def _tidy() -> None:
    """PostgreSQL: VACUUM (ANALYZE) the tables just rebuilt. A rebuild deletes and
    inserts every row; without it the old rows stay in the indexes until autovacuum
    comes (a day's 5,000 location snapshots read 12,000 index entries), and the planner
    plans on the old counts. Inside a transaction (tests) VACUUM cannot run: ANALYZE."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(
        connection.ops.quote_name(model._meta.db_table)
        for model in (ValueSnapshot, PartActivity, LedgerDay, SpendMonth, SnapshotBuild)
    )
    with connection.cursor() as cursor:
        if connection.in_atomic_block:
            cursor.execute(f"ANALYZE {tables}")
        else:
            cursor.execute(f"VACUUM (ANALYZE) {tables}")


def _spend_months_build(build: SnapshotBuild) -> None:
    """SpendMonth: placed and received spend per local month, supplier and currency, for
    the months before the build's (two GROUP BYs over the order lines and receipts), and
    the last order line and receipt seen (SnapshotBuild)."""
    SpendMonth.objects.all().delete()
    until = start_of(timezone.localdate(build.built_at).replace(day=1))
    build.spend_until = until
    build.last_order_line_id = PurchaseOrderLine.objects.aggregate(m=Max("pk"))["m"] or 0
    build.last_receipt_id = LineReceipt.objects.aggregate(m=Max("pk"))["m"] or 0
    build.save(update_fields=["spend_until", "last_order_line_id", "last_receipt_id"])
    money = DecimalField(max_digits=30, decimal_places=7)
    placed = (
        PurchaseOrderLine.objects.order_by()
        .filter(pk__lte=build.last_order_line_id, order__ordered_at__lt=until)
        .exclude(order__status=Status.CANCELLED)
        .annotate(m=Trunc("order__ordered_at", "month", output_field=DateField()))
        .values_list("m", "order__supplier_id", "order__currency")
        .annotate(
            v=Sum(ExpressionWrapper(F("quantity") * F("unit_price"), output_field=money)),
            n=Count("order_id", distinct=True),
            ids=Sum("order_id", distinct=True),
        )
    )
    received = (
        LineReceipt.objects.order_by()
        .filter(pk__lte=build.last_receipt_id, movement__created_at__lt=until)
        .annotate(m=Trunc("movement__created_at", "month", output_field=DateField()))
        .values_list("m", "line__order__supplier_id", "line__order__currency")
        .annotate(
            v=Sum(
                ExpressionWrapper(
                    F("movement__quantity") * F("line__unit_price"), output_field=money
                )
            )
        )
    )
    rows: dict[tuple, SpendMonth] = {}
    for month, supplier_id, currency, value, n, ids in placed:
        rows[(month, supplier_id, currency)] = SpendMonth(
            month=month,
            supplier_id=supplier_id,
            currency=currency,
            placed=value or 0,
            orders=n,
            order_id_sum=ids or 0,
        )
    for month, supplier_id, currency, value in received:
        row = rows.setdefault(
            (month, supplier_id, currency),
            SpendMonth(month=month, supplier_id=supplier_id, currency=currency),
        )
        row.received = value or 0
    SpendMonth.objects.bulk_create(rows.values(), batch_size=5000)


def _ledger_days_build(build: SnapshotBuild) -> None:
    """LedgerDay: lines and net quantity per local day and kind, every day before the
    build's (one GROUP BY over the ledger)."""
    LedgerDay.objects.all().delete()
    until = start_of(timezone.localdate(build.built_at))
    rows = (
        StockMovement.objects.order_by()
        .filter(pk__lte=build.last_movement_id, created_at__lt=until)
        .annotate(day=Trunc("created_at", "day", output_field=DateField()))
        .values("day", "kind")
        .annotate(n=Count("pk"), q=Sum("quantity"))
        .values_list("day", "kind", "n", "q")
    )
    LedgerDay.objects.bulk_create(
        [LedgerDay(day=day, kind=kind, lines=n, quantity=q or 0) for day, kind, n, q in rows],
        batch_size=5000,
    )


def _part_activity_build(build: SnapshotBuild) -> None:
    """PartActivity as of the build: last line and issues over each window, two GROUP BYs."""
    now, last_id = build.built_at, build.last_movement_id
    PartActivity.objects.all().delete()
    lines = StockMovement.objects.order_by().filter(pk__lte=last_id)
    last_moved = dict(
        lines.values("part_id").annotate(m=Max("created_at")).values_list("part_id", "m")
    )
    issued = (
        lines.filter(created_at__gte=now - timedelta(days=max(USAGE_WINDOWS)))
        .filter(
            Q(kind=MovementKind.ISSUE)
            | Q(kind=MovementKind.REVERSAL, reverses__kind=MovementKind.ISSUE)
        )
        .values("part_id")
        .annotate(
            **{
                f"i{days}": Sum("quantity", filter=Q(created_at__gte=now - timedelta(days=days)))
                for days in USAGE_WINDOWS
            },
            **{
                f"n{days}": Count(
                    "id",
                    filter=Q(kind=MovementKind.ISSUE, created_at__gte=now - timedelta(days=days)),
                )
                for days in USAGE_WINDOWS
            },
        )
    )
    by_part = {row["part_id"]: row for row in issued}
    activity = []
    for part_id, moved in last_moved.items():
        row = by_part.get(part_id, {})
        fields = {}
        for days in USAGE_WINDOWS:
            fields[f"issued_{days}"] = -(row.get(f"i{days}") or Decimal(0))
            fields[f"issues_{days}"] = row.get(f"n{days}") or 0
        activity.append(PartActivity(part_id=part_id, last_moved_at=moved, **fields))
    # Stored in order of the last movement: the parts idle longest (what dead stock
    # reads, a range of last_moved_at) share a few pages instead of one page each.
    activity.sort(key=lambda row: row.last_moved_at)
    PartActivity.objects.bulk_create(activity, batch_size=5000)
