"""The part page's "Stock" tab (the movements tab lives in movements.py, with the ledger)."""

from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from apps.catalog.models import Part
from apps.core.access import permission_required
from apps.core.htmx import render_page_or_fragment
from apps.core.listing import offset_page
from apps.core.response_cache import cached_page
from apps.inventory.forms.filters import focus_results
from apps.inventory.selectors.stock import part_stock

# Not sortable: the tab lives inside the part page, whose URL is not the tab's.
PART_STOCK_SORTS = {"location": ("location__code", "batch")}


@require_GET
@permission_required("catalog.view_part", "inventory.view_stockitem")
@cached_page
def part_stock_tab(request, pk):
    part = get_object_or_404(Part, pk=pk)
    listing = offset_page(
        request, part_stock(part), sorts=PART_STOCK_SORTS, default_sort="location"
    )
    context = {"part": part, "listing": listing, "focus_results": focus_results(request)}
    return render_page_or_fragment(
        request, "inventory/part_stock_tab.html", context, fragment="stock"
    )
