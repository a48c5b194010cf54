"""Reads for the location tree and a location's page: children, subtree counts and
value (cached per stock version), lookups by code."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Substr

from apps.inventory.models import Location, StockItem, StockMovement

LOCATION_STEP = 11  # len(path_step(pk)): ten digits and a slash


@dataclass(frozen=True)
class SubtreeCounts:
    records: int = 0
    parts: int = 0


def location_children(parent: Location | None) -> QuerySet[Location]:
    """The direct children of `parent` (the roots for None), with `has_children`."""
    return (
        Location.objects.filter(parent=parent)
        .annotate(has_children=Exists(Location.objects.filter(parent=OuterRef("pk"))))
        .order_by("code")
    )


SUBTREE_CACHE_SECONDS = 300
LOCATION_VERSION_KEY = "inventory:location-version"


def location_tree_changed() -> None:
    """Called by the location services after a write: cached counts start afresh."""
    try:
        cache.incr(LOCATION_VERSION_KEY)
    except ValueError:
        cache.set(LOCATION_VERSION_KEY, 1, None)


def stock_version(*, quantities: bool = True) -> str:
    """Changes whenever what the tree shows may change: every new stock record or
    location gets a new id, the location services bump a counter, and (with
    `quantities`) every quantity change writes a ledger line with a new id. One indexed
    query."""
    newest_item = StockItem.objects.order_by("-id").values("id")[:1]
    newest_location = Location.objects.order_by("-id").values("id")[:1]
    if quantities:
        row = (
            StockMovement.objects.order_by("-id")
            .annotate(item=Subquery(newest_item), newest_location=Subquery(newest_location))
            .values_list("id", "item", "newest_location")
            .first()
        )
    else:
        row = (
            Location.objects.order_by("-id")
            .annotate(item=Subquery(newest_item))
            .values_list("item", "id")
            .first()
        )
    local = cache.get(LOCATION_VERSION_KEY, 0)
    return ".".join(str(part) for part in (*(row or ("-",)), local))


def _cached(key: str, compute, *, quantities: bool = True):
    """Subtree aggregates over up to 300,000 records cost up to a few hundred
    milliseconds (distinct parts of a whole site); they are kept for five minutes per
    stock version. Stock changes and new records show at once; a location moved by
    another server process can take up to five minutes to show in the counts (the
    version counter is per process). Counts of records and parts do not depend on
    quantities, so receiving and issuing stock does not invalidate them."""
    key = f"inventory:{key}:{stock_version(quantities=quantities)}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, SUBTREE_CACHE_SECONDS)
    return value


def location_subtree_counts(nodes: list[Location]) -> dict[int, SubtreeCounts]:
    """Stock records and distinct parts below each of `nodes` (siblings: one query).

    All siblings' paths have the same length, so one GROUP BY on the path prefix at
    their depth counts every subtree at once. Cached (see `_cached`).
    """
    if not nodes:
        return {}
    key = "counts:" + ",".join(str(node.pk) for node in nodes)
    return _cached(key, lambda: _location_subtree_counts(nodes), quantities=False)


def _location_subtree_counts(nodes: list[Location]) -> dict[int, SubtreeCounts]:
    width = len(nodes[0].path)
    parent_prefix = nodes[0].path[: width - LOCATION_STEP]
    if any(len(node.path) != width or not node.path.startswith(parent_prefix) for node in nodes):
        raise ValueError("location_subtree_counts takes siblings")
    items = StockItem.objects.all()
    if parent_prefix:
        items = items.filter(location__path__startswith=parent_prefix)
    rows = (
        items.annotate(prefix=Substr("location__path", 1, width))
        .order_by()
        .values("prefix")
        .annotate(records=Count("id"), parts=Count("part_id", distinct=True))
        .values_list("prefix", "records", "parts")
    )
    by_prefix = {prefix: SubtreeCounts(records, parts) for prefix, records, parts in rows}
    return {node.pk: by_prefix.get(node.path, SubtreeCounts()) for node in nodes}


def location_summary(location: Location) -> dict:
    """Counts and stock value of a location and everything below it (cached: the counts
    per record version, the quantity and value per stock version)."""
    counts = _cached(
        f"summary-counts:{location.pk}:{location.path}",
        lambda: _location_counts(location),
        quantities=False,
    )
    totals = _cached(
        f"summary-value:{location.pk}:{location.path}", lambda: _location_value(location)
    )
    return {**counts, **totals}


def _location_counts(location: Location) -> dict:
    return StockItem.objects.filter(location__path__startswith=location.path).aggregate(
        records=Count("id"), parts=Count("part_id", distinct=True)
    )


def _location_value(location: Location) -> dict:
    totals = StockItem.objects.filter(location__path__startswith=location.path).aggregate(
        total_quantity=Sum("quantity"),
        total_value=Sum(F("quantity") * F("part__unit_cost")),
    )
    return {
        "quantity": totals["total_quantity"] or Decimal(0),
        "value": totals["total_value"] or Decimal(0),
    }


def location_for_code(code: str) -> Location | None:
    code = code.strip()
    if not code:
        return None
    return Location.objects.filter(code__iexact=code).first()
