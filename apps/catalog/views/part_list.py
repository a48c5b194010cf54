"""The parts list: search, filters, sort and paging; bulk actions on its rows; CSV export.

Views parse input, call a selector or a service and render the page or, for HTMX, the
fragment of the same template (apps/core/htmx.py).
"""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.catalog.forms.categories import category_label
from apps.catalog.forms.parts import BulkActionForm, PartFilterForm
from apps.catalog.models import Category
from apps.catalog.selectors import parts as selectors
from apps.catalog.selectors.categories import category_paths
from apps.catalog.services import parts as services
from apps.catalog.services.parts import CatalogError
from apps.core.access import permission_required
from apps.core.exports import export_response
from apps.core.htmx import is_fragment_request, list_fragment, render_page_or_fragment
from apps.core.listing import parse_list_params
from apps.core.response_cache import cached_page

LIST_PARAMS = ("q", "sort", "page", "per_page", "category", "location", "below", "status")
FILTER_PARAMS = ("q", "category", "location", "below", "status")


def _part_listing(request, data: QueryDict):
    """The list's context from query-string-like `data`, or a 422 context when a filter
    is wrong (its message shows next to the field and in place of the rows)."""
    params = parse_list_params(request, data=data)
    filter_form = PartFilterForm(data)
    context = {"filter_form": filter_form, "query": params["q"]}
    if not filter_form.is_valid():
        context["listing"] = None
        return context, 422
    filters = filter_form.filters(params["q"])
    listing = selectors.part_page(filters, params=params)
    kept = {k: data.get(k) for k in FILTER_PARAMS if data.get(k)}
    list_values = {k: data.get(k) for k in LIST_PARAMS if data.get(k)}
    without_paging = {k: v for k, v in list_values.items() if k not in ("page", "per_page")}
    context.update(
        listing=listing,
        filters=filters,
        filter_values=kept,
        export_url=reverse("catalog:part_export") + (f"?{urlencode(kept)}" if kept else ""),
        list_values=list_values,
        page_size_urls=[
            (size, "?" + urlencode({**without_paging, "per_page": size}))
            for size in listing.page_sizes
        ],
        filtered=bool(kept),
    )
    return context, 200


def _bulk_categories():
    return Category.objects.filter(is_active=True).only("pk", "name", "depth").order_by("path")


def _bulk_category_options(categories) -> list[Category]:
    """The categories a bulk action may set, indented like the tree they come from."""
    categories = list(categories)
    for category in categories:
        category.label = category_label(category.name, category.depth)
    return categories


@require_GET
@permission_required("catalog.view_part")
@cached_page
def part_list(request):
    context, status = _part_listing(request, request.GET)
    fragment = list_fragment(request, whole="results_response")
    if is_fragment_request(request):
        context["oob"] = True  # the bulk form's copy of the list's parameters
    else:
        if request.user.has_perm("catalog.change_part"):
            context["bulk_categories"] = _bulk_category_options(_bulk_categories())
            context["bulk_actions"] = BulkActionForm.ACTIONS
        if status != 200:
            status = 400
    return render_page_or_fragment(
        request, "catalog/part_list.html", context, fragment=fragment, status=status
    )


CENT = Decimal("0.01")


def _export_rows(parts):
    """The list as the pages show it: the category's full path, numbers without the
    zeros of storage (core.exports writes Decimals so: 12, not 12.000), the stock value
    in cents (1830.24, not the product's 1830.24000000000)."""
    yield [
        "SKU",
        "Name",
        "Category",
        "Unit",
        "On hand",
        "Available",
        "Reorder point",
        "Reorder quantity",
        "Unit cost",
        "Stock value",
        "Barcode",
        "Active",
    ]
    paths = category_paths()
    for part in parts.iterator(chunk_size=2000):
        yield [
            part.sku,
            part.name,
            paths.get(part.category_id, part.category.name),
            part.unit_id,
            part.quantity_on_hand,
            part.available,
            part.reorder_point,
            part.reorder_quantity,
            part.unit_cost,
            Decimal(part.value).quantize(CENT),
            part.barcode or "",
            part.is_active,
        ]


@require_http_methods(["GET", "POST"])
@permission_required("catalog.export_parts")
def part_export(request):
    """CSV of the filtered list (GET with the list's query string) or of a selection
    (`ids`, from the bulk form)."""
    data = request.POST if request.method == "POST" else request.GET
    params = parse_list_params(request, data=data)
    filter_form = PartFilterForm(data)
    if not filter_form.is_valid():
        raise BadRequest("Invalid filter: " + filter_form.errors.as_text())
    filters = filter_form.filters(params["q"])
    ids = data.getlist("ids")
    if ids and not data.get("all_matching"):
        try:
            filters = selectors.PartFilters(
                ids=tuple(int(i) for i in ids), status=selectors.STATUS_ALL
            )
        except ValueError:
            raise BadRequest("Invalid selection.") from None
    parts = selectors.part_list(filters)
    sort = params.get("sort") or "sku"
    column = sort.removeprefix("-")
    if column not in selectors.PART_SORTS:
        raise BadRequest("Unknown sort column.")
    ordering = selectors.PART_SORTS[column]
    parts = parts.order_by(f"-{ordering}" if sort.startswith("-") else ordering, "pk")
    return export_response(_export_rows(parts), filename="parts")


@require_POST
@permission_required("catalog.change_part")
def part_bulk(request):
    """Set category, activate or deactivate the selected parts (or all matching the
    list's filters, carried in hidden fields). All or nothing."""
    form = BulkActionForm(request.POST)
    form.fields["target_category"].queryset = _bulk_categories()
    list_data = QueryDict(mutable=True)
    for key in LIST_PARAMS:
        if request.POST.get(key):
            list_data[key] = request.POST[key]
    level, text = messages.SUCCESS, ""
    if not form.is_valid():
        level = messages.ERROR
        text = " ".join(e for errors in form.errors.values() for e in errors)
        status = 422
    else:
        data = form.cleaned_data
        if data["all_matching"]:
            filter_form = PartFilterForm(list_data)
            if not filter_form.is_valid():
                raise BadRequest("Invalid filter: " + filter_form.errors.as_text())
            parts = selectors.part_matches(filter_form.filters(list_data.get("q", "").strip()))
        else:
            parts = data["ids"]
        try:
            if data["action"] == "set_category":
                count = services.parts_bulk_set_category(
                    parts=parts, category=data["target_category"]
                )
                text = f"{count} part{'s' if count != 1 else ''} moved to {data['target_category'].name}."
            else:
                active = data["action"] == "activate"
                count = services.parts_bulk_set_active(parts=parts, active=active)
                text = f"{count} part{'s' if count != 1 else ''} {'activated' if active else 'archived'}."
            status = 200
        except CatalogError as error:
            level, text, status = messages.ERROR, error.message, 422
    messages.add_message(request, level, text)
    if not is_fragment_request(request):
        return redirect(
            reverse("catalog:part_list") + (f"?{list_data.urlencode()}" if list_data else "")
        )
    # Re-render the list as it now is, with the list's own URL parameters.
    request.GET = list_data
    context, list_status = _part_listing(request, list_data)
    context["oob"] = context["oob_messages"] = True
    return render(
        request,
        "catalog/part_list.html#rows_response",
        context,
        status=list_status if status == 200 else status,
    )
