"""Offset paging: the page is rows (page − 1) × size onwards of the ordered queryset.

Right for lists that stay short (a stocktake list, a part's stock, a record's history)
and, over bare ids, for longer ones (ids_first.py). Two ways of counting:

- `count="exact"`: Django's Paginator (a COUNT(*)); a page past the end shows the last.
- `count="capped"`: the page fetches one row more to know whether a next page exists;
  the total is exact on the last page (no count at all) and otherwise counted up to
  `cap` + 1 rows of `count_from` (bare, without the page's joins): "10,000+".
"""

from typing import Literal

from django.core.paginator import EmptyPage, Paginator
from django.db.models import QuerySet

from apps.core.listing.base import (
    COUNT_CAP,
    Listing,
    Sorts,
    capped_count,
    new_listing,
    ordering_for,
    parse_list_params,
)

Count = Literal["exact", "capped"]


def offset_page(
    request,
    queryset: QuerySet,
    *,
    sorts: Sorts,
    default_sort: str,
    params: dict | None = None,
    count: Count = "exact",
    count_from: QuerySet | None = None,
    cap: int = COUNT_CAP,
    tiebreak: str = "pk",
    preferred_order: tuple = (),
) -> Listing:
    """One page of `queryset` by the request's sort, page and page size (`params`, when
    the caller has parsed them already)."""
    params = parse_list_params(request) if params is None else params
    listing = new_listing(params, sorts, default_sort)
    ordered = queryset.order_by(
        *ordering_for(listing.sort, sorts, tiebreak=tiebreak, preferred_order=preferred_order)
    )
    if count == "exact":
        paginator = Paginator(ordered, listing.per_page)
        try:
            page = paginator.page(listing.page_number)
        except EmptyPage:
            page = paginator.page(paginator.num_pages)
        listing.page_number = page.number
        listing.rows = list(page.object_list)
        listing.has_next, listing.has_previous = page.has_next(), page.has_previous()
        listing.total = paginator.count
        return listing
    listing.rows, listing.has_next = rows_of_page(ordered, listing.page_number, listing.per_page)
    count_capped(listing, queryset if count_from is None else count_from, cap=cap)
    return listing


def rows_of_page(ordered: QuerySet, page_number: int, per_page: int) -> tuple[list, bool]:
    """The rows of one page, and whether a next page exists (one row more is fetched)."""
    start = (page_number - 1) * per_page
    rows = list(ordered[start : start + per_page + 1])
    return rows[:per_page], len(rows) > per_page


def count_capped(
    listing: Listing, count_from: QuerySet, *, cap: int, over_cap: bool = False
) -> None:
    """Sets the listing's total: exact on the last page (the rows before it and on it, no
    query), else counted up to `cap` (`over_cap`: already known to be more) and then
    never less than the rows shown so far ("rows 10,026–10,050 of 10,050+")."""
    offset = (listing.page_number - 1) * listing.per_page
    shown = offset + len(listing.rows)
    if not listing.has_next and (listing.rows or listing.page_number == 1):
        listing.total, listing.total_capped = shown, False
        return
    total, capped = (cap, True) if over_cap else capped_count(count_from, cap)
    listing.total, listing.total_capped = (max(total, shown) if capped else total), capped
