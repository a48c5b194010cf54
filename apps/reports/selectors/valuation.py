"""Stock value by category and by location, today or at the end of any past day.

Value is what the rest of the app calls stock value (the dashboard, the parts list):
quantity × the part's unit cost (`Part.stock_value`), in the base currency. The value on
a past day uses the same unit cost (today's) and the quantity the ledger had then.

Queries (each one GROUP BY in SQL, whatever the number of parts):
- today, by category: one aggregate over parts (quantity_on_hand × unit_cost per category);
- today, by location: the weekly snapshot plus this week's ledger lines when the snapshots
  are up to date (below), else one aggregate over stock records joined to their part;
- a past day: the weekly value snapshots plus at most a week of ledger lines
  (selectors/snapshots.py), while they match the data; otherwise the ledger replayed
  from whichever end is nearer. Every part's quantity on
  a day is the sum of its ledger lines up to then (forward), which is also its quantity
  now minus the lines since (backwards, from the on-hand the stock services keep). The
  first ledger line's time says which range is shorter; that range of the created_at
  index is summed, grouped by category (via the part) or location. At most half the
  ledger is read; a day in the last weeks reads only those weeks' lines.
Then the tree: each own value is added to the shown child whose path begins its path, in Python
(categories and locations are a few thousand rows, one indexed query).
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.db.models import DecimalField, ExpressionWrapper, F, Sum
from django.utils import timezone

from apps.catalog.models import Category, Part
from apps.core.trees import PATH_STEP_WIDTH
from apps.inventory.models import Location, StockItem, StockMovement
from apps.reports.selectors.money import base_currency
from apps.reports.selectors.report import Column, Report, bar_chart
from apps.reports.selectors.snapshots import own_values_from_snapshots

ZERO = Decimal("0")
VALUE = DecimalField(max_digits=30, decimal_places=7)


def end_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


class Node(NamedTuple):  # a NamedTuple: 5,000 of them a page, built faster
    pk: int
    name: str
    path: str
    parent_id: int | None
    code: str = ""  # locations: "CODE — name"

    @property
    def label(self) -> str:
        return f"{self.code} — {self.name}" if self.code else self.name


def _value(expression):
    return Sum(ExpressionWrapper(expression, output_field=VALUE))


def _replay_direction(end: datetime) -> str:
    """'forward' when fewer ledger lines lie before `end` than after it (by time span)."""
    first = StockMovement.objects.order_by("created_at").values_list("created_at", flat=True)[:1]
    first = next(iter(first), None)
    if first is None or end <= first:
        return "none"
    return "forward" if end - first < timezone.now() - end else "backward"


def _category_values_today() -> dict[int, Decimal]:
    return dict(
        Part.objects.order_by()
        .values("category_id")
        .annotate(v=_value(F("quantity_on_hand") * F("unit_cost")))
        .values_list("category_id", "v")
    )


def _location_values_today() -> dict[int, Decimal]:
    return dict(
        StockItem.objects.order_by()
        .values("location_id")
        .annotate(v=_value(F("quantity") * F("part__unit_cost")))
        .values_list("location_id", "v")
    )


def own_values_by_category(as_of: date | None) -> dict[int, Decimal]:
    """Each category's own stock value (its parts, not those of its children)."""
    if as_of is None or as_of >= timezone.localdate():
        return _clean(_category_values_today())
    end = end_of_day(as_of)
    snapshot = own_values_from_snapshots("category", end)
    if snapshot is not None:
        return _clean(snapshot)
    direction = _replay_direction(end)
    if direction == "none":
        return {}
    lines = StockMovement.objects.order_by().values("part__category_id")
    value = _value(F("quantity") * F("part__unit_cost"))
    if direction == "forward":
        rows = lines.filter(created_at__lt=end).annotate(v=value)
        return _clean({r["part__category_id"]: r["v"] for r in rows})
    today = _category_values_today()
    since = {
        r["part__category_id"]: r["v"] for r in lines.filter(created_at__gte=end).annotate(v=value)
    }
    return _clean({pk: today.get(pk, ZERO) - since.get(pk, ZERO) for pk in {*today, *since}})


def own_values_by_location(as_of: date | None) -> dict[int, Decimal]:
    if as_of is None or as_of >= timezone.localdate():
        # Today: the last Monday's snapshot and the lines since, when the snapshots are
        # up to date (the ledger sums to the stock records); else the stock records.
        snapshot = own_values_from_snapshots("location", timezone.now())
        if snapshot is not None:
            return _clean(snapshot)
    if as_of is None or as_of >= timezone.localdate():
        return _clean(_location_values_today())
    end = end_of_day(as_of)
    snapshot = own_values_from_snapshots("location", end)
    if snapshot is not None:
        return _clean(snapshot)
    direction = _replay_direction(end)
    if direction == "none":
        return {}
    lines = StockMovement.objects.order_by().values("location_id")
    value = _value(F("quantity") * F("part__unit_cost"))
    if direction == "forward":
        rows = lines.filter(created_at__lt=end).annotate(v=value)
        return _clean({r["location_id"]: r["v"] for r in rows})
    today = _location_values_today()
    since = {r["location_id"]: r["v"] for r in lines.filter(created_at__gte=end).annotate(v=value)}
    return _clean({pk: today.get(pk, ZERO) - since.get(pk, ZERO) for pk in {*today, *since}})


def _clean(values: dict) -> dict[int, Decimal]:
    return {pk: (v or ZERO) for pk, v in values.items() if pk is not None}


def roll_up(
    nodes: dict[int, Node], own: dict[int, Decimal], parent: Node | None = None
) -> dict[int, Decimal]:
    """The value of each child of `parent` (of the roots without one) with everything
    below it: each own value added to the child whose path begins its path (paths are
    fixed-width steps, apps/core/trees.py: one slice of the path, not a walk up it)."""
    start = len(parent.path) if parent else 0
    end = start + PATH_STEP_WIDTH + 1
    parent_pk = parent.pk if parent else None
    children = {node.path: node.pk for node in nodes.values() if node.parent_id == parent_pk}
    total: dict[int, Decimal] = {}
    for pk, value in own.items():
        node = nodes.get(pk)
        if node is None or len(node.path) < end:
            continue
        child = children.get(node.path[:end])
        if child is not None:
            total[child] = total.get(child, ZERO) + value
    return total


# The nodes in path order, sorted here: PostgreSQL's sort of 5,000 paths in the
# database's collation took longer than the whole query.
def category_nodes() -> dict[int, Node]:
    rows = sorted(
        Category.objects.order_by().values_list("pk", "name", "path", "parent_id"),
        key=lambda row: row[2],
    )
    return {pk: Node(pk, name, path, parent) for pk, name, path, parent in rows}


def location_nodes() -> dict[int, Node]:
    rows = sorted(
        Location.objects.order_by().values_list("pk", "code", "name", "path", "parent_id"),
        key=lambda row: row[3],
    )
    return {pk: Node(pk, name, path, parent, code) for pk, code, name, path, parent in rows}


TENTH = Decimal("0.1")


def shares_of(values: list[Decimal]) -> list[Decimal]:
    """Each value's share of their sum in percent, to 0.1, adding up to exactly 100 (the
    tenths left over after rounding down go to the largest remainders), so the column
    sums to the total row's 100 %. Negative values (stock below zero) are rounded each."""
    total = sum(values, ZERO)
    if not total:
        return [ZERO for _ in values]
    exact = [value * 100 / total for value in values]
    if any(value < 0 for value in values):
        return [share.quantize(TENTH) for share in exact]
    floors = [(share / TENTH).to_integral_value(rounding="ROUND_FLOOR") * TENTH for share in exact]
    left = int(((Decimal(100) - sum(floors, ZERO)) / TENTH).to_integral_value())
    by_remainder = sorted(range(len(values)), key=lambda i: exact[i] - floors[i], reverse=True)
    for index in by_remainder[:left]:
        floors[index] += TENTH
    return floors


def value_report(*, by: str, as_of: date | None, selected: int | None, url_for) -> Report:
    """The children of `selected` (or the roots) with their value and everything below.

    `by` is "category" or "location"; `url_for(pk)` the drill-down link of a node."""
    nodes = category_nodes() if by == "category" else location_nodes()
    own = own_values_by_category(as_of) if by == "category" else own_values_by_location(as_of)
    parent = nodes.get(selected) if selected else None
    total = roll_up(nodes, own, parent)
    has_children = {node.parent_id for node in nodes.values()}
    rows = []
    for node in nodes.values():
        if node.parent_id != (parent.pk if parent else None):
            continue
        value = total.get(node.pk, ZERO)
        if not value and node.pk not in total:
            continue
        rows.append(
            {
                "name": node.label,
                "value": value.quantize(Decimal("0.01")),
                "url": url_for(node.pk) if node.pk in has_children else "",
            }
        )
    if parent is not None and own.get(parent.pk):
        rows.append(
            {"name": f"{parent.label} itself", "value": own[parent.pk].quantize(Decimal("0.01"))}
        )
    rows.sort(key=lambda row: (-row["value"], row["name"]))
    grand = sum((row["value"] for row in rows), ZERO)
    for row, share in zip(rows, shares_of([row["value"] for row in rows]), strict=True):
        row["share"] = share
    currency = base_currency()
    crumbs = []
    if parent is not None:
        crumbs = [
            (nodes[int(step)].label, url_for(int(step)))
            for step in parent.path.split("/")
            if step and int(step) in nodes
        ]
    noun = "Category" if by == "category" else "Location"
    when = f"at the end of {as_of:%Y-%m-%d}" if as_of else "today"
    return Report(
        key="value",
        title=f"Stock value by {by}, {when}" + (f", in {parent.label}" if parent else ""),
        columns=[
            Column("name", noun),
            Column("value", f"Value ({currency})", "money"),
            Column("share", "Share %", "qty"),
        ],
        rows=rows,
        totals={"name": "Total", "value": grand, "share": Decimal(100) if grand else ZERO},
        chart=bar_chart(
            f"Stock value by {by} ({currency})",
            [(row["name"], row["value"], f"{row['value']:,.2f}") for row in rows],
        ),
        currency=currency,
        filename=f"stock-value-by-{by}",
        crumbs=crumbs,
        notes=[
            "Value is quantity × the part's unit cost, in the base currency"
            + (
                "; the quantity each part had then, replayed from the stock ledger."
                if as_of
                else "."
            )
        ],
    )
