"""Purchasing: spend by supplier and by month (placed and received), open and late
orders, and lead times promised vs actual, totals converted into the base currency.

Placed spend counts order lines of orders placed (ordered_at) in the period, at their
price, cancelled orders excluded. Received spend counts what was booked in (the receive
movements of the order lines, LineReceipt) in the period, at the line's price. Each
figure is one GROUP BY (supplier or month, and currency) in SQL; conversion is applied
to those few sums with the rate of the period's last day (shown on the page).
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Count, DateField, DecimalField, ExpressionWrapper, F, Q, Sum
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
from apps.reports.selectors.money import Rates, rates_on
from apps.reports.selectors.movements import periods_between
from apps.reports.selectors.report import Column, Report, bar_chart
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


def purchasing_reports(*, date_from: date, date_to: date, supplier=None) -> list[Report]:
    start, end = end_of_day(date_from.fromordinal(date_from.toordinal() - 1)), end_of_day(date_to)
    rates = rates_on(date_to)
    base = rates.base

    placed_lines = (
        PurchaseOrderLine.objects.order_by()
        .filter(order__ordered_at__gte=start, order__ordered_at__lt=end)
        .exclude(order__status=Status.CANCELLED)
    )
    receipts = LineReceipt.objects.order_by().filter(
        movement__created_at__gte=start, movement__created_at__lt=end
    )
    if supplier is not None:
        placed_lines = placed_lines.filter(order__supplier=supplier)
        receipts = receipts.filter(line__order__supplier=supplier)

    # One GROUP BY each for placed and received, by supplier, month and currency: the
    # table by supplier and the table by month both add up these rows.
    placed = (
        placed_lines.annotate(m=Trunc("order__ordered_at", "month", output_field=DateField()))
        .values_list("order__supplier_id", "m", "order__currency")
        .annotate(v=_money(F("quantity") * F("unit_price")), n=Count("order_id", distinct=True))
    )
    received = (
        receipts.annotate(m=Trunc("movement__created_at", "month", output_field=DateField()))
        .values_list("line__order__supplier_id", "m", "line__order__currency")
        .annotate(
            # The movement is in stock units, the line's price per pack.
            v=_money(F("movement__quantity") * F("line__unit_price") / F("line__pack_size"))
        )
    )
    by_supplier: dict[int, dict] = defaultdict(
        lambda: {
            "placed": defaultdict(lambda: ZERO),
            "received": defaultdict(lambda: ZERO),
            "orders": 0,
        }
    )
    months = {
        day: {"placed": defaultdict(lambda: ZERO), "received": defaultdict(lambda: ZERO)}
        for day in periods_between(date_from, date_to, "month")
    }
    names: dict[int, str] = {}
    currencies = set()
    for supplier_id, month, currency, value, orders in placed:
        by_supplier[supplier_id]["placed"][currency] += value or ZERO
        by_supplier[supplier_id]["orders"] += orders
        months.setdefault(
            month, {"placed": defaultdict(lambda: ZERO), "received": defaultdict(lambda: ZERO)}
        )
        months[month]["placed"][currency] += value or ZERO
        currencies.add(currency)
    for supplier_id, month, currency, value in received:
        by_supplier[supplier_id]["received"][currency] += value or ZERO
        months.setdefault(
            month, {"placed": defaultdict(lambda: ZERO), "received": defaultdict(lambda: ZERO)}
        )
        months[month]["received"][currency] += value or ZERO
        currencies.add(currency)

    # Open and late orders (whatever the period): outstanding quantity × price.
    today = timezone.localdate()
    open_lines = PurchaseOrderLine.objects.order_by().filter(order__status__in=OPEN_STATUSES)
    if supplier is not None:
        open_lines = open_lines.filter(order__supplier=supplier)
    outstanding = ExpressionWrapper(
        (F("quantity") - F("received_quantity")) * F("unit_price"), output_field=VALUE
    )
    open_rows = open_lines.values_list(
        "order__supplier_id", "order__supplier__name", "order__currency"
    ).annotate(
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
    for supplier_id, name, currency, value, late_value, n, late in open_rows:
        names[supplier_id] = name
        entry = open_by[supplier_id]
        entry["open"][currency] += value or ZERO
        entry["late_v"][currency] += late_value or ZERO
        entry["n"] += n
        entry["late"] += late
        currencies.add(currency)

    # Lead times of the orders received in the period: promised (expected − placed) and
    # actual (received − placed), in days, averaged per supplier in Python (one row each).
    received_orders = PurchaseOrder.objects.filter(
        received_at__gte=start,
        received_at__lt=end,
        ordered_at__isnull=False,
        status=Status.RECEIVED,
    )
    if supplier is not None:
        received_orders = received_orders.filter(supplier=supplier)
    leads: dict[int, dict] = defaultdict(lambda: {"promised": [], "actual": [], "late": 0})
    # The days in the site's time zone come from the database (TruncDate), not from
    # 20,000 timezone conversions in Python.
    for supplier_id, name, ordered_day, expected, received_day in received_orders.annotate(
        ordered_day=TruncDate("ordered_at"), received_day=TruncDate("received_at")
    ).values_list("supplier_id", "supplier__name", "ordered_day", "expected_date", "received_day"):
        names[supplier_id] = name
        entry = leads[supplier_id]
        entry["actual"].append((received_day - ordered_day).days)
        if expected:
            entry["promised"].append((expected - ordered_day).days)
            entry["late"] += received_day > expected

    # The names of every supplier shown, one query (grouping the spend by name too made
    # PostgreSQL's sort spill to disk).
    names = dict(
        Supplier.objects.filter(pk__in={*by_supplier, *open_by, *leads}).values_list("pk", "name")
    )
    spend_rows = []
    for supplier_id, entry in by_supplier.items():
        spend_rows.append(
            {
                "supplier": names.get(supplier_id, "?"),
                "url": _supplier_url(supplier_id),
                "orders": entry["orders"],
                "placed": _convert(rates, entry["placed"]),
                "received": _convert(rates, entry["received"]),
                "original": "; ".join(
                    f"{amount:,.2f} {currency}"
                    for currency, amount in sorted(entry["placed"].items())
                ),
            }
        )
    spend_rows.sort(key=lambda row: (-row["placed"], -row["received"], row["supplier"]))
    period = f"{date_from:%Y-%m-%d} to {date_to:%Y-%m-%d}"
    rate_note = _rate_note(rates, currencies)
    spend = Report(
        key="spend",
        title=f"Spend by supplier, {period}",
        columns=[
            Column("supplier", "Supplier"),
            Column("orders", "Orders placed", "int"),
            Column("placed", f"Placed ({base})", "money"),
            Column("received", f"Received ({base})", "money"),
            Column("original", "Placed, in order currency"),
        ],
        rows=spend_rows,
        totals={
            "supplier": "Total",
            "orders": sum(row["orders"] for row in spend_rows),
            "placed": sum((row["placed"] for row in spend_rows), ZERO),
            "received": sum((row["received"] for row in spend_rows), ZERO),
        },
        chart=bar_chart(
            f"Placed with each supplier ({base})",
            [(row["supplier"], row["placed"], f"{row['placed']:,.2f}") for row in spend_rows],
        ),
        currency=base,
        rates=rates.used(currencies),
        notes=rate_note,
        filename="spend-by-supplier",
    )

    month_rows = [
        {
            "month": day.strftime("%Y-%m"),
            "placed": _convert(rates, entry["placed"]),
            "received": _convert(rates, entry["received"]),
        }
        for day, entry in sorted(months.items())
    ]
    by_month = Report(
        key="months",
        title=f"Spend by month, {period}" + (f", {supplier.name}" if supplier else ""),
        columns=[
            Column("month", "Month"),
            Column("placed", f"Placed ({base})", "money"),
            Column("received", f"Received ({base})", "money"),
        ],
        rows=month_rows,
        totals={
            "month": "Total",
            "placed": sum((row["placed"] for row in month_rows), ZERO),
            "received": sum((row["received"] for row in month_rows), ZERO),
        },
        chart=bar_chart(
            f"Placed per month ({base})",
            [(row["month"], row["placed"], f"{row['placed']:,.2f}") for row in month_rows],
            limit=60,
        ),
        currency=base,
        filename="spend-by-month",
    )

    open_report_rows = sorted(
        (
            {
                "supplier": names.get(supplier_id, "?"),
                "url": _supplier_url(supplier_id),
                "open_orders": entry["n"],
                "open_value": _convert(rates, entry["open"]),
                "late_orders": entry["late"],
                "late_value": _convert(rates, entry["late_v"]),
            }
            for supplier_id, entry in open_by.items()
        ),
        key=lambda row: (-row["late_orders"], -row["open_value"], row["supplier"]),
    )
    open_report = Report(
        key="open",
        title=f"Open and late orders today ({today:%Y-%m-%d})",
        columns=[
            Column("supplier", "Supplier"),
            Column("open_orders", "Open orders", "int"),
            Column("open_value", f"Outstanding ({base})", "money"),
            Column("late_orders", "Late orders", "int"),
            Column("late_value", f"Late outstanding ({base})", "money"),
        ],
        rows=open_report_rows,
        totals={
            "supplier": "Total",
            **{
                key: sum((row[key] for row in open_report_rows), ZERO if "value" in key else 0)
                for key in ("open_orders", "open_value", "late_orders", "late_value")
            },
        },
        currency=base,
        filename="open-orders",
        notes=["Late: placed or partly received, expected date before today."],
    )

    lead_rows = sorted(
        (
            {
                "supplier": names.get(supplier_id, "?"),
                "url": _supplier_url(supplier_id),
                "orders": len(entry["actual"]),
                "promised": _average(entry["promised"]),
                "actual": _average(entry["actual"]),
                "late": entry["late"],
            }
            for supplier_id, entry in leads.items()
        ),
        key=lambda row: row["supplier"],
    )
    lead_report = Report(
        key="lead",
        title=f"Lead time promised vs actual, orders received {period}",
        columns=[
            Column("supplier", "Supplier"),
            Column("orders", "Orders received", "int"),
            Column("promised", "Promised (days, avg)", "qty"),
            Column("actual", "Actual (days, avg)", "qty"),
            Column("late", "Received after expected date", "int"),
        ],
        rows=lead_rows,
        filename="lead-times",
        notes=["Promised: expected date − day placed. Actual: day fully received − day placed."],
    )
    return [spend, by_month, open_report, lead_report]


def _average(values: list[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"))


def _supplier_url(pk: int) -> str:
    return reverse("purchasing:supplier_detail", args=[pk])


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
