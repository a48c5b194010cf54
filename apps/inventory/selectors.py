"""Read-side queries for stock and the ledger."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower, Round, Substr

from apps.catalog.models import Part
from apps.inventory.models import Location, StockItem, StockMovement


@dataclass(frozen=True)
class StockMismatch:
    kind: str  # "stock record" or "part"
    id: int
    recorded: Decimal
    expected: Decimal


def stock_mismatches() -> list[StockMismatch]:
    """Stock records whose quantity differs from the sum of their movements, and parts
    whose on-hand differs from the sum of their stock records."""
    ledger_sum = (
        StockMovement.objects.filter(stock_item=OuterRef("pk"))
        .order_by()
        .values("stock_item")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    items = (
        # Rounded to the field's 3 places: SQLite sums decimals as floats.
        StockItem.objects.annotate(ledger=Round(Coalesce(Subquery(ledger_sum), Decimal(0)), 3))
        .exclude(quantity=F("ledger"))
        .values_list("id", "quantity", "ledger")
    )
    mismatches = [StockMismatch("stock record", *row) for row in items]
    stock_sum = (
        StockItem.objects.filter(part=OuterRef("pk"))
        .order_by()
        .values("part")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    parts = (
        Part.objects.annotate(stock=Round(Coalesce(Subquery(stock_sum), Decimal(0)), 3))
        .exclude(quantity_on_hand=F("stock"))
        .values_list("id", "quantity_on_hand", "stock")
    )
    mismatches += [StockMismatch("part", *row) for row in parts]
    return mismatches


# --- Browsing: locations, stock on hand, the ledger (read side of PRODUCT.md 1–2) ---------

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
    totals = _cached(f"summary-value:{location.pk}:{location.path}", lambda: _location_value(location))
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


def stock_search(
    *,
    query: str = "",
    location: Location | None = None,
    category=None,
    expires_before=None,
    zero_or_negative: bool = False,
) -> QuerySet[StockItem]:
    """Stock records filtered for the stock lists (see `stock_rows` for the columns).

    Search matches part SKU or name (substring, trigram indexes), location code (prefix)
    or batch (exact, case-insensitive; wants an index on Upper(batch), see
    docs/inventory-browsing.md).
    """
    items = StockItem.objects.all()
    if location is not None:
        items = items.filter(location__path__startswith=location.path)
    if category is not None:
        items = items.filter(part__category__path__startswith=category.path)
    if expires_before is not None:
        items = items.filter(expiry_date__lt=expires_before)
    if zero_or_negative:
        items = items.filter(quantity__lte=0)
    query = query.strip()
    if query:
        by_part = Q(part__sku__icontains=query) | Q(part__name__icontains=query)
        locations = Location.objects.filter(code__istartswith=query)
        by_batch = StockItem.objects.filter(batch__iexact=query)
        if not locations.exists() and not by_batch.exists():
            # The usual case, a part search: a plain filter on the joined part lets the
            # planner either use the trigram indexes (few matches) or walk parts in SKU
            # order and stop at the page (many matches, e.g. "screw").
            items = items.filter(by_part)
        else:
            # A UNION of three indexed lookups: an OR across tables would scan every record.
            parts = Part.objects.filter(Q(sku__icontains=query) | Q(name__icontains=query))
            items = items.filter(
                pk__in=StockItem.objects.filter(part__in=parts.values("pk"))
                .values("pk")
                .union(
                    StockItem.objects.filter(location__in=locations.values("pk")).values("pk"),
                    by_batch.values("pk"),
                )
            )
    return items


def stock_rows(items: QuerySet[StockItem]) -> QuerySet[StockItem]:
    """What a stock table shows. `sku_key` is Lower(part.sku) and `location_key`
    Lower(location.code): ordering on them walks the unique case-insensitive indexes
    of parts and locations instead of sorting every record. Kept apart from
    `stock_search` so the COUNT(*) of a page does not join the parts."""
    return items.select_related("part", "location").annotate(
        sku_key=Lower("part__sku"), location_key=Lower("location__code")
    )


def stock_exact_first(query: str) -> tuple:
    """An ordering that puts the exact SKU match first (PRODUCT.md feature 1), only when
    there is one: the CASE would otherwise stop the SKU index from ordering the page."""
    query = query.strip()
    if not query or not Part.objects.filter(sku__iexact=query).exists():
        return ()
    return (Case(When(part__sku__iexact=query, then=Value(0)), default=Value(1), output_field=IntegerField()),)


def movement_search(
    *,
    query: str = "",
    kind: str = "",
    part: Part | None = None,
    location: Location | None = None,
    user=None,
    date_from=None,
    date_to=None,
) -> QuerySet[StockMovement]:
    """Ledger lines with everything the list shows; filters map to indexed columns."""
    movements = StockMovement.objects.select_related("part", "location", "other_location", "user")
    if kind:
        movements = movements.filter(kind=kind)
    if part is not None:
        movements = movements.filter(part=part)
    if location is not None:
        # The ids are fetched first: for a single bin the planner then sees one value
        # and walks movement_location_recent_idx instead of the whole ledger.
        subtree = list(location.descendants_and_self().values_list("pk", flat=True))
        movements = movements.filter(location_id__in=subtree)
    if user is not None:
        movements = movements.filter(user=user)
    if date_from is not None:
        movements = movements.filter(created_at__gte=date_from)
    if date_to is not None:
        movements = movements.filter(created_at__lt=date_to)
    query = query.strip()
    if query:
        # Prefix search: wants the index on Upper(reference) (docs/inventory-browsing.md).
        movements = movements.filter(reference__istartswith=query)
    return movements


def part_stock(part: Part) -> QuerySet[StockItem]:
    return StockItem.objects.filter(part=part).select_related("location")


def part_movements(part: Part) -> QuerySet[StockMovement]:
    return StockMovement.objects.filter(part=part).select_related(
        "location", "other_location", "user"
    )
