"""What is used fastest, and what does not move at all.

Usage: issues over the last N days per part (a reversed issue is taken back), one GROUP
BY over that range of the ledger (kind index, created_at), the top rows only, then those
parts (one query). Days of cover: on hand ÷ (issued ÷ N days), at the current rate.

Dead stock: parts with stock on hand and no ledger line in N days. One query per
figure: the parts (NOT EXISTS over the movement_part_recent_idx index, the largest values
first, limited) and their count and value (the same condition, aggregated).
"""

from datetime import timedelta
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Sum,
    Window,
)
from django.db.models.functions import Rank
from django.utils import timezone

from apps.catalog.models import Part
from apps.inventory.models import MovementKind, StockMovement
from apps.reports.models import USAGE_WINDOWS, PartActivity, SnapshotBuild
from apps.reports.selectors.money import base_currency
from apps.reports.selectors.report import Column, Report, bar_chart

VALUE = DecimalField(max_digits=30, decimal_places=7)
TOP = 50
DEAD_ROWS = 200


def latest_build() -> SnapshotBuild | None:
    """The last build of the pre-aggregates, if no ledger line was added since with an
    earlier time (then PartActivity could miss it)."""
    build = SnapshotBuild.objects.order_by("-built_at").first()
    if build is None:
        return None
    backdated = StockMovement.objects.filter(
        pk__gt=build.last_movement_id, created_at__lt=build.built_at
    )
    return None if backdated.exists() else build


def usage_report(*, days: int, category=None, limit: int = TOP) -> Report:
    build = latest_build() if days in USAGE_WINDOWS else None
    if build is not None:
        # The windows of the nightly build: the top parts straight off an index.
        activity = PartActivity.objects.filter(**{f"issued_{days}__gt": 0})
        if category is not None:
            activity = activity.filter(part__category__path__startswith=category.path)
        top = list(
            activity.order_by(f"-issued_{days}", "part_id").values_list(
                "part_id", f"issued_{days}", f"issues_{days}"
            )[:limit]
        )
        since = build.built_at - timedelta(days=days)
        as_of = f" (as of {timezone.localtime(build.built_at):%Y-%m-%d %H:%M}, the last build)"
    else:
        since = timezone.now() - timedelta(days=days)
        as_of = ""
        lines = (
            StockMovement.objects.order_by()
            .filter(created_at__gte=since)
            .filter(
                Q(kind=MovementKind.ISSUE)
                | Q(kind=MovementKind.REVERSAL, reverses__kind=MovementKind.ISSUE)
            )
        )
        if category is not None:
            lines = lines.filter(part__category__path__startswith=category.path)
        top = list(
            lines.values("part_id")
            .annotate(
                issued=-Sum("quantity"), issues=Count("id", filter=Q(kind=MovementKind.ISSUE))
            )
            .filter(issued__gt=0)
            .order_by("-issued", "part_id")
            .values_list("part_id", "issued", "issues")[:limit]
        )
    parts = Part.objects.in_bulk([pk for pk, _, _ in top])
    currency = base_currency()
    rows = []
    for pk, issued, issues in top:
        part = parts[pk]
        per_day = issued / days
        cover = (part.quantity_on_hand / per_day).quantize(Decimal("0.1")) if per_day else None
        rows.append(
            {
                "sku": part.sku,
                "name": part.name,
                "url": part.get_absolute_url(),
                "issued": issued,
                "unit": part.unit_id,
                "issues": issues,
                "issued_value": (issued * part.unit_cost).quantize(Decimal("0.01")),
                "on_hand": part.quantity_on_hand,
                "per_day": per_day.quantize(Decimal("0.001")),
                "cover": max(cover, Decimal(0)) if cover is not None else None,
            }
        )
    return Report(
        title=f"Most issued parts, last {days} days{as_of}"
        + (f", {category.name} and below" if category else ""),
        columns=[
            Column("sku", "SKU"),
            Column("name", "Part"),
            Column("issued", "Issued", "qty"),
            Column("unit", "Unit"),
            Column("issues", "Issues", "int"),
            Column("issued_value", f"Issued value ({currency})", "money"),
            Column("on_hand", "On hand", "qty"),
            Column("per_day", "Per day", "qty"),
            Column("cover", "Days of cover", "qty"),
        ],
        rows=rows,
        chart=bar_chart(
            f"Issued in the last {days} days (quantity)",
            [
                (row["sku"], row["issued"], f"{row['issued']:f}".rstrip("0").rstrip("."))
                for row in rows
            ],
        ),
        currency=currency,
        filename="usage",
        notes=[
            f"The {limit} parts issued most (by quantity); reversed issues are taken back. "
            "Days of cover: on hand ÷ the average issued per day over the period."
        ],
    )


def dead_stock_report(*, days: int, category=None, limit: int = DEAD_ROWS) -> Report:
    since = timezone.now() - timedelta(days=days)
    build = latest_build()
    if build is not None:
        # From the parts idle since before `since` at the build (a range of the index on
        # last_moved_at, each joined to its part by primary key: a nested loop over a
        # few thousand parts, not a scan of all of them), less those with a ledger line
        # since the build (NOT EXISTS on movement_part_recent_idx).
        moved_since = StockMovement.objects.filter(
            part=OuterRef("pk"), pk__gt=build.last_movement_id, created_at__gte=since
        )
        parts = Part.objects.filter(
            activity__last_moved_at__lt=since, quantity_on_hand__gt=0
        ).filter(~Exists(moved_since))
    else:
        moved = StockMovement.objects.filter(part=OuterRef("pk"), created_at__gte=since)
        parts = Part.objects.filter(quantity_on_hand__gt=0).filter(~Exists(moved))
    if category is not None:
        parts = parts.filter(category__path__startswith=category.path)
    value = ExpressionWrapper(F("quantity_on_hand") * F("unit_cost"), output_field=VALUE)
    # One pass over the idle parts, read from the covering index part_cost_cover_idx
    # (id, on-hand, cost): their count and value (window sums) and the ids ranked within
    # the `limit` largest values (ties at the edge included). Then those parts, by
    # primary key, in the order shown: a few hundred rows, never a scan of every part.
    ranked = list(
        parts.order_by()
        .annotate(
            value=value,
            n=Window(Count("pk")),
            v=Window(Sum(value)),
            rank=Window(Rank(), order_by=F("value").desc()),
        )
        .filter(rank__lte=limit)
        .values_list("pk", "n", "v")
    )
    summary = {"n": ranked[0][1], "v": ranked[0][2]} if ranked else {"n": 0, "v": None}
    last = (
        StockMovement.objects.filter(part=OuterRef("pk"))
        .order_by("-created_at", "-id")
        .values("created_at")[:1]
    )
    shown = list(
        Part.objects.filter(pk__in=[pk for pk, _, _ in ranked])
        .annotate(value=value, last_moved=last)
        .select_related("category")
        .order_by("-value", "sku")[:limit]
    )
    currency = base_currency()
    rows = [
        {
            "sku": part.sku,
            "name": part.name,
            "url": part.get_absolute_url(),
            "category": part.category.name,
            "on_hand": part.quantity_on_hand,
            "unit": part.unit_id,
            "value": part.value.quantize(Decimal("0.01")),
            "last_moved": part.last_moved,
        }
        for part in shown
    ]
    total = (summary["v"] or Decimal(0)).quantize(Decimal("0.01"))
    return Report(
        title=f"Dead stock: on hand, no movement in {days} days"
        + (f", {category.name} and below" if category else ""),
        columns=[
            Column("sku", "SKU"),
            Column("name", "Part"),
            Column("category", "Category"),
            Column("on_hand", "On hand", "qty"),
            Column("unit", "Unit"),
            Column("value", f"Value ({currency})", "money"),
            Column("last_moved", "Last movement", "date"),
        ],
        rows=rows,
        totals={"sku": f"{summary['n']} parts", "value": total},
        chart=bar_chart(
            f"Largest dead stock values ({currency})",
            [(row["sku"], row["value"], f"{row['value']:,.2f}") for row in rows],
        ),
        currency=currency,
        filename="dead-stock",
        more=max(summary["n"] - len(rows), 0),
        notes=[
            f"{summary['n']:,} parts worth {total:,.2f} {currency} have stock and no "
            f"movement since {since:%Y-%m-%d}; the table shows the largest values first."
        ],
    )
