"""The ledger: every stock movement, newest first, paged without counting a million rows.

Keyset pages (apps/core/listing/keyset.py): Next/Previous links carry a cursor (the
boundary row's created_at and id), so a deep page costs the same as the first: the query
walks the (created_at, id) index from the cursor instead of skipping OFFSET rows.
"""

from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from apps.catalog.models import Part
from apps.core.access import permission_required
from apps.core.htmx import is_fragment_request, render_page_or_fragment
from apps.core.listing import keyset_page, parse_list_params
from apps.core.listing.base import new_listing
from apps.core.response_cache import cached_page
from apps.inventory.forms.filters import MovementFilterForm, focus_results
from apps.inventory.selectors.locations import location_for_code
from apps.inventory.selectors.movements import movement_search, movement_totals, part_movements

MOVEMENT_SORTS = {"when": "created_at"}


@require_GET
@permission_required("inventory.view_stockmovement")
@cached_page
def movement_list(request):
    params = parse_list_params(request)
    form = MovementFilterForm(request.GET)
    if not form.is_valid():
        return _invalid_filters(request, form, params)
    filters = form.cleaned_data
    part = (
        Part.objects.select_related("unit").filter(sku__iexact=filters["part"]).first()
        if filters["part"]
        else None
    )
    location = location_for_code(filters["location"])
    unknown = []
    if filters["part"] and part is None:
        unknown.append(f"no part with SKU “{filters['part']}”")
    if filters["location"] and location is None:
        unknown.append(f"no location with code “{filters['location']}”")
    date_from, date_to = form.date_range()
    movements = movement_search(
        query=params.get("q") or "",
        kind=filters["kind"],
        part=part,
        location=location,
        user=filters["user"],
        date_from=date_from,
        date_to=date_to,
    )
    if unknown:
        movements = movements.none()
    listing = keyset_page(
        request, movements, sorts=MOVEMENT_SORTS, default_sort="-when", params=params
    )
    filtered = any(filters.values()) or bool(listing.query)
    context = {
        "listing": listing,
        "form": form,
        "unknown": unknown,
        "filtered": filtered,
        "focus_results": focus_results(request),
        # Totals of what the filters select (the whole ledger is not added up: a
        # million lines on every visit of the list's first page).
        "totals": movement_totals(movements) if filtered else None,
        "part": part,
    }
    return render_page_or_fragment(
        request, "inventory/movement_list.html", context, fragment="results"
    )


def _invalid_filters(request, form, params):
    """A filter the form refuses (a malformed or out-of-range date, an unknown kind):
    its message in place of the rows; 422 for the list's own request (htmx swaps it in),
    400 for a page."""
    listing = new_listing({**params, "page": 1}, MOVEMENT_SORTS, "-when")
    errors = [
        f"{form.fields[name].label if name in form.fields else 'Filter'}: {message}"
        for name, messages in form.errors.items()
        for message in messages
    ]
    context = {
        "listing": listing,
        "form": form,
        "unknown": [],
        "filter_errors": errors,
        "filtered": True,
        "focus_results": False,
    }
    return render_page_or_fragment(
        request,
        "inventory/movement_list.html",
        context,
        fragment="results",
        status=422 if is_fragment_request(request) else 400,
    )


@require_GET
@permission_required("catalog.view_part", "inventory.view_stockmovement")
@cached_page
def part_movements_tab(request, pk):
    part = get_object_or_404(Part, pk=pk)
    params = parse_list_params(request)
    listing = keyset_page(
        request, part_movements(part), sorts=MOVEMENT_SORTS, default_sort="-when", params=params
    )
    context = {
        "part": part,
        "listing": listing,
        "focus_results": focus_results(request),
    }
    return render_page_or_fragment(
        request, "inventory/part_movements_tab.html", context, fragment="movements"
    )
