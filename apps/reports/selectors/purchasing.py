"""Purchasing: spend by supplier and by month (placed and received), open and late
orders, and lead times promised vs actual, totals converted into the base currency.

Placed spend counts order lines of orders placed (ordered_at) in the period, at their
price, cancelled orders excluded. Received spend counts what was booked in (the receive
movements of the order lines, LineReceipt) in the period, at the line's price. The whole
months before the last nightly build come from SpendMonth (models.py) while it provably
matches the orders; the rest (partial months, the months since) is one GROUP BY
(supplier, month, currency) each for placed and received in SQL. Conversion is applied
to those few sums with the rate of the period's last day (shown on the page).
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    DateField,
    DecimalField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Trunc, TruncDate
from django.urls import reverse
from django.utils import timezone

from apps.purchasing.models import (
    OPEN_STATUSES,
    LineReceipt,
    PurchaseOrder,
    PurchaseOrderLine,
    Status,
    Supplier,
)
from apps.reports.models import SnapshotBuild, SpendMonth
from apps.reports.selectors.money import Rates, rates_on
from apps.reports.selectors.movements import periods_between
from apps.reports.selectors.report import Column, Report, bar_chart
from apps.reports.selectors.snapshots import start_of
from apps.reports.selectors.valuation import end_of_day

VALUE = DecimalField(max_digits=30, decimal_places=7)
ZERO = Decimal("0")
CENT = Decimal("0.01")


def _money(expression):
    return Sum(ExpressionWrapper(expression, output_field=VALUE))


def _convert(rates: Rates, amounts: dict[str, Decimal]) -> Decimal:
    return sum(
        (rates.convert(amount, currency) or ZERO for currency, amount in amounts.items()), ZERO
    ).quantize(CENT)


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _spend_from_months(first: date, after: date, supplier):
    """The spend of the whole months [first, after) from SpendMonth (the nightly build),
    summed by supplier and by month, with the day they end (the start of the build's
    month, at most `after`), or None when they cannot answer. They answer only while
    they provably match the orders: no order line or receipt added since the build on a
    month before it, and the orders placed in those months, not cancelled, the same
    ones (count, Σ id, Σ supplier id: a cancellation, a placement dated back, a change
    of supplier all show). Three queries: the build; the sums by supplier with those
    checks (computed once, InitPlans on PostgreSQL: a range of po_ordered_cover_idx and
    two ranges of primary keys); the sums by month."""
    build = SnapshotBuild.objects.filter(spend_until__isnull=False).order_by("-built_at").first()
    if build is None:
        return None
    until = min(after, timezone.localdate(build.spend_until))
    if until <= first:
        return None
    orders = PurchaseOrder.objects.order_by().filter(
        ordered_at__gte=start_of(first), ordered_at__lt=start_of(until)
    )
    orders = orders.exclude(status=Status.CANCELLED)
    months = SpendMonth.objects.order_by().filter(month__gte=first, month__lt=until)
    if supplier is not None:
        orders = orders.filter(supplier=supplier)
        months = months.filter(supplier_id=supplier.pk)

    def once(subquery):  # an aggregate around it keeps it out of the GROUP BY
        return Max(subquery, output_field=BigIntegerField())

    def scalar(function: str, field: str):
        return once(
            Subquery(
                orders.annotate(x=Func(F(field), function=function)).values("x")[:1],
                output_field=BigIntegerField(),
            )
        )

    def exists(queryset):
        return once(Case(When(Exists(queryset), then=1), default=0))

    by_supplier = list(
        months.values_list("supplier_id", "currency").annotate(
            placed=Sum("placed"),
            n=Sum("orders"),
            ids=Sum("order_id_sum"),
            received=Sum("received"),
            new_lines=exists(
                PurchaseOrderLine.objects.filter(
                    pk__gt=build.last_order_line_id, order__ordered_at__lt=build.spend_until
                )
            ),
            new_receipts=exists(
                LineReceipt.objects.filter(
                    pk__gt=build.last_receipt_id, movement__created_at__lt=build.spend_until
                )
            ),
            orders_n=scalar("COUNT", "pk"),
            orders_ids=scalar("SUM", "pk"),
            orders_suppliers=scalar("SUM", "supplier_id"),
        )
    )
    if not by_supplier:
        return None
    new_lines, new_receipts, n, ids, suppliers = by_supplier[0][6:]
    checksum = (
        sum(row[3] for row in by_supplier),
        sum(row[4] for row in by_supplier),
        sum(row[0] * row[3] for row in by_supplier),
    )
    if new_lines or new_receipts or checksum != (n or 0, ids or 0, suppliers or 0):
        return None
    by_month = months.values_list("month", "currency").annotate(
        placed=Sum("placed"), n=Sum("orders"), received=Sum("received")
    )
    # A supplier or month with receipts only has no placed lines: no placed amount.
    return (
        [
            (s, c, placed if n else None, n, received)
            for s, c, placed, n, _, received, *_ in by_supplier
        ],
        [(m, c, placed if n else None, received) for m, c, placed, n, received in by_month],
        until,
    )


def _spend_rows(date_from: date, date_to: date, supplier):
    """The spend of the period by supplier (supplier, currency, placed, orders,
    received) and by month (month, currency, placed, received): the whole months before
    the last build from SpendMonth when it can answer, the rest (the partial months at
    either end, the months since the build) grouped live by supplier, month and
    currency. `None` placed or received: none of that kind."""
    start, end = start_of(date_from), end_of_day(date_to)
    first = date_from if date_from.day == 1 else _next_month(date_from)
    after = (date_to + timedelta(days=1)).replace(day=1)  # months before it end in the period
    stored = _spend_from_months(first, after, supplier) if first < after else None
    by_supplier, by_month = [], []
    live = [(start, end)]
    if stored is not None:
        by_supplier, by_month, until = stored
        live = [(a, b) for a, b in ((start, start_of(first)), (start_of(until), end)) if a < b]
    if not live:
        return by_supplier, by_month
    placed_in = Q()
    received_in = Q()
    for a, b in live:
        placed_in |= Q(ordered_at__gte=a, ordered_at__lt=b)
        received_in |= Q(movement__created_at__gte=a, movement__created_at__lt=b)
    placed_orders = (
        PurchaseOrder.objects.order_by().filter(placed_in).exclude(status=Status.CANCELLED)
    )
    receipts = LineReceipt.objects.order_by().filter(received_in)
    if supplier is not None:
        placed_orders = placed_orders.filter(supplier=supplier)
        receipts = receipts.filter(line__order__supplier=supplier)
    # Each order's total from its lines (a correlated subquery: the lines' covering
    # index, order by order; a join chose to read every line), then one GROUP BY by
    # supplier, month and currency. Orders without lines (NULL) count for nothing.
    total = Subquery(
        PurchaseOrderLine.objects.order_by()
        .filter(order=OuterRef("pk"))
        .values("order")
        .annotate(t=_money(F("quantity") * F("unit_price")))
        .values("t"),
        output_field=VALUE,
    )
    placed = (
        placed_orders.annotate(
            m=Trunc("ordered_at", "month", output_field=DateField()), total=total
        )
        .values_list("supplier_id", "m", "currency")
        .annotate(v=Sum("total"), n=Count("total"))
    )
    received = (
        receipts.annotate(m=Trunc("movement__created_at", "month", output_field=DateField()))
        .values_list("line__order__supplier_id", "m", "line__order__currency")
        .annotate(
            # The movement is in stock units, the line's price per pack.
            v=_money(F("movement__quantity") * F("line__unit_price") / F("line__pack_size"))
        )
    )
    for s, m, c, value, n in placed:
        if n:
            by_supplier.append((s, c, value, n, None))
            by_month.append((m, c, value, None))
    for s, m, c, value in received:
        by_supplier.append((s, c, None, 0, value))
        by_month.append((m, c, None, value))
    return by_supplier, by_month


@dataclass(frozen=True)
class _Shown:
    """What the four reports of the page share: the rates, the suppliers' names and pages,
    the period as written in the titles."""

    rates: Rates
    names: dict[int, str]
    supplier_url: Callable[[int], str]
    period: str

    def supplier(self, supplier_id: int) -> dict:
        return {"supplier": self.names.get(supplier_id, "?"), "url": self.supplier_url(supplier_id)}


def purchasing_reports(*, date_from: date, date_to: date, supplier=None) -> list[Report]:
    supplier_url = _supplier_urls()
    rates = rates_on(date_to)
    today = timezone.localdate()
    currencies = set()
    spend, months = _spend(date_from, date_to, supplier, currencies)
    open_by = _open_orders(today, supplier, currencies)
    leads = _lead_times(date_from, date_to, supplier)
    # The names of every supplier shown, one query (grouping the spend by name too made
    # PostgreSQL's sort spill to disk).
    names = dict(
        Supplier.objects.filter(pk__in={*spend, *open_by, *leads}).values_list("pk", "name")
    )
    shown = _Shown(rates, names, supplier_url, f"{date_from:%Y-%m-%d} to {date_to:%Y-%m-%d}")
    return [
        _spend_report(shown, spend, currencies),
        _month_report(shown, months, supplier),
        _open_report(shown, open_by, today),
        _lead_report(shown, leads),
    ]


def _amounts() -> dict:
    return {"placed": defaultdict(lambda: ZERO), "received": defaultdict(lambda: ZERO)}


def _spend(date_from: date, date_to: date, supplier, currencies: set) -> tuple[dict, dict]:
    """Placed and received amounts per currency, ({supplier id: …, orders}, {month: …});
    every month of the period is there, with nothing spent or not."""
    by_supplier: dict[int, dict] = defaultdict(lambda: {**_amounts(), "orders": 0})
    months = {day: _amounts() for day in periods_between(date_from, date_to, "month")}
    supplier_rows, month_rows = _spend_rows(date_from, date_to, supplier)
    for supplier_id, currency, placed, orders, received in supplier_rows:
        entry = by_supplier[supplier_id]
        if placed is not None:
            entry["placed"][currency] += placed
        if received is not None:
            entry["received"][currency] += received
        entry["orders"] += orders
        currencies.add(currency)
    for month, currency, placed, received in month_rows:
        month_entry = months.setdefault(month, _amounts())
        if placed is not None:
            month_entry["placed"][currency] += placed
        if received is not None:
            month_entry["received"][currency] += received
    return by_supplier, months


def _open_orders(today: date, supplier, currencies: set) -> dict[int, dict]:
    """Open and late orders (whatever the period) per supplier: outstanding quantity × price."""
    open_lines = PurchaseOrderLine.objects.order_by().filter(order__status__in=OPEN_STATUSES)
    if supplier is not None:
        open_lines = open_lines.filter(order__supplier=supplier)
    outstanding = ExpressionWrapper(
        (F("quantity") - F("received_quantity")) * F("unit_price"), output_field=VALUE
    )
    open_rows = open_lines.values_list("order__supplier_id", "order__currency").annotate(
        v=Sum(outstanding),
        late_v=Sum(outstanding, filter=Q(order__expected_date__lt=today)),
        n=Count("order_id", distinct=True),
        late=Count("order_id", distinct=True, filter=Q(order__expected_date__lt=today)),
    )
    open_by: dict[int, dict] = defaultdict(
        lambda: {
            "open": defaultdict(lambda: ZERO),
            "late_v": defaultdict(lambda: ZERO),
            "n": 0,
            "late": 0,
        }
    )
    for supplier_id, currency, value, late_value, n, late in open_rows:
        entry = open_by[supplier_id]
        entry["open"][currency] += value or ZERO
        entry["late_v"][currency] += late_value or ZERO
        entry["n"] += n
        entry["late"] += late
        currencies.add(currency)
    return open_by


def _lead_times(date_from: date, date_to: date, supplier) -> dict[int, dict]:
    """Lead times of the orders received in the period: promised (expected − placed) and
    actual (received − placed), in days, summed per supplier in SQL (the days in the
    site's time zone, TruncDate) and averaged here: one row a supplier."""
    start, end = end_of_day(date_from.fromordinal(date_from.toordinal() - 1)), end_of_day(date_to)
    received_orders = PurchaseOrder.objects.order_by().filter(
        received_at__gte=start,
        received_at__lt=end,
        ordered_at__isnull=False,
        status=Status.RECEIVED,
    )
    if supplier is not None:
        received_orders = received_orders.filter(supplier=supplier)
    promised = Q(expected_date__isnull=False)
    return {
        supplier_id: {
            "orders": n,
            "actual": _average(actual, n),
            "promised": _average(promised_days, promised_n),
            "late": late,
        }
        for supplier_id, n, actual, promised_n, promised_days, late in received_orders.annotate(
            ordered_day=TruncDate("ordered_at"), received_day=TruncDate("received_at")
        )
        .values("supplier_id")
        .annotate(
            n=Count("pk"),
            actual=Sum(_days(F("received_day") - F("ordered_day"))),
            promised_n=Count("pk", filter=promised),
            promised_days=Sum(_days(F("expected_date") - F("ordered_day")), filter=promised),
            late=Count("pk", filter=promised & Q(received_day__gt=F("expected_date"))),
        )
        .values_list("supplier_id", "n", "actual", "promised_n", "promised_days", "late")
    }


def _spend_report(shown: _Shown, by_supplier: dict, currencies: set) -> Report:
    rates, base = shown.rates, shown.rates.base
    rows = [
        {
            **shown.supplier(supplier_id),
            "orders": entry["orders"],
            "placed": _convert(rates, entry["placed"]),
            "received": _convert(rates, entry["received"]),
            "original": "; ".join(
                f"{amount:,.2f} {currency}" for currency, amount in sorted(entry["placed"].items())
            ),
        }
        for supplier_id, entry in by_supplier.items()
    ]
    rows.sort(key=lambda row: (-row["placed"], -row["received"], row["supplier"]))
    return Report(
        key="spend",
        title=f"Spend by supplier, {shown.period}",
        columns=[
            Column("supplier", "Supplier"),
            Column("orders", "Orders placed", "int"),
            Column("placed", f"Placed ({base})", "money"),
            Column("received", f"Received ({base})", "money"),
            Column("original", "Placed, in order currency"),
        ],
        rows=rows,
        totals={
            "supplier": "Total",
            "orders": sum(row["orders"] for row in rows),
            "placed": sum((row["placed"] for row in rows), ZERO),
            "received": sum((row["received"] for row in rows), ZERO),
        },
        chart=bar_chart(
            f"Placed with each supplier ({base})",
            [(row["supplier"], row["placed"], f"{row['placed']:,.2f}") for row in rows],
        ),
        currency=base,
        rates=rates.used(currencies),
        notes=_rate_note(rates, currencies),
        filename="spend-by-supplier",
    )


def _month_report(shown: _Shown, months: dict, supplier) -> Report:
    rates, base = shown.rates, shown.rates.base
    rows = [
        {
            "month": day.strftime("%Y-%m"),
            "placed": _convert(rates, entry["placed"]),
            "received": _convert(rates, entry["received"]),
        }
        for day, entry in sorted(months.items())
    ]
    return Report(
        key="months",
        title=f"Spend by month, {shown.period}" + (f", {supplier.name}" if supplier else ""),
        columns=[
            Column("month", "Month"),
            Column("placed", f"Placed ({base})", "money"),
            Column("received", f"Received ({base})", "money"),
        ],
        rows=rows,
        totals={
            "month": "Total",
            "placed": sum((row["placed"] for row in rows), ZERO),
            "received": sum((row["received"] for row in rows), ZERO),
        },
        chart=bar_chart(
            f"Placed per month ({base})",
            [(row["month"], row["placed"], f"{row['placed']:,.2f}") for row in rows],
            limit=60,
        ),
        currency=base,
        filename="spend-by-month",
    )


def _open_report(shown: _Shown, open_by: dict, today: date) -> Report:
    rates, base = shown.rates, shown.rates.base
    rows = sorted(
        (
            {
                **shown.supplier(supplier_id),
                "open_orders": entry["n"],
                "open_value": _convert(rates, entry["open"]),
                "late_orders": entry["late"],
                "late_value": _convert(rates, entry["late_v"]),
            }
            for supplier_id, entry in open_by.items()
        ),
        key=lambda row: (-row["late_orders"], -row["open_value"], row["supplier"]),
    )
    return Report(
        key="open",
        title=f"Open and late orders today ({today:%Y-%m-%d})",
        columns=[
            Column("supplier", "Supplier"),
            Column("open_orders", "Open orders", "int"),
            Column("open_value", f"Outstanding ({base})", "money"),
            Column("late_orders", "Late orders", "int"),
            Column("late_value", f"Late outstanding ({base})", "money"),
        ],
        rows=rows,
        totals={
            "supplier": "Total",
            **{
                key: sum((row[key] for row in rows), ZERO if "value" in key else 0)
                for key in ("open_orders", "open_value", "late_orders", "late_value")
            },
        },
        currency=base,
        filename="open-orders",
        notes=["Late: placed or partly received, expected date before today."],
    )


def _lead_report(shown: _Shown, leads: dict) -> Report:
    rows = sorted(
        ({**shown.supplier(supplier_id), **entry} for supplier_id, entry in leads.items()),
        key=lambda row: row["supplier"],
    )
    return Report(
        key="lead",
        title=f"Lead time promised vs actual, orders received {shown.period}",
        columns=[
            Column("supplier", "Supplier"),
            Column("orders", "Orders received", "int"),
            Column("promised", "Promised (days, avg)", "qty"),
            Column("actual", "Actual (days, avg)", "qty"),
            Column("late", "Received after expected date", "int"),
        ],
        rows=rows,
        filename="lead-times",
        notes=["Promised: expected date − day placed. Actual: day fully received − day placed."],
    )


def _days(expression):
    return ExpressionWrapper(expression, output_field=DurationField())


def _average(total: timedelta | None, count: int) -> Decimal | None:
    """The mean of whole days (a sum of day differences over `count` orders)."""
    if not count or total is None:
        return None
    return (Decimal(total.days) / count).quantize(Decimal("0.1"))


PK_MARK = 987654321


def _supplier_urls():
    """pk → the supplier's page: reverse() once a page, not once a row (750 of them)."""
    head, _, tail = reverse("purchasing:supplier_detail", args=[PK_MARK]).rpartition(str(PK_MARK))
    return lambda pk: f"{head}{pk}{tail}"


def _rate_note(rates: Rates, currencies) -> list[str]:
    notes = []
    used = rates.used(currencies)
    if used:
        notes.append(
            f"Converted into {rates.base} at the rates valid on {rates.day:%Y-%m-%d}: "
            + "; ".join(
                f"1 {r.currency} = {r.rate.normalize():f} {rates.base} (from {r.valid_from:%Y-%m-%d})"
                for r in used
            )
            + "."
        )
    missing = rates.missing(currencies)
    if missing:
        notes.append(
            f"No exchange rate for {', '.join(missing)}: those amounts are left out of the "
            f"{rates.base} totals. Add a rate (admin, or manage.py exchange_rates_load)."
        )
    return notes
