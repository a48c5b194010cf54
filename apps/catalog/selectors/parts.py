"""Read-side queries of the parts list and a part's page.

The parts list runs a constant number of queries whatever its page size: the page's
ids with the number of matches (`part_page`: one query for a search, the ids and a
capped COUNT(*) otherwise, none on the last page), the rows for those ids
(`parts_by_id`: category joined, `available` and `on_order` annotated), the category
choices for the filter, and at most one lookup for a location filter.

Search: on PostgreSQL `icontains` compiles to `UPPER(col::text) LIKE UPPER('%q%')`,
which the trigram GIN indexes on upper(sku), upper(name) and upper(description)
(migrations 0003 and 0005) answer as a BitmapOr; the barcode is an exact match on its
unique index. On SQLite the same ORM query is a plain LIKE scan: correct, just not
indexed. An exact SKU or barcode match is always ordered first.

Stock records and purchase order lines belong to apps above the catalog (inventory,
purchasing): their figures are reached through Part's relations (`related_model`),
never by importing those apps.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import (
    Case,
    DecimalField,
    Exists,
    ExpressionWrapper,
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
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.catalog.models import MONEY_DIGITS, QUANTITY_DIGITS, Category, Part
from apps.core.listing import COUNT_CAP, Listing, ids_first_page
from apps.core.queries import per_outer_row

STATUS_ACTIVE = "active"
STATUS_ARCHIVED = "archived"
STATUS_ALL = "all"

# Public sort names → ORM orderings (see apps/core/listing.py).
PART_SORTS = {
    "sku": "sku",
    "name": "name",
    "category": "category__name",
    "on_hand": "quantity_on_hand",
    "available": "available",
    "reorder_point": "reorder_point",
    "status": "is_active",
}


@dataclass(frozen=True)
class PartFilters:
    query: str = ""
    category: Category | None = None
    location_path: str | None = None  # the chosen location's tree path
    below_reorder: bool = False
    status: str = STATUS_ACTIVE
    ids: tuple[int, ...] | None = None  # an explicit selection (bulk actions, export)


def _quantity(value) -> Value:
    return Value(value, output_field=DecimalField(**QUANTITY_DIGITS))


def _related(relation: str) -> QuerySet:
    """All rows of the model at the other end of one of Part's relations, e.g.
    "stock_items" (inventory) or "purchase_order_lines" (purchasing)."""
    return Part._meta.get_field(relation).related_model._default_manager.all()


def expired_quantity_subquery(today: date):
    """Stock of the part in batches whose expiry date has passed."""
    return per_outer_row(
        _related("stock_items"),
        per="part",
        value=Sum("quantity"),
        output_field=DecimalField(**QUANTITY_DIGITS),
        expiry_date__lt=today,
    )


def available_quantity(today: date | None = None) -> Case:
    """Stock on hand less what sits in expired batches.

    Only parts kept per batch have batches with expiry dates, so only their rows run the
    subquery: the list can sort 100,000 parts by it without 100,000 lookups.
    """
    return Case(
        When(
            tracks_batches=True,
            then=F("quantity_on_hand")
            - Coalesce(
                expired_quantity_subquery(today or timezone.localdate()), _quantity(Decimal(0))
            ),
        ),
        default=F("quantity_on_hand"),
        output_field=DecimalField(**QUANTITY_DIGITS),
    )


# The statuses of an open purchase order, purchasing's OPEN_STATUSES: placed with the
# supplier and not yet received in full.
OPEN_ORDER_STATUSES = ("ordered", "partially_received")


def on_order_subquery() -> Subquery:
    """Ordered less received on lines of open purchase orders, per part (None when nothing),
    in stock units: a line counts packs of `pack_size` units."""
    return per_outer_row(
        _related("purchase_order_lines"),
        per="part",
        value=Sum((F("quantity") - F("received_quantity")) * F("pack_size")),
        output_field=DecimalField(**QUANTITY_DIGITS),
        order__status__in=OPEN_ORDER_STATUSES,
    )


def with_on_order(parts: QuerySet[Part]) -> QuerySet[Part]:
    """Annotates `on_order`: what open purchase orders will still bring (0 when none)."""
    return parts.annotate(on_order=Coalesce(on_order_subquery(), _quantity(Decimal(0))))


def with_figures(parts: QuerySet[Part], *, today: date | None = None) -> QuerySet[Part]:
    """Annotates `available` (see `available_quantity`) and `value` (on hand × unit cost)."""
    return parts.annotate(
        available=available_quantity(today),
        value=ExpressionWrapper(
            F("quantity_on_hand") * F("unit_cost"), output_field=DecimalField(**MONEY_DIGITS)
        ),
    )


SHORT_QUERY = 3  # characters; trigram indexes need three to find a substring


def part_search_condition(query: str) -> Q:
    """SKU, name or description containing the query, or the exact barcode.

    One or two characters match the start of the SKU or name instead: a substring that
    short would read every row, a prefix is still answered by the trigram indexes
    (pg_trgm pads the start of a value).
    """
    if len(query) < SHORT_QUERY:
        return Q(sku__istartswith=query) | Q(name__istartswith=query) | Q(barcode=query)
    return (
        Q(sku__icontains=query)
        | Q(name__icontains=query)
        | Q(description__icontains=query)
        | Q(barcode=query)
    )


def exact_match_first(query: str) -> Case:
    """0 for a row whose SKU (any case) or barcode is exactly the query, else 1."""
    return Case(
        When(Q(sku__iexact=query) | Q(barcode=query), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )


# Counting parts stocked under a location walks their stock records: count less far.
LOCATION_COUNT_CAP = 1_000


def part_list(filters: PartFilters) -> QuerySet[Part]:
    """The parts matching the list's search and filters, ready for the list page."""
    return with_on_order(with_figures(part_matches(filters).select_related("category")))


def part_matches(filters: PartFilters, *, sort: str = "") -> QuerySet[Part]:
    """The matching parts, bare: what a page of the list is chosen from (ids first,
    then `parts_by_id` for those ids: a deep page skips 50,000 rows on an index instead
    of joining and computing them). `sort` adds what ordering by it needs."""
    parts = Part.objects.all()
    if sort.removeprefix("-") == "available":
        parts = with_figures(parts)
    if filters.ids is not None:
        parts = parts.filter(pk__in=filters.ids)
    if filters.status == STATUS_ACTIVE:
        parts = parts.filter(is_active=True)
    elif filters.status == STATUS_ARCHIVED:
        parts = parts.filter(is_active=False)
    if filters.category is not None:
        subtree = Category.objects.filter(path__startswith=filters.category.path).values("pk")
        parts = parts.filter(category_id__in=subtree)
    if filters.location_path is not None:
        stocked = _related("stock_items").filter(
            part=OuterRef("pk"),
            location__path__startswith=filters.location_path,
            quantity__gt=0,
        )
        parts = parts.filter(Exists(stocked))
    if filters.below_reorder:
        parts = parts.filter(quantity_on_hand__lt=F("reorder_point"))
    if filters.query:
        parts = parts.filter(part_search_condition(filters.query))
    return parts


# What a row of the list shows (catalog/part_list.html#row), and only that: a page
# of rows is built, fetched and turned into objects on every search keystroke.
ROW_FIELDS = (
    "sku",
    "name",
    "unit",
    "quantity_on_hand",
    "reorder_point",
    "is_active",
    "category__name",
)


def parts_by_id(ids: list[int]) -> dict[int, Part]:
    """The given parts, with what a row of the list shows, by id."""
    parts = (
        Part.objects.filter(pk__in=ids)
        .select_related("category")
        .only(*ROW_FIELDS)
        .annotate(available=available_quantity())
    )
    return {part.pk: part for part in with_on_order(parts)}


def part_page(filters: PartFilters, *, params: dict, cap: int | None = None) -> Listing:
    """A page of the list by the list's parameters (apps/core/listing: q, sort, page,
    per_page), its total counted up to `cap` (by default COUNT_CAP, LOCATION_COUNT_CAP
    under a location filter), an exact SKU or barcode match first when searching.

    Ids first: the page's ids come from the bare matches (`part_matches`), then
    `parts_by_id` fetches those rows with their figures. A search reads its matches once
    (the core's `one_pass_page`): the ordered page query has to read them all anyway, and
    the count read them a second time. Not when sorted by `available`: its expiry
    subquery, costed for every row, tips even the unordered scan to a sequential one.
    """
    if cap is None:
        cap = LOCATION_COUNT_CAP if filters.location_path else COUNT_CAP
    sort = params.get("sort") or "sku"
    return ids_first_page(
        None,
        part_matches(filters, sort=sort),
        parts_by_id,
        sorts=PART_SORTS,
        default_sort="sku",
        params=params,
        count="capped",
        cap=cap,
        one_pass=bool(filters.query) and sort.removeprefix("-") != "available",
        preferred_order=(exact_match_first(filters.query),) if filters.query else (),
    )


def part_detail(pk: int) -> Part:
    """One part with what its page header shows. Raises Part.DoesNotExist."""
    return with_on_order(
        with_figures(Part.objects.select_related("category", "default_location", "unit"))
    ).get(pk=pk)
