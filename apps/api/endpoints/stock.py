"""Stock records: the stock page's list (search, filters, sorts) and one record."""

from datetime import date
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Query, Router

from apps.api.access import permission
from apps.api.endpoints._lists import form_data, list_page, sort_values, valid
from apps.api.page_cache import cached_read
from apps.api.paging import MAX_PAGE_SIZE, SortKey
from apps.api.schemas.common import ERRORS_READ, Cursor, Id, Text
from apps.api.schemas.inventory import StockRecordOut, StockRecordPage
from apps.inventory.forms.filters import StockFilterForm
from apps.inventory.models import StockItem
from apps.inventory.selectors.locations import location_for_code
from apps.inventory.selectors.stock import stock_exact_first, stock_rows, stock_search

router = Router(tags=["inventory"])

# The stock page's sorts (apps/inventory/views/stock.py STOCK_SORTS), as keyset keys.
STOCK_SORTS = {
    "sku": SortKey("sku_key"),
    "name": (SortKey("part__name"), SortKey("sku_key")),
    "location": (SortKey("location_key"), SortKey("sku_key")),
    "batch": (SortKey("batch"), SortKey("sku_key")),
    "expiry": (SortKey("expiry_date", nullable=True), SortKey("sku_key")),
    "quantity": SortKey("quantity"),
}
StockSort = Literal[sort_values(STOCK_SORTS)]


def _records(ids):
    rows = stock_rows(StockItem.objects.filter(pk__in=ids)).in_bulk(ids)
    return [rows[pk] for pk in ids if pk in rows]


@router.get(
    "/stock-records/",
    response={200: StockRecordPage, **ERRORS_READ},
    auth=permission("inventory.view_stockitem"),
)
@cached_read
def stock_record_list(
    request,
    q: Text(100) = "",
    location: Text(32) | None = None,
    category: Id | None = None,
    expires_before: date | None = None,
    zero: bool = False,
    sort: StockSort = "sku",
    cursor: Cursor | None = None,
    per_page: int = Query(25, ge=1, le=MAX_PAGE_SIZE),
):
    """Stock records as on the stock page: search (part SKU or name, location code,
    batch), under a location code, in a category, expiring before a date, zero or
    negative only; an exact SKU match first."""
    filters = valid(
        StockFilterForm(
            form_data(
                location=location, category=category, expires_before=expires_before, zero=zero
            )
        )
    )
    place = location_for_code(filters["location"])
    items = stock_search(
        query=q,
        location=place,
        category=filters["category"],
        expires_before=filters["expires_before"],
        zero_or_negative=filters["zero"],
    )
    if filters["location"] and place is None:
        items = items.none()
    first = [SortKey(key) for key in stock_exact_first(q)]
    return list_page(
        request,
        stock_rows(items),
        sorts=STOCK_SORTS,
        sort=sort,
        cursor=cursor,
        per_page=per_page,
        fetch=_records,
        first=first,
    )


@router.get(
    "/stock-records/{pk}/",
    response={200: StockRecordOut, **ERRORS_READ},
    auth=permission("inventory.view_stockitem"),
)
@cached_read
def stock_record_detail(request, pk: Id):
    return get_object_or_404(StockItem.objects.select_related("part", "location"), pk=pk)
