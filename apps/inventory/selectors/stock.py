"""Reads of stock on hand: the stock lists, a part's stock, the books' consistency."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    F,
    IntegerField,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower, Round

from apps.catalog.models import Part
from apps.core.queries import per_outer_row
from apps.inventory.models import Location, StockItem, StockMovement


@dataclass(frozen=True)
class StockMismatch:
    kind: str  # "stock record" or "part"
    id: int
    recorded: Decimal
    expected: Decimal


def part_stock_total() -> Subquery:
    """The sum of a part's stock records: what its on-hand must be (None when it has none)."""
    return per_outer_row(StockItem.objects, per="part", value=Sum("quantity"))


def stock_mismatches() -> list[StockMismatch]:
    """Stock records whose quantity differs from the sum of their movements, and parts
    whose on-hand differs from the sum of their stock records."""
    ledger_sum = per_outer_row(StockMovement.objects, per="stock_item", value=Sum("quantity"))
    items = (
        # Rounded to the field's 3 places: SQLite sums decimals as floats.
        StockItem.objects.annotate(ledger=Round(Coalesce(ledger_sum, Decimal(0)), 3))
        .exclude(quantity=F("ledger"))
        .values_list("id", "quantity", "ledger")
    )
    mismatches = [StockMismatch("stock record", *row) for row in items]
    stock_sum = part_stock_total()
    parts = (
        Part.objects.annotate(stock=Round(Coalesce(stock_sum, Decimal(0)), 3))
        .exclude(quantity_on_hand=F("stock"))
        .values_list("id", "quantity_on_hand", "stock")
    )
    mismatches += [StockMismatch("part", *row) for row in parts]
    return mismatches


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
    return (
        Case(
            When(part__sku__iexact=query, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
    )


def part_stock(part: Part) -> QuerySet[StockItem]:
    return StockItem.objects.filter(part=part).select_related("location")


def part_stock_places(part: Part) -> list[StockItem]:
    """Where `part` is in stock (the hint under the title of issue/transfer/adjust)."""
    return list(
        StockItem.objects.filter(part=part)
        .exclude(quantity=0)
        .select_related("location", "part")
        .order_by("location__code", "batch")[:12]
    )


def selected_stock_items(ids: list[int]) -> list[StockItem]:
    """The stock records ticked in a list, to move them."""
    return list(
        StockItem.objects.filter(pk__in=ids)
        .select_related("part", "location")
        .order_by("location__code", "part__sku")
    )


def stock_item_at(*, part: Part, location: Location) -> StockItem | None:
    """The part's stock record at `location` (the first batch), if any."""
    return StockItem.objects.filter(part=part, location=location).order_by("batch").first()
