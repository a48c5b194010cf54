"""Stock on hand: every stock record, searchable and filterable."""

from django.views.decorators.http import require_GET

from apps.core.response_cache import cached_page
from apps.accounts.access import permission_required
from apps.core.htmx import render_page_or_fragment
from apps.core.listing import Listing
from apps.inventory import selectors
from apps.inventory.browsing.forms import StockFilterForm, focus_results, valid_or_400

# "sku_key"/"location_key" are Lower(part.sku)/Lower(location.code) (selectors.stock_rows):
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
    """A page of stock records and their total; the total is counted on the bare
    records (no joins), the page fetched with its parts and locations."""
    listing = Listing.from_request(
        request,
        selectors.stock_rows(items),
        sorts=STOCK_SORTS,
        default_sort=default_sort,
        preferred_order=selectors.stock_exact_first(query),
        count=False,
    )
    listing.total = items.count()
    return listing


@require_GET
@permission_required("inventory.view_stockitem")
@cached_page
def stock_list(request):
    form = StockFilterForm(request.GET)
    filters = valid_or_400(form)
    query = request.GET.get("q", "")
    location = selectors.location_for_code(filters["location"])
    unknown_location = filters["location"] if filters["location"] and location is None else ""
    items = selectors.stock_search(
        query=query,
        location=location,
        category=filters["category"],
        expires_before=filters["expires_before"],
        zero_or_negative=filters["zero"],
    )
    if unknown_location:
        items = items.none()
    listing = stock_listing(request, items, query=query, default_sort="sku")
    context = {
        "listing": listing,
        "form": form,
        "filter_location": location,
        "unknown_location": unknown_location,
        "filtered": any(filters.values()) or bool(listing.query),
        "focus_results": focus_results(request),
    }
    return render_page_or_fragment(request, "inventory/stock_list.html", context, fragment="results")
