"""Keyset paging, for lists too long to count or to skip through (the ledger: a million
movements): Next/Previous links carry a cursor (`after` / `before`: the boundary row's
sort value and id) and a page is the rows just past it on the (value, id) index, so a
deep page costs the same as the first. A plain `page` without a cursor still works
(bookmarks, hand-edited URLs) with OFFSET. Nothing is counted.

    listing = keyset_page(request, movements, sorts={"when": "created_at"},
                          default_sort="-when")

Each sort column is one datetime field; the id breaks ties. The listing carries the
neighbours' URLs (`previous_url`, `next_url`), which keep the rest of the query string.
"""

from datetime import UTC, datetime

from django.core.exceptions import BadRequest
from django.db.models import Q, QuerySet

from apps.core.listing.base import Listing, new_listing, parse_list_params


def encode_cursor(value: datetime, pk: int) -> str:
    """A row's place in the list: its sort value (microseconds since the epoch) and id."""
    moment = value.astimezone(UTC)
    micros = int(moment.timestamp()) * 1_000_000 + moment.microsecond
    return f"{micros}_{pk}"


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        micros, pk = (int(part) for part in cursor.split("_"))
        seconds, rest = divmod(micros, 1_000_000)
        moment = datetime.fromtimestamp(seconds, tz=UTC).replace(microsecond=rest)
    except (ValueError, OverflowError, OSError) as error:
        raise BadRequest("Malformed page cursor.") from error
    return moment, pk


def keyset_page(
    request,
    queryset: QuerySet,
    *,
    sorts: dict[str, str],
    default_sort: str,
    params: dict | None = None,
) -> Listing:
    """One page of `queryset` ordered by the sort column's field and the id."""
    params = parse_list_params(request) if params is None else params
    listing = new_listing(params, sorts, default_sort)
    page_number, per_page = listing.page_number, listing.per_page
    key = sorts[listing.sort.removeprefix("-")]
    descending = listing.sort.startswith("-")
    after, before = request.GET.get("after"), request.GET.get("before")
    if after and before:
        raise BadRequest("Give either after or before, not both.")
    forward = (f"-{key}", "-pk") if descending else (key, "pk")
    backward = (key, "pk") if descending else (f"-{key}", "-pk")
    if after or before:
        value, pk = decode_cursor(after or before)
        # "after" in the list's own order means smaller values when it runs descending.
        if descending == bool(after):
            queryset = queryset.filter(**{f"{key}__lte": value}).exclude(
                Q(**{key: value}) & Q(pk__gte=pk)
            )
        else:
            queryset = queryset.filter(**{f"{key}__gte": value}).exclude(
                Q(**{key: value}) & Q(pk__lte=pk)
            )
        if after:
            rows = list(queryset.order_by(*forward)[: per_page + 1])
            has_next, has_previous = len(rows) > per_page, True
            rows = rows[:per_page]
        else:
            rows = list(queryset.order_by(*backward)[: per_page + 1])
            has_previous, has_next = len(rows) > per_page, True
            rows = list(reversed(rows[:per_page]))
    else:
        start = (page_number - 1) * per_page
        rows = list(queryset.order_by(*forward)[start : start + per_page + 1])
        has_next, has_previous = len(rows) > per_page, page_number > 1
        rows = rows[:per_page]
    listing.rows = rows
    listing.has_next = has_next and bool(rows)
    listing.has_previous = has_previous and page_number > 1
    _link_neighbours(request, listing, key)
    return listing


def _link_neighbours(request, listing: Listing, key: str) -> None:
    """Next: the page after the last row; Previous: the page before the first row (the
    first page plainly, without a cursor)."""
    base = request.GET.copy()
    for name in ("after", "before", "page"):
        base.pop(name, None)
    rows, page_number = listing.rows, listing.page_number
    if listing.has_next:
        params = base.copy()
        params["page"] = page_number + 1
        params["after"] = encode_cursor(getattr(rows[-1], key), rows[-1].pk)
        listing.next_url = f"{request.path}?{params.urlencode()}"
    if listing.has_previous:
        params = base.copy()
        if page_number - 1 > 1:
            params["page"] = page_number - 1
            if rows:
                params["before"] = encode_cursor(getattr(rows[0], key), rows[0].pk)
        listing.previous_url = f"{request.path}?{params.urlencode()}"
