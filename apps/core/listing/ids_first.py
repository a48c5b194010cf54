"""Ids first (a deferred join): a page is chosen over the bare matches' ids, then only
its rows are fetched with their joins and computed figures.

Without it a deep page computes the joins and figures of every row it skips (OFFSET
50,000 of the parts list with `available` and `on_order` for each); with it the skip
is an index walk and the figures are computed for 25 rows.

    listing = ids_first_page(request, matches, parts_by_id, sorts=PART_SORTS,
                             default_sort="sku", count="capped", one_pass=bool(query))

`rows_by_id(ids)` returns the page's rows as a dict by primary key (`in_bulk`); the
listing keeps the page's order and drops ids that vanished in between.
"""

from django.db import connections
from django.db.models import F, OrderBy, QuerySet

from apps.core.listing.base import (
    COUNT_CAP,
    Listing,
    Sorts,
    capped_count,
    new_listing,
    ordering_for,
    parse_list_params,
)
from apps.core.listing.offset import Count, count_capped, offset_page, rows_of_page


def ids_first_page(
    request,
    matches: QuerySet,
    rows_by_id,
    *,
    sorts: Sorts,
    default_sort: str,
    params: dict | None = None,
    count: Count = "exact",
    cap: int = COUNT_CAP,
    one_pass: bool = False,
    preferred_order: tuple = (),
) -> Listing:
    """A page of `matches` (bare: only what filtering and ordering need) chosen by id, with
    its rows from `rows_by_id`. `one_pass` (capped counts only): read the matches once for
    both the page and the count (`one_pass_page`), for searches whose matches an index
    finds but whose ordered page query would scan the table."""
    params = parse_list_params(request) if params is None else params
    if one_pass:
        listing = _one_pass_listing(matches, params, sorts, default_sort, cap, preferred_order)
    else:
        listing = offset_page(
            request,
            matches.values_list("pk", flat=True),
            sorts=sorts,
            default_sort=default_sort,
            params=params,
            count=count,
            count_from=matches,
            cap=cap,
            preferred_order=preferred_order,
        )
    found = rows_by_id(listing.rows)
    listing.rows = [found[pk] for pk in listing.rows if pk in found]
    return listing


def _one_pass_listing(matches, params, sorts, default_sort, cap, preferred_order) -> Listing:
    listing = new_listing(params, sorts, default_sort)
    ordering = ordering_for(listing.sort, sorts, preferred_order=preferred_order)
    offset = (listing.page_number - 1) * listing.per_page
    ids, counted = one_pass_page(matches, ordering, offset=offset, limit=listing.per_page, cap=cap)
    if counted is None:  # past the last page: no row to count on
        total, capped = capped_count(matches, cap)
        counted = cap + 1 if capped else total
    if counted <= cap:
        listing.rows, listing.has_next = ids, offset + len(ids) < counted
        listing.total = counted
        return listing
    # More than `cap` match: the one pass saw only some of them, not necessarily the page.
    ordered = matches.order_by(*ordering).values_list("pk", flat=True)
    listing.rows, listing.has_next = rows_of_page(ordered, listing.page_number, listing.per_page)
    count_capped(listing, matches, cap=cap, over_cap=True)
    return listing


def one_pass_page(
    matches: QuerySet, ordering: tuple, *, offset: int, limit: int, cap: int
) -> tuple[list[int], int | None]:
    """A page of the matches' ids and their number (`cap` + 1 for "more"), in one query.

    The matches are read once, unordered and at most `cap` + 1 of them, with their sort
    keys; `count(*) OVER ()` counts them and only they are sorted for the page:

        SELECT matches.*, COUNT(*) OVER () FROM (SELECT id, key… FROM … LIMIT cap + 1)
        matches ORDER BY key…, id LIMIT per_page OFFSET offset

    Unordered, the inner scan is the trigram bitmap scan that reads only the matching
    rows (as a capped count does); the ordered page query instead makes PostgreSQL
    prefer a parallel sequential scan that tests every row's description ("bearing" on
    the large set: 8 ms here against 40 ms for the ids + 8 ms for the count). The page
    is right only when all the matches fit under the cap. None for the count when the
    page is past the last row.

    Why SQL and not the ORM: the LIMIT must apply to the unordered matches *before* they
    are counted and sorted, i.e. the outer query selects FROM a derived table, which a
    QuerySet cannot express (a Window count in one query counts every match and the
    LIMIT would come after the ORDER BY). The inner query is the ORM's own, compiled
    with its parameters; around it only fixed keywords and column positions (integers)
    are written, and the page's limit and offset are bound parameters.
    """
    keys = [_sort_key(item) for item in ordering]  # the last one is the tiebreak, the id
    names = [f"sort_key{n}" for n in range(len(keys) - 1)]
    capped_matches = (
        matches.order_by()
        .annotate(**{name: expression for name, (expression, _) in zip(names, keys, strict=False)})
        .values_list("pk", *names)[: cap + 1]
    )
    inner, params = capped_matches.query.sql_with_params()
    # The derived table's columns are id, sort_key0…: ORDER BY names them by position.
    positions = [*range(2, len(keys) + 1), 1]
    order = ", ".join(
        f"{position:d} DESC" if descending else f"{position:d}"
        for position, (_, descending) in zip(positions, keys, strict=True)
    )
    sql = (
        f"SELECT matches.*, COUNT(*) OVER () FROM ({inner}) matches "
        f"ORDER BY {order} LIMIT %s OFFSET %s"
    )
    with connections[capped_matches.db].cursor() as cursor:
        cursor.execute(sql, (*params, limit, offset))
        rows = cursor.fetchall()
    return [row[0] for row in rows], (rows[0][-1] if rows else (None if offset else 0))


def _sort_key(item) -> tuple:
    """An item of an ordering as (expression, descending): "-name" → (F("name"), True)."""
    if isinstance(item, str):
        return F(item.removeprefix("-")), item.startswith("-")
    if isinstance(item, OrderBy):
        return item.expression, item.descending
    return item, False  # a bare expression orders ascending
