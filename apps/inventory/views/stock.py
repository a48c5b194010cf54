"""Stock on hand: every stock record, searchable and filterable."""

from django.views.decorators.http import require_GET

from apps.core.access import permission_required
from apps.core.htmx import list_fragment, render_page_or_fragment
from apps.core.listing import COUNT_CAP, Listing, offset_page
from apps.core.response_cache import cached_page
from apps.inventory.forms.filters import StockFilterForm, focus_results, valid_or_400
from apps.inventory.selectors.locations import location_for_code
from apps.inventory.selectors.stock import stock_exact_first, stock_rows, stock_search

# "sku_key"/"location_key" are Lower(part.sku)/Lower(location.code) (stock_rows):
# ordering on them walks unique indexes, so a page needs no sort of every record.
STOCK_SORTS = {
    "sku": "sku_key",
    "name": ("part__name", "sku_key"),
    "location": ("location_key", "sku_key"),
    "batch": ("batch", "sku_key"),
    "expiry": ("expiry_date", "sku_key"),
    "quantity": "quantity",
}


def stock_listing(request, items, *, query: str, default_sort: str) -> Listing:
    """A page of stock records, fetched with their parts and locations; the total is
    counted on the bare records (no joins for the columns), at most COUNT_CAP + 1 of
    them, and exactly on the last page."""
    return offset_page(
        request,
        stock_rows(items),
        sorts=STOCK_SORTS,
        default_sort=default_sort,
        preferred_order=stock_exact_first(query),
        count="capped",
        count_from=items,
        cap=COUNT_CAP,
    )


@require_GET
@permission_required("inventory.view_stockitem")
@cached_page
def stock_list(request):
    form = StockFilterForm(request.GET)
    filters = valid_or_400(form)
    query = request.GET.get("q", "")
    location = location_for_code(filters["location"])
    unknown_location = filters["location"] if filters["location"] and location is None else ""
    items = stock_search(
        query=query,
        location=location,
        category=filters["category"],
        expires_before=filters["expires_before"],
        zero_or_negative=filters["zero"],
    )
    if unknown_location:
        items = items.none()
    listing = stock_listing(request, items, query=query, default_sort="sku")
    context = stock_table_context(request, listing, select=filters["select"]) | {
        "form": form,
        "filter_location": location,
        "unknown_location": unknown_location,
        "filtered": any(value for name, value in filters.items() if name != "select")
        or bool(listing.query),
    }
    return render_page_or_fragment(
        request,
        "inventory/stock_list.html",
        context,
        fragment=list_fragment(request),  # the selection switch targets #results too
    )


def stock_table_context(request, listing: Listing, *, select: bool) -> dict:
    """What the stock table (stock_list.html#results, also on the location page) needs."""
    can_move = request.user.has_perm("inventory.move_stock")
    return {
        "listing": listing,
        "focus_results": focus_results(request),
        # After paging, focus goes to the new rows; not after a refresh (a stock change
        # made elsewhere on the page) nor while typing in the filter form.
        "focus_rows": focus_results(request) and request.htmx.trigger != "list-foot",
        "can_count": request.user.has_perm("inventory.count_stock"),
        "can_move": can_move,
        # Ticking rows (to move them) is a mode: browsing rows stay small without a
        # checkbox each, and the mode is in the URL like every other list setting.
        "selecting": can_move and select,
    }
