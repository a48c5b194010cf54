"""Purchasing pages: suppliers and their price lists, purchase orders, receiving, reorder.

Views parse input, call a selector or a service and render a page or, for HTMX, the
fragment of the same template (apps/core/htmx.py)."""

import csv
import json
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.db.models import Q
from django.http import Http404, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.response_cache import cached_page
from apps.accounts.access import permission_required
from apps.catalog.models import Part
from apps.core.htmx import is_fragment_request, list_fragment, render_page_or_fragment
from apps.core.listing import Listing, parse_list_params
from apps.purchasing import selectors, services
from apps.purchasing.forms import (
    LineFormSet,
    OrderFilterForm,
    PurchaseOrderForm,
    ReceiveForm,
    ReceiveLineForm,
    SupplierFilterForm,
    SupplierForm,
    SupplierPartForm,
    empty_line_formset,
)
from apps.purchasing.models import PurchaseOrder, Status, Supplier, SupplierPart
from apps.purchasing.services import LineData, PurchasingError, Receipt, ReorderChoice

PREFIX = "lines"


def _redirect(request, url: str):
    if is_fragment_request(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _kept(data: QueryDict, keys) -> dict:
    return {k: data.get(k) for k in keys if data.get(k)}


# --- suppliers ---------------------------------------------------------------------------

@require_GET
@permission_required("purchasing.view_supplier")
def supplier_list(request):
    params = parse_list_params(request)
    filter_form = SupplierFilterForm(request.GET)
    if not filter_form.is_valid():
        raise BadRequest("Invalid filter.")
    status = filter_form.cleaned_data["status"] or "active"
    listing = Listing.from_request(
        request, selectors.supplier_list(query=params["q"], status=status),
        sorts=selectors.SUPPLIER_SORTS, default_sort="name", params=params,
    )
    context = {"listing": listing, "query": params["q"], "status": status,
               "filter_form": filter_form, "filtered": status != "active"}
    return render_page_or_fragment(request, "purchasing/supplier_list.html", context, fragment=list_fragment(request))


def _supplier_form_page(request, form, supplier=None, status=200):
    return render_page_or_fragment(
        request, "purchasing/supplier_form.html", {"form": form, "supplier": supplier},
        fragment="form", status=status,
    )


@require_http_methods(["GET", "POST"])
@permission_required("purchasing.add_supplier")
def supplier_create(request):
    form = SupplierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            supplier = services.supplier_create(data=form.cleaned_data)
        except PurchasingError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"Supplier {supplier.name} created.")
            return _redirect(request, supplier.get_absolute_url())
    return _supplier_form_page(request, form, status=422 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
@permission_required("purchasing.change_supplier")
def supplier_edit(request, pk):
    supplier = get_object_or_404(Supplier, pk=pk)
    form = SupplierForm(request.POST or None, instance=supplier)
    if request.method == "POST" and form.is_valid():
        try:
            services.supplier_update(supplier=supplier, data=form.cleaned_data)
        except PurchasingError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"Supplier {supplier.name} saved.")
            return _redirect(request, supplier.get_absolute_url())
    supplier.refresh_from_db()
    return _supplier_form_page(request, form, supplier, status=422 if form.is_bound else 200)


@require_POST
@permission_required("purchasing.change_supplier")
def supplier_archive(request, pk):
    supplier = get_object_or_404(Supplier, pk=pk)
    active = request.POST.get("active") == "1"
    services.supplier_set_active(supplier=supplier, active=active)
    messages.success(request, f"Supplier {supplier.name} {'restored' if active else 'archived'}.")
    return _redirect(request, supplier.get_absolute_url())


@require_GET
@permission_required("purchasing.view_supplier")
def supplier_detail(request, pk):
    """The supplier, a page of its price list (a big distributor lists ~15,000 parts:
    25 a page, in the supplier's catalogue order) and its latest orders."""
    supplier = get_object_or_404(Supplier, pk=pk)
    price_list = Listing.from_request(
        request, selectors.price_list_ids(supplier), sorts=selectors.PRICE_LIST_SORTS, default_sort="supplier_sku",
    )
    selectors.rows_for_page(price_list, selectors.supplier_parts_by_id)
    context = {
        "supplier": supplier,
        "listing": price_list,
        "supplier_parts": price_list.rows,
        "ctx": "supplier",
    }
    if is_fragment_request(request) and request.headers.get("HX-Target") == "price-list":
        return render(request, "purchasing/supplier_detail.html#price_list", context)
    context["orders"] = (selectors.purchase_order_list(selectors.OrderFilters(supplier=supplier))
                         .order_by("-created_at", "-pk")[:20])
    return render(request, "purchasing/supplier_detail.html", context)


# --- price-list rows (supplier page and part page) ---------------------------------------

def _row_context(request) -> str:
    ctx = request.GET.get("ctx") or request.POST.get("ctx") or "supplier"
    if ctx not in ("supplier", "part"):
        raise BadRequest("Unknown context.")
    return ctx


def _render_row(request, sp, ctx, *, status=200, message=None):
    sp = SupplierPart.objects.select_related("supplier", "part").get(pk=sp.pk)
    if message:
        messages.success(request, message)
    context = {"sp": sp, "ctx": ctx, "just_saved": bool(message), "oob_messages": bool(message)}
    if not is_fragment_request(request):
        return render(request, "purchasing/supplier_part_page.html", context, status=status)
    return render(request, "purchasing/supplier_part_rows.html#row", context, status=status)


def _render_row_form(request, form, ctx, *, sp=None, status=200):
    context = {"form": form, "sp": sp, "ctx": ctx, "action": request.path}
    if not is_fragment_request(request):
        return render(request, "purchasing/supplier_part_page.html", context, status=status)
    return render(request, "purchasing/supplier_part_rows.html#row_form", context, status=status)


def _save_supplier_part(request, form, ctx, *, supplier, sp=None):
    if not form.is_valid():
        return _render_row_form(request, form, ctx, sp=sp, status=422)
    try:
        saved = services.supplier_part_save(
            supplier=form.cleaned_data["supplier_obj"], data=form.service_data(), supplier_part=sp,
        )
    except PurchasingError as error:
        field = error.field
        if field == "part":
            field = "part_sku" if ctx == "supplier" and sp is None else None
        form.add_error(field if field in form.fields else None, error.message)
        return _render_row_form(request, form, ctx, sp=sp, status=422)
    if not is_fragment_request(request):
        messages.success(request, "Price list saved.")
        return redirect(saved.supplier.get_absolute_url() if ctx == "supplier" else f"/parts/{saved.part_id}/suppliers/")
    response = _render_row(request, saved, ctx, message=f"Saved {saved.part.sku} from {saved.supplier.name}.")
    if form.cleaned_data.get("is_preferred"):
        response["HX-Trigger"] = json.dumps({"preferredChanged": {"part": saved.part_id}})
    return response


@require_http_methods(["GET", "POST"])
@permission_required("purchasing.add_supplierpart")
def supplier_part_create(request, pk):
    """A new row on a supplier's price list (GET: the empty form row)."""
    supplier = get_object_or_404(Supplier, pk=pk)
    form = SupplierPartForm(request.POST or None, mode="supplier", fixed_supplier=supplier,
                            initial={"currency": supplier.currency, "minimum_order_quantity": 1})
    if request.method == "GET":
        return _render_row_form(request, form, "supplier")
    return _save_supplier_part(request, form, "supplier", supplier=supplier)


@require_http_methods(["GET", "POST"])
@permission_required("purchasing.add_supplierpart")
def part_supplier_create(request, pk):
    """A new row on a part's Suppliers tab."""
    part = get_object_or_404(Part, pk=pk)
    form = SupplierPartForm(request.POST or None, mode="part", fixed_part=part,
                            initial={"minimum_order_quantity": 1, "unit_price": part.unit_cost})
    if request.method == "GET":
        return _render_row_form(request, form, "part")
    return _save_supplier_part(request, form, "part", supplier=None)


@require_GET
@permission_required("purchasing.view_supplierpart")
def supplier_part_row(request, pk):
    sp = get_object_or_404(SupplierPart, pk=pk)
    return _render_row(request, sp, _row_context(request))


@require_http_methods(["GET", "POST"])
@permission_required("purchasing.change_supplierpart")
def supplier_part_edit(request, pk):
    sp = get_object_or_404(SupplierPart.objects.select_related("supplier", "part"), pk=pk)
    ctx = _row_context(request)
    form = SupplierPartForm(request.POST or None, instance=sp, mode=ctx)
    if request.method == "GET":
        return _render_row_form(request, form, ctx, sp=sp)
    return _save_supplier_part(request, form, ctx, supplier=sp.supplier, sp=sp)


@require_POST
@permission_required("purchasing.delete_supplierpart")
def supplier_part_delete(request, pk):
    sp = get_object_or_404(SupplierPart.objects.select_related("supplier", "part"), pk=pk)
    ctx = _row_context(request)
    services.supplier_part_delete(supplier_part=sp)
    messages.success(request, f"Removed {sp.part.sku} from {sp.supplier.name}'s price list.")
    if is_fragment_request(request):
        return render(request, "components/messages_oob.html")  # the row's swap removes it
    return redirect(sp.supplier.get_absolute_url() if ctx == "supplier" else f"/parts/{sp.part_id}/suppliers/")


@require_GET
@permission_required("purchasing.view_supplierpart")
@cached_page
def part_suppliers(request, pk):
    """The part page's Suppliers tab: price list of the part, and its open orders."""
    part = get_object_or_404(Part, pk=pk)
    context = {
        "part": part,
        "supplier_parts": selectors.supplier_parts_of_part(part),
        "open_lines": selectors.open_orders_of_part(part)[:20],
        "ctx": "part",
    }
    return render_page_or_fragment(request, "purchasing/part_suppliers.html", context, fragment="tab")


# --- purchase orders: list, export -------------------------------------------------------

ORDER_FILTERS = ("q", "status", "supplier")


def _order_filters(request) -> tuple[dict, selectors.OrderFilters, OrderFilterForm]:
    params = parse_list_params(request)
    form = OrderFilterForm(request.GET)
    if not form.is_valid():
        raise BadRequest("Invalid filter: " + form.errors.as_text())
    filters = selectors.OrderFilters(
        query=params["q"], status=form.cleaned_data["status"], supplier=form.cleaned_data["supplier"]
    )
    return params, filters, form


@require_GET
@permission_required("purchasing.view_purchaseorder")
def purchase_order_list(request):
    params, filters, form = _order_filters(request)
    orders = selectors.purchase_order_matches(filters, sort=params.get("sort") or "")
    listing = Listing.from_request(
        request, orders.values_list("pk", flat=True), sorts=selectors.ORDER_SORTS, default_sort="-number",
        params=params,
    )
    selectors.rows_for_page(listing, selectors.purchase_orders_by_id)
    kept = _kept(request.GET, ORDER_FILTERS)
    context = {
        "listing": listing, "query": params["q"], "filter_form": form, "filtered": bool(kept),
        "export_url": reverse("purchasing:purchase_order_export") + (f"?{urlencode(kept)}" if kept else ""),
        "oob": is_fragment_request(request),
    }
    return render_page_or_fragment(
        request, "purchasing/order_list.html", context, fragment=list_fragment(request, whole="results_response")
    )


class _Echo:
    def write(self, value):
        return value


def _cell(value):
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        try:
            float(text)
        except ValueError:
            return "'" + text
    return text


@require_GET
@permission_required("purchasing.view_purchaseorder")
def purchase_order_export(request):
    """CSV: one row per order line of the orders the list's filters select."""
    params, filters, _form = _order_filters(request)
    orders = selectors.purchase_order_list(filters)
    lines = selectors.purchase_order_lines_for_export(orders)

    def rows():
        yield ["Order", "Supplier", "Status", "Currency", "Expected", "Created", "Line", "SKU",
               "Part", "Quantity", "Unit price", "Line total", "Received"]
        for line in lines.iterator(chunk_size=2000):
            order = line.order
            yield [order.number, order.supplier.name, order.get_status_display(), order.currency,
                   order.expected_date or "", order.created_at.date(), line.position, line.part.sku,
                   line.part.name, line.quantity, line.unit_price, line.total, line.received_quantity]

    writer = csv.writer(_Echo())
    response = StreamingHttpResponse((writer.writerow([_cell(v) for v in row]) for row in rows()),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="purchase-orders.csv"'
    return response


# --- purchase orders: the order form ----------------------------------------------------

def _line_formset(data=None, order=None):
    if data is not None:
        return LineFormSet(data, prefix=PREFIX)
    if order is None:
        return empty_line_formset(PREFIX)
    initial = [
        {"line_id": line.pk, "part": line.part_id, "part_label": str(line.part),
         "quantity": line.quantity.normalize(), "unit_price": line.unit_price.normalize()}
        for line in order.lines.all()
    ]
    return LineFormSet(prefix=PREFIX, initial=initial or [{}])


def _annotate_rows(formset, supplier=None):
    """Per form: the chosen part (for its label and unit) and this supplier's terms."""
    part_ids = []
    for form in formset.forms:
        value = form["part"].value()
        try:
            part_ids.append(int(value))
        except (TypeError, ValueError):
            pass
    parts = Part.objects.in_bulk(part_ids) if part_ids else {}
    terms = selectors.supplier_terms(supplier, part_ids)
    total = Decimal("0")
    rows = []
    for form in formset.forms:
        try:
            part = parts.get(int(form["part"].value()))
        except (TypeError, ValueError):
            part = None
        deleted = bool(form["DELETE"].value()) if formset.can_delete else False
        line_total = form.line_total
        if line_total is not None and not deleted:
            total += line_total
        rows.append({"form": form, "part": part, "terms": terms.get(part.pk) if part else None,
                     "deleted": deleted, "total": line_total})
    return rows, total


def _supplier_from(data) -> Supplier | None:
    try:
        return Supplier.objects.filter(pk=int(data.get("supplier"))).first()
    except (TypeError, ValueError):
        return None


def _order_form_context(request, form, formset, *, order=None, show_errors=False):
    supplier = _supplier_from(form.data) if form.is_bound else (order.supplier if order else None)
    rows, total = _annotate_rows(formset, supplier)
    return {
        "form": form, "formset": formset, "rows": rows, "order_total": total, "order": order,
        "supplier": supplier, "show_errors": show_errors,
        "currency": supplier.currency if supplier else "",
        "action": order.get_absolute_url() if order else reverse("purchasing:purchase_order_create"),
        "lines_url": reverse("purchasing:purchase_order_lines") + (f"?order={order.pk}" if order else ""),
    }


def _render_order_form(request, context, status=200):
    template = "purchasing/order_form.html"
    return render_page_or_fragment(request, template, context, fragment="order_form", status=status)


def _line_data(formset) -> list[LineData]:
    lines = []
    for form in formset.forms:
        if formset._should_delete_form(form):
            continue
        data = form.cleaned_data
        lines.append(LineData(part=data["part"], quantity=data["quantity"],
                              unit_price=data["unit_price"], id=data.get("line_id")))
    return lines


def _save_order(request, order=None):
    form = PurchaseOrderForm(request.POST, current_supplier=order.supplier if order else None)
    formset = _line_formset(request.POST)
    valid = form.is_valid() & formset.is_valid()
    if valid:
        try:
            header = form.cleaned_data
            if order is None:
                order = services.purchase_order_create(
                    supplier=header["supplier"], user=request.user, lines=_line_data(formset),
                    expected_date=header["expected_date"], notes=header["notes"],
                )
                text = f"Purchase order {order.number} created as a draft."
            else:
                order = services.purchase_order_update(
                    order=order, supplier=header["supplier"], lines=_line_data(formset),
                    expected_date=header["expected_date"], notes=header["notes"],
                )
                text = f"Purchase order {order.number} saved."
        except PurchasingError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, text)
            return _redirect(request, order.get_absolute_url())
    context = _order_form_context(request, form, formset, order=order, show_errors=True)
    return _render_order_form(request, context, status=422)


@require_http_methods(["GET", "POST"])
@permission_required("purchasing.add_purchaseorder")
def purchase_order_create(request):
    if request.method == "POST":
        return _save_order(request)
    initial = {}
    supplier = _supplier_from(request.GET)
    if supplier:
        initial["supplier"] = supplier.pk
    form = PurchaseOrderForm(initial=initial)
    context = _order_form_context(request, form, _line_formset())
    context["supplier"] = supplier
    return _render_order_form(request, context)


@require_http_methods(["GET", "POST"])
@permission_required("purchasing.view_purchaseorder")
def purchase_order_detail(request, pk):
    """The order. A draft is edited here (header and lines) by whoever may change it."""
    try:
        order = selectors.purchase_order_detail(pk)
    except PurchaseOrder.DoesNotExist:
        raise Http404("No such purchase order.")
    editable = order.is_draft and request.user.has_perm("purchasing.change_purchaseorder")
    if request.method == "POST":
        if not request.user.has_perm("purchasing.change_purchaseorder"):
            from apps.accounts.access import forbidden

            return forbidden(request)
        if not order.is_draft:
            messages.error(request, "Only a draft order can be edited.")
            return _redirect(request, order.get_absolute_url())
        return _save_order(request, order)
    if editable:
        form = PurchaseOrderForm(
            initial={"supplier": order.supplier_id, "expected_date": order.expected_date, "notes": order.notes},
            current_supplier=order.supplier,
        )
        context = _order_form_context(request, form, _line_formset(order=order), order=order)
        return _render_order_form(request, context)
    lines = list(order.lines.all())
    context = {"order": order, "lines": lines, "cancellable": services.CANCELLABLE,
               "order_total": sum((line.total for line in lines), Decimal("0"))}
    return render(request, "purchasing/order_detail.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("purchasing.add_purchaseorder")
def purchase_order_lines(request):
    """Add or remove a line: the whole form comes in, the formset goes back with every
    typed value kept (no validation messages yet). Without JavaScript, the whole page."""
    if request.method == "GET":
        return redirect(reverse("purchasing:purchase_order_create"))
    data = request.POST.copy()
    try:
        total = int(data.get(f"{PREFIX}-TOTAL_FORMS", "0"))
    except ValueError:
        raise BadRequest("Bad formset.")
    if not 0 <= total < 200:
        raise BadRequest("Too many lines.")
    if "remove_line" in data:
        try:
            index = int(data["remove_line"])
        except ValueError:
            raise BadRequest("Bad line.")
        if not 0 <= index < total:
            raise BadRequest("No such line.")
        data[f"{PREFIX}-{index}-DELETE"] = "on"
    else:
        data[f"{PREFIX}-TOTAL_FORMS"] = str(total + 1)
    order = None
    if request.GET.get("order"):
        try:
            order = PurchaseOrder.objects.select_related("supplier").get(pk=int(request.GET["order"]), status=Status.DRAFT)
        except (ValueError, PurchaseOrder.DoesNotExist):
            raise Http404("No such draft order.")
    form = PurchaseOrderForm(data, current_supplier=order.supplier if order else None)
    formset = LineFormSet(data, prefix=PREFIX)
    context = _order_form_context(request, form, formset, order=order)
    context["focus_last"] = "remove_line" not in data
    if is_fragment_request(request):
        return render(request, "purchasing/order_form.html#formset", context)
    return render(request, "purchasing/order_form.html", context)


@require_POST
@permission_required("purchasing.add_purchaseorder")
def purchase_order_totals(request):
    """Line totals and the order total for the values as typed: out-of-band swaps."""
    formset = LineFormSet(request.POST, prefix=PREFIX)
    if not formset.management_form.is_valid():
        raise BadRequest("Bad formset.")
    supplier = _supplier_from(request.POST)
    rows, total = _annotate_rows(formset, supplier)
    return render(request, "purchasing/order_form.html#totals_oob",
                  {"rows": rows, "order_total": total, "currency": supplier.currency if supplier else ""})


@require_GET
@permission_required("purchasing.add_purchaseorder")
def part_suggestions(request):
    """Suggestions for a line's part picker (search as you type)."""
    prefix = request.GET.get("prefix", "")
    if not prefix.startswith(f"{PREFIX}-") or not prefix.removeprefix(f"{PREFIX}-").isdigit():
        raise BadRequest("Bad prefix.")
    query = request.GET.get(f"{prefix}-part_label", request.GET.get("q", ""))[:100]
    supplier = _supplier_from(request.GET)
    parts = selectors.part_suggestions(query, supplier=supplier)
    return render(request, "purchasing/part_suggestions.html",
                  {"parts": parts, "prefix": prefix, "query": query, "supplier": supplier})


# --- purchase orders: transitions, receiving, print --------------------------------------

def _transition(request, pk, service, done: str):
    order = get_object_or_404(PurchaseOrder, pk=pk)
    try:
        service(order=order, user=request.user)
    except PurchasingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Purchase order {order.number} {done}.")
    return _redirect(request, order.get_absolute_url())


@require_POST
@permission_required("purchasing.change_purchaseorder")
def purchase_order_place(request, pk):
    return _transition(request, pk, services.purchase_order_place, "placed")


@require_POST
@permission_required("purchasing.cancel_purchaseorder")
def purchase_order_cancel(request, pk):
    return _transition(request, pk, services.purchase_order_cancel, "cancelled")


def _locations_by_code(codes) -> dict:
    from apps.inventory.models import Location

    wanted = {c.strip().lower() for c in codes if c and c.strip()}
    if not wanted:
        return {}
    query = Q()
    for code in wanted:
        query |= Q(code__iexact=code)
    return {loc.code.lower(): loc for loc in Location.objects.filter(query, is_active=True)}


def _receive_rows(order, data=None):
    rows = []
    for line in order.lines.all():
        default = line.part.default_location.code if line.part.default_location_id else ""
        form = ReceiveLineForm(data, prefix=f"line-{line.pk}",
                               initial={"quantity": line.outstanding.normalize(), "location": default})
        rows.append({"line": line, "form": form, "error": None})
    return rows


@require_http_methods(["GET", "POST"])
@permission_required("purchasing.receive_purchaseorder")
def purchase_order_receive(request, pk):
    order = get_object_or_404(
        PurchaseOrder.objects.select_related("supplier").prefetch_related(
            "lines__part__default_location"), pk=pk)
    if not order.can_receive:
        messages.error(request, f"A {order.get_status_display().lower()} order cannot be received.")
        return _redirect(request, order.get_absolute_url())
    data = request.POST if request.method == "POST" else None
    form = ReceiveForm(data)
    rows = _receive_rows(order, data)
    status = 200
    if request.method == "POST":
        status = 422
        valid = form.is_valid() & all([row["form"].is_valid() for row in rows])
        if valid:
            locations = _locations_by_code(
                r["form"].cleaned_data["location"] for r in rows if r["form"].cleaned_data["quantity"])
            receipts = []
            for row in rows:
                data_ = row["form"].cleaned_data
                if not data_["quantity"]:
                    continue
                code = data_["location"].strip().lower()
                if not code:
                    row["form"].add_error("location", "Enter the location code.")
                    valid = False
                    continue
                if code not in locations:
                    row["form"].add_error("location", f"No active location has the code “{data_['location']}”.")
                    valid = False
                    continue
                receipts.append(Receipt(line=row["line"], quantity=data_["quantity"],
                                        location=locations[code], batch=data_["batch"].strip(),
                                        expiry_date=data_["expiry_date"]))
            if valid:
                try:
                    services.purchase_order_receive(
                        order=order, receipts=receipts, user=request.user,
                        allow_over_receipt=form.cleaned_data["confirm_over_receipt"],
                        note=form.cleaned_data["note"],
                    )
                except PurchasingError as error:
                    target = next((r for r in rows if error.field == f"line-{r['line'].pk}"), None)
                    if target is not None:
                        target["error"] = error.message
                    else:
                        form.add_error(None, error.message)
                    if error.code == "over_receipt":
                        form.add_error("confirm_over_receipt", "Tick to receive more than was ordered.")
                else:
                    order.refresh_from_db()
                    messages.success(request, f"Received against {order.number}; it is now "
                                              f"{order.get_status_display().lower()}.")
                    return _redirect(request, order.get_absolute_url())
    context = {"order": order, "form": form, "rows": rows}
    return render_page_or_fragment(request, "purchasing/order_receive.html", context,
                                   fragment="receive_form", status=status)


@require_GET
@permission_required("purchasing.view_purchaseorder")
def purchase_order_print(request, pk):
    try:
        order = selectors.purchase_order_detail(pk)
    except PurchaseOrder.DoesNotExist:
        raise Http404("No such purchase order.")
    lines = list(order.lines.all())
    terms = selectors.supplier_terms(order.supplier, [line.part_id for line in lines])
    return render(request, "purchasing/order_print.html", {
        "order": order, "lines": [(line, terms.get(line.part_id)) for line in lines],
        "order_total": sum((line.total for line in lines), Decimal("0")),
    })


# --- reorder -----------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@permission_required("purchasing.add_purchaseorder")
def reorder(request):
    """A page of the parts below their reorder point (biggest shortfall first), grouped
    by preferred supplier; POST drafts orders for the ticked ones."""
    params = parse_list_params(request)
    listing = Listing.from_request(
        request, selectors.reorder_page_ids(query=params["q"]), sorts=selectors.REORDER_SORTS,
        default_sort="shortfall", params=params,
    )
    selectors.rows_for_page(listing, selectors.reorder_parts_by_id)
    groups = selectors.reorder_groups(parts=listing.rows)
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        chosen = set(request.POST.getlist("parts"))
        # The ticked parts as they are now (whatever page they were ticked on).
        ids = [int(key) for key in chosen if key.isdigit()]
        if len(ids) > selectors.REORDER_LIMIT:
            raise BadRequest("Too many parts.")
        rows = {str(row.part.pk): row
                for group in selectors.reorder_groups(parts=list(selectors.reorder_parts(ids=ids)))
                for row in group.rows}
        choices = []
        offers = {}
        for key in chosen:
            row = rows.get(key)
            if row is None:
                errors["form"] = "A selected part is no longer below its reorder point; review the list."
                continue
            for sp in ([row.supplier_part] if row.supplier_part else []) + row.alternatives:
                offers[(key, str(sp.supplier_id))] = sp
            supplier_key = request.POST.get(f"supplier-{key}") or (
                str(row.supplier_part.supplier_id) if row.supplier_part else "")
            sp = offers.get((key, supplier_key))
            if sp is None:
                errors[key] = "Choose a supplier for this part."
                continue
            try:
                quantity = Decimal(request.POST.get(f"qty-{key}", "").strip())
                if not quantity.is_finite() or quantity <= 0 or quantity >= Decimal("1e11"):
                    raise ValueError
            except (ArithmeticError, ValueError):
                errors[key] = "Enter a quantity more than zero."
                continue
            choices.append(ReorderChoice(part=row.part, supplier=sp.supplier, quantity=quantity))
        if not chosen:
            errors["form"] = "Select at least one part to order."
        if not errors:
            try:
                orders = services.purchase_orders_draft_from_reorder(choices=choices, user=request.user)
            except PurchasingError as error:
                errors["form"] = error.message
            else:
                numbers = ", ".join(o.number for o in orders)
                messages.success(request, f"Drafted {len(orders)} order{'s' if len(orders) != 1 else ''}: {numbers}.")
                return _redirect(request, reverse("purchasing:purchase_order_list") + "?status=draft")
        status = 422
    posted = request.POST if request.method == "POST" else None
    chosen = set(posted.getlist("parts")) if posted else set()
    for group in groups:
        for row in group.rows:
            key = str(row.part.pk)
            row.error = errors.get(key)
            if posted:
                row.checked = key in chosen
                row.qty_value = posted.get(f"qty-{key}", "")
                row.supplier_value = posted.get(f"supplier-{key}", "")
            else:
                row.checked = bool(row.suggested and row.supplier_part)
                row.qty_value = row.suggested.normalize()
                row.supplier_value = ""
    context = {"groups": groups, "errors": errors, "query": params["q"], "listing": listing}
    return render_page_or_fragment(request, "purchasing/reorder.html", context, fragment="reorder_form", status=status)
