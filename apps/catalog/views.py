"""Catalog pages: the parts list, a part's page, part and category forms, the tree.

Views parse input, call a selector or a service and render a page or, for HTMX, the
fragment of the same template (apps/core/htmx.py).
"""

import csv
import json

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.response_cache import cached_page
from apps.accounts.access import permission_required
from apps.catalog import selectors, services
from apps.catalog.forms import (
    BulkActionForm,
    CategoryForm,
    PartFilterForm,
    category_label,
    PartForm,
    ReorderPointForm,
)
from apps.catalog.models import Category, Part
from apps.core.htmx import is_fragment_request, list_fragment, render_page_or_fragment
from apps.core.listing import PAGE_SIZES, ListParamsForm, Listing

LIST_PARAMS = ("q", "sort", "page", "per_page", "category", "location", "below", "status")
FILTER_PARAMS = ("q", "category", "location", "below", "status")


def _trigger(response: HttpResponse, **events) -> HttpResponse:
    response["HX-Trigger"] = json.dumps(events)
    return response


def _list_params(data: QueryDict) -> dict:
    form = ListParamsForm(data)
    if not form.is_valid():
        raise BadRequest("; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
    return form.cleaned_data


def _part_listing(request, data: QueryDict):
    """The list's context from query-string-like `data`, or a 422 context when a filter
    is wrong (its message shows next to the field and in place of the rows)."""
    params = _list_params(data)
    filter_form = PartFilterForm(data)
    context = {"filter_form": filter_form, "query": params["q"]}
    if not filter_form.is_valid():
        context["listing"] = None
        return context, 422
    query = params["q"]
    filters = filter_form.filters(query)
    sort = params.get("sort") or "sku"
    if sort.removeprefix("-") not in selectors.PART_SORTS:
        raise BadRequest(f"Unknown sort column: {sort.removeprefix('-')!r}")
    page_number = params.get("page") or 1
    per_page = params.get("per_page") or PAGE_SIZES[0]
    cap = selectors.LOCATION_COUNT_CAP if filters.location_path else selectors.COUNT_CAP
    page = selectors.part_page(filters, sort=sort, page=page_number, per_page=per_page, cap=cap)
    listing = Listing(
        query=query,
        sort=sort,
        per_page=per_page,
        page_number=page_number,
        rows=selectors.part_rows(page.ids),
        has_next=page.has_next,
        has_previous=page_number > 1,
        total=page.total,
        sort_options=selectors.PART_SORTS,
    )
    context["total_capped"] = page.capped
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


def _csv_rows(parts):
    yield ["SKU", "Name", "Category", "Unit", "On hand", "Available", "Reorder point",
           "Reorder quantity", "Unit cost", "Stock value", "Barcode", "Active"]
    for part in parts.iterator(chunk_size=2000):
        yield [part.sku, part.name, part.category.name, part.unit, part.quantity_on_hand,
               part.available, part.reorder_point, part.reorder_quantity, part.unit_cost,
               part.value, part.barcode or "", "yes" if part.is_active else "no"]


class _Echo:
    def write(self, value):
        return value


def _neutralise(value):
    """Cells starting with = + - @ are formulas to a spreadsheet: quote them."""
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@require_http_methods(["GET", "POST"])
@permission_required("catalog.export_parts")
def part_export(request):
    """CSV of the filtered list (GET with the list's query string) or of a selection
    (`ids`, from the bulk form)."""
    data = request.POST if request.method == "POST" else request.GET
    params = _list_params(data)
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
            raise BadRequest("Invalid selection.")
    parts = selectors.part_list(filters)
    sort = params.get("sort") or "sku"
    column = sort.removeprefix("-")
    if column not in selectors.PART_SORTS:
        raise BadRequest("Unknown sort column.")
    ordering = selectors.PART_SORTS[column]
    parts = parts.order_by(f"-{ordering}" if sort.startswith("-") else ordering, "pk")
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow([_neutralise(v) for v in row]) for row in _csv_rows(parts)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="parts.csv"'
    return response


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
                count = services.parts_bulk_set_category(parts=parts, category=data["target_category"])
                text = f"{count} part{'s' if count != 1 else ''} moved to {data['target_category'].name}."
            else:
                active = data["action"] == "activate"
                count = services.parts_bulk_set_active(parts=parts, active=active)
                text = f"{count} part{'s' if count != 1 else ''} {'activated' if active else 'archived'}."
            status = 200
        except ValidationError as error:
            level, text, status = messages.ERROR, " ".join(error.messages), 422
    messages.add_message(request, level, text)
    if not is_fragment_request(request):
        return redirect(reverse("catalog:part_list") + (f"?{list_data.urlencode()}" if list_data else ""))
    # Re-render the list as it now is, with the list's own URL parameters.
    request.GET = list_data
    context, list_status = _part_listing(request, list_data)
    context["oob"] = context["oob_messages"] = True
    return render(
        request, "catalog/part_list.html#rows_response", context,
        status=list_status if status == 200 else status,
    )


@require_GET
@permission_required("catalog.view_part")
@cached_page
def part_detail(request, pk):
    try:
        part = selectors.part_detail(pk)
    except Part.DoesNotExist:
        raise Http404("No such part.")
    tab_urls = {
        "stock": f"/parts/{part.pk}/stock/",
        "movements": f"/parts/{part.pk}/movements/",
        "suppliers": f"/parts/{part.pk}/suppliers/",
        "history": f"/history/catalog.part/{part.pk}/",
    }
    context = {
        "part": part,
        "category_path": selectors.category_ancestors(part.category),
        "tab_urls": tab_urls,
        "tabs": [
            ("stock", "Stock by location", tab_urls["stock"]),
            ("movements", "Movements", tab_urls["movements"]),
            ("suppliers", "Suppliers", tab_urls["suppliers"]),
            ("history", "History", tab_urls["history"]),
        ],
    }
    return render_page_or_fragment(request, "catalog/part_detail.html", context, fragment="header")


def _form_response(request, template, context, *, status=200):
    return render_page_or_fragment(request, template, context, fragment="form", status=status)


def _after_save(request, url: str, text: str):
    messages.success(request, text)
    if is_fragment_request(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


@require_http_methods(["GET", "POST"])
@permission_required("catalog.add_part")
def part_create(request):
    validate_url = reverse("catalog:part_validate")
    if request.method == "POST":
        form = PartForm(request.POST, request.FILES, validate_url=validate_url)
        if form.is_valid():
            try:
                part = services.part_create(**form.part_data())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return _after_save(request, part.get_absolute_url(), f"Part {part.sku} created.")
        status = 422
    else:
        initial = {}
        if request.GET.get("category", "").isdigit():
            initial["category"] = int(request.GET["category"])
        form = PartForm(initial=initial, validate_url=validate_url)
        status = 200
    context = {"form": form, "title": "New part", "action": reverse("catalog:part_create")}
    return _form_response(request, "catalog/part_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@permission_required("catalog.change_part")
def part_edit(request, pk):
    part = get_object_or_404(Part.objects.select_related("default_location"), pk=pk)
    validate_url = reverse("catalog:part_validate_existing", args=[part.pk])
    if request.method == "POST":
        form = PartForm(request.POST, request.FILES, instance=part, validate_url=validate_url)
        if form.is_valid():
            try:
                services.part_update(part=part, **form.part_data())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return _after_save(request, part.get_absolute_url(), f"Part {part.sku} saved.")
        status = 422
    else:
        form = PartForm(instance=part, validate_url=validate_url)
        status = 200
    context = {"form": form, "part": part, "title": f"Edit {part.sku}",
               "action": reverse("catalog:part_edit", args=[part.pk])}
    return _form_response(request, "catalog/part_form.html", context, status=status)


VALIDATED_FIELDS = ("sku", "barcode")


@require_POST
@permission_required("catalog.add_part")
def part_validate(request):
    """Validates one field of the part form as the user leaves it; returns the field."""
    return _validate_field(request, None)


@require_POST
@permission_required("catalog.change_part")
def part_validate_existing(request, pk):
    return _validate_field(request, pk)


def _validate_field(request, pk):
    name = request.GET.get("field")
    if name not in VALIDATED_FIELDS:
        raise BadRequest("Unknown field.")
    instance = get_object_or_404(Part, pk=pk) if pk else None
    url = reverse("catalog:part_validate_existing", args=[pk]) if pk else reverse("catalog:part_validate")
    form = PartForm(request.POST, instance=instance, validate_url=url)
    form.is_valid()
    bound = form[name]
    html = render_to_string("catalog/part_form.html#field", {"field": bound}, request=request)
    return HttpResponse(html, status=422 if bound.errors else 200)


@require_POST
@permission_required("catalog.change_part")
def part_archive(request, pk):
    part = get_object_or_404(Part, pk=pk)
    active = request.POST.get("active") == "1"
    part = services.part_set_active(part=part, active=active)
    text = f"Part {part.sku} {'restored' if active else 'archived'}."
    return _after_save(request, part.get_absolute_url(), text)


@require_http_methods(["GET", "POST"])
@permission_required("catalog.delete_part")
def part_delete(request, pk):
    part = get_object_or_404(Part, pk=pk)
    error = None
    if request.method == "POST":
        try:
            services.part_delete(part=part)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            return _after_save(request, reverse("catalog:part_list"), f"Part {part.sku} deleted.")
    context = {"object": part, "kind": "part", "error": error,
               "action": reverse("catalog:part_delete", args=[part.pk]), "cancel_url": part.get_absolute_url()}
    return render_page_or_fragment(
        request, "catalog/confirm_delete.html", context, fragment="confirm",
        status=409 if error else 200,
    )


def _row_response(request, part_id, *, editing=False, form=None, status=200):
    part = get_object_or_404(selectors.part_list(selectors.PartFilters(status=selectors.STATUS_ALL)), pk=part_id)
    if form is None and editing:
        form = ReorderPointForm(initial={"reorder_point": part.reorder_point.normalize()})
    context = {
        "part": part, "reorder_form": form, "editing": editing,
        "can_edit": request.user.has_perm("catalog.change_part"),
    }
    if is_fragment_request(request):
        template = "catalog/part_list.html#row_edit" if editing else "catalog/part_list.html#row"
        return render(request, template, context, status=status)
    return render(request, "catalog/part_row_page.html", context, status=status)


@require_GET
@permission_required("catalog.view_part")
def part_row(request, pk):
    """One row of the parts list (Escape in the inline editor comes back to it)."""
    return _row_response(request, pk)


@require_http_methods(["GET", "POST"])
@permission_required("catalog.change_part")
def part_reorder_point(request, pk):
    """Edit the reorder point in place in the list: GET the editing row, POST saves."""
    if request.method == "GET":
        return _row_response(request, pk, editing=True)
    part = get_object_or_404(Part, pk=pk)
    form = ReorderPointForm(request.POST)
    if form.is_valid():
        try:
            part = services.part_set_reorder_point(
                part_id=part.pk, reorder_point=form.cleaned_data["reorder_point"]
            )
        except ValidationError as error:
            form.add_error("reorder_point", error)
    if form.errors:
        return _row_response(request, pk, editing=True, form=form, status=422)
    text = f"Reorder point of {part.sku} set to {part.reorder_point.normalize():f}."
    if not is_fragment_request(request):
        messages.success(request, text)
        return redirect(reverse("catalog:part_list") + f"?{urlencode({'q': part.sku})}")
    response = _row_response(request, pk)
    return _trigger(response, showMessage=text)


# --- categories -------------------------------------------------------------------


@require_GET
@permission_required("catalog.view_category")
def category_list(request):
    context = {"children": selectors.category_children(None), "parent": None}
    return render_page_or_fragment(request, "catalog/category_list.html", context, fragment="children")


@require_GET
@permission_required("catalog.view_category")
def category_children(request, pk):
    parent = get_object_or_404(Category, pk=pk)
    context = {
        "children": selectors.category_children(parent),
        "parent": parent,
        "ancestors": selectors.category_ancestors(parent),
    }
    return render_page_or_fragment(request, "catalog/category_list.html", context, fragment="children")


def _in_dialog(request) -> bool:
    return is_fragment_request(request) and request.headers.get("HX-Target") == "dialog-content"


@require_http_methods(["GET", "POST"])
@permission_required("catalog.add_category")
def category_create(request):
    dialog = _in_dialog(request) or request.GET.get("dialog") == "1"
    if request.method == "POST":
        form = CategoryForm(request.POST)
        if form.is_valid():
            try:
                category = services.category_create(**form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                text = f"Category {category.name} created."
                if dialog and is_fragment_request(request):
                    # Close the dialog and put the new category, selected, in the part form.
                    part_form = PartForm(initial={"category": category.pk})
                    html = render_to_string(
                        "catalog/category_form.html#created", {"part_form": part_form}, request=request
                    )
                    response = HttpResponse(html)
                    response["HX-Retarget"] = "#category-field"
                    response["HX-Reswap"] = "innerHTML"
                    return _trigger(response, closeDialog=True, showMessage=text)
                return _after_save(request, reverse("catalog:category_list"), text)
        status = 422
    else:
        initial = {}
        if request.GET.get("parent", "").isdigit():
            initial["parent"] = int(request.GET["parent"])
        form = CategoryForm(initial=initial)
        status = 200
    context = {"form": form, "title": "New category", "dialog": dialog,
               "action": reverse("catalog:category_create") + ("?dialog=1" if dialog else "")}
    return render_page_or_fragment(request, "catalog/category_form.html", context, fragment="form", status=status)


@require_http_methods(["GET", "POST"])
@permission_required("catalog.change_category")
def category_edit(request, pk):
    category = get_object_or_404(Category, pk=pk)
    if request.method == "POST":
        form = CategoryForm(request.POST, instance=category)
        if form.is_valid():
            try:
                services.category_update(category=category, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return _after_save(request, reverse("catalog:category_list"), f"Category {category.name} saved.")
        status = 422
    else:
        form = CategoryForm(instance=category)
        status = 200
    context = {"form": form, "category": category, "title": f"Edit {category.name}",
               "action": reverse("catalog:category_edit", args=[category.pk])}
    return render_page_or_fragment(request, "catalog/category_form.html", context, fragment="form", status=status)


@require_POST
@permission_required("catalog.change_category")
def category_archive(request, pk):
    category = get_object_or_404(Category, pk=pk)
    active = request.POST.get("active") == "1"
    try:
        category = services.category_set_active(category=category, active=active)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Category {category.name} {'restored' if active else 'archived'}.")
    if is_fragment_request(request):
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return redirect("catalog:category_list")


@require_http_methods(["GET", "POST"])
@permission_required("catalog.delete_category")
def category_delete(request, pk):
    category = get_object_or_404(Category, pk=pk)
    error = None
    if request.method == "POST":
        try:
            services.category_delete(category=category)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            return _after_save(request, reverse("catalog:category_list"), f"Category {category.name} deleted.")
    context = {"object": category, "kind": "category", "error": error,
               "action": reverse("catalog:category_delete", args=[category.pk]),
               "cancel_url": reverse("catalog:category_list")}
    return render_page_or_fragment(
        request, "catalog/confirm_delete.html", context, fragment="confirm",
        status=409 if error else 200,
    )
