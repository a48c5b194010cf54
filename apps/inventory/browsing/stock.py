"""Stock on hand: every stock record, searchable and filterable."""

from django.views.decorators.http import require_GET

from apps.accounts.access import permission_required
from apps.core.htmx import render_page_or_fragment
from apps.core.listing import Listing
from apps.inventory import selectors
from apps.inventory.browsing.forms import StockFilterForm, valid_or_400

STOCK_SORTS = {
    "sku": "part__sku",
    "name": ("part__name", "part__sku"),
    "location": ("location__code", "part__sku"),
    "batch": ("batch", "part__sku"),
    "expiry": ("expiry_date", "part__sku"),
    "quantity": "quantity",
}


@require_GET
@permission_required("inventory.view_stockitem")
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
    listing = Listing.from_request(
        request,
        items,
        sorts=STOCK_SORTS,
        default_sort="sku",
        preferred_order=selectors.stock_exact_first(query),
    )
    context = {
        "listing": listing,
        "form": form,
        "filter_location": location,
        "unknown_location": unknown_location,
        "filtered": any(filters.values()) or bool(listing.query),
    }
    return render_page_or_fragment(request, "inventory/stock_list.html", context, fragment="results")
