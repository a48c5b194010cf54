"""The purchase order form (a new order, or a draft on its own page): header and lines,
adding and removing lines, live totals and the line's part picker."""

import contextlib
from decimal import Decimal

from django.core.exceptions import BadRequest
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.catalog.models import Part
from apps.core.access import permission_required
from apps.core.htmx import is_fragment_request, redirect_after_write, render_page_or_fragment
from apps.purchasing.errors import PurchasingError
from apps.purchasing.forms.orders import (
    LINE_VALUE_LIMIT,
    LineFormSet,
    PurchaseOrderForm,
    empty_line_formset,
)
from apps.purchasing.models import PurchaseOrder, Status, Supplier
from apps.purchasing.selectors import orders as order_selectors
from apps.purchasing.selectors.supplier_parts import supplier_terms
from apps.purchasing.services import orders as order_services
from apps.purchasing.services.orders import LineData

PREFIX = "lines"


def _line_formset(data=None, order=None):
    if data is not None:
        return LineFormSet(data, prefix=PREFIX)
    if order is None:
        return empty_line_formset(PREFIX)
    initial = [
        {
            "line_id": line.pk,
            "part": line.part_id,
            "part_label": str(line.part),
            "quantity": line.quantity.normalize(),
            "unit_price": line.unit_price.normalize(),
        }
        for line in order.lines.all()
    ]
    return LineFormSet(prefix=PREFIX, initial=initial or [{}])


def _annotate_rows(formset, supplier=None):
    """Per form: the chosen part (for its label and unit) and this supplier's terms."""
    part_ids = []
    for form in formset.forms:
        value = form["part"].value()
        with contextlib.suppress(TypeError, ValueError):
            part_ids.append(int(value))
    parts = Part.objects.in_bulk(part_ids) if part_ids else {}
    terms = supplier_terms(supplier, part_ids)
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
        line_terms = terms.get(part.pk) if part else None
        stock_units = None  # "= 200 pcs" beside a quantity of packs
        if line_terms is not None and line_terms.in_packs:
            with contextlib.suppress(ArithmeticError, ValueError):
                packs = Decimal(str(form["quantity"].value()).strip())
                if packs.is_finite() and packs.copy_abs() < LINE_VALUE_LIMIT:
                    stock_units = packs * line_terms.pack_size
        rows.append(
            {
                "form": form,
                "part": part,
                "terms": line_terms,
                "deleted": deleted,
                "total": line_total,
                "stock_units": stock_units,
            }
        )
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
        "form": form,
        "formset": formset,
        "rows": rows,
        "order_total": total,
        "order": order,
        "supplier": supplier,
        "show_errors": show_errors,
        "currency": supplier.currency if supplier else "",
        "action": order.get_absolute_url()
        if order
        else reverse("purchasing:purchase_order_create"),
        "lines_url": reverse("purchasing:purchase_order_lines")
        + (f"?order={order.pk}" if order else ""),
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
        lines.append(
            LineData(
                part=data["part"],
                quantity=data["quantity"],
                unit_price=data["unit_price"],
                id=data.get("line_id"),
            )
        )
    return lines


def order_form_save(request, order=None):
    """The posted form saved as a new draft (`order` None) or over the draft `order`:
    a redirect to the order, or the form again with its errors (422)."""
    form = PurchaseOrderForm(request.POST, current_supplier=order.supplier if order else None)
    formset = _line_formset(request.POST)
    valid = form.is_valid() & formset.is_valid()
    if valid:
        try:
            header = form.cleaned_data
            if order is None:
                order = order_services.purchase_order_create(
                    supplier=header["supplier"],
                    user=request.user,
                    lines=_line_data(formset),
                    expected_date=header["expected_date"],
                    notes=header["notes"],
                )
                text = f"Purchase order {order.number} created as a draft."
            else:
                order = order_services.purchase_order_update(
                    order=order,
                    supplier=header["supplier"],
                    lines=_line_data(formset),
                    expected_date=header["expected_date"],
                    notes=header["notes"],
                )
                text = f"Purchase order {order.number} saved."
        except PurchasingError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return redirect_after_write(request, order.get_absolute_url(), text)
    context = _order_form_context(request, form, formset, order=order, show_errors=True)
    return _render_order_form(request, context, status=422)


def order_form_for_draft(request, order):
    """The form of the draft `order`, filled with its header and lines."""
    form = PurchaseOrderForm(
        initial={
            "supplier": order.supplier_id,
            "expected_date": order.expected_date,
            "notes": order.notes,
        },
        current_supplier=order.supplier,
    )
    context = _order_form_context(request, form, _line_formset(order=order), order=order)
    return _render_order_form(request, context)


@require_http_methods(["GET", "POST"])
@permission_required("purchasing.add_purchaseorder")
def purchase_order_create(request):
    if request.method == "POST":
        return order_form_save(request)
    initial = {}
    supplier = _supplier_from(request.GET)
    if supplier:
        initial["supplier"] = supplier.pk
    form = PurchaseOrderForm(initial=initial)
    context = _order_form_context(request, form, _line_formset())
    context["supplier"] = supplier
    return _render_order_form(request, context)


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
        raise BadRequest("Bad formset.") from None
    if not 0 <= total < 200:
        raise BadRequest("Too many lines.")
    if "remove_line" in data:
        try:
            index = int(data["remove_line"])
        except ValueError:
            raise BadRequest("Bad line.") from None
        if not 0 <= index < total:
            raise BadRequest("No such line.")
        data[f"{PREFIX}-{index}-DELETE"] = "on"
    else:
        data[f"{PREFIX}-TOTAL_FORMS"] = str(total + 1)
    order = None
    if request.GET.get("order"):
        try:
            order = PurchaseOrder.objects.select_related("supplier").get(
                pk=int(request.GET["order"]), status=Status.DRAFT
            )
        except (ValueError, PurchaseOrder.DoesNotExist):
            raise Http404("No such draft order.") from None
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
    return render(
        request,
        "purchasing/order_form.html#totals_oob",
        {"rows": rows, "order_total": total, "currency": supplier.currency if supplier else ""},
    )


@require_GET
@permission_required("purchasing.add_purchaseorder")
def part_suggestions(request):
    """Suggestions for a line's part picker (search as you type)."""
    prefix = request.GET.get("prefix", "")
    if not prefix.startswith(f"{PREFIX}-") or not prefix.removeprefix(f"{PREFIX}-").isdigit():
        raise BadRequest("Bad prefix.")
    query = request.GET.get(f"{prefix}-part_label", request.GET.get("q", ""))[:100]
    supplier = _supplier_from(request.GET)
    parts = order_selectors.part_suggestions(query, supplier=supplier)
    return render(
        request,
        "purchasing/part_suggestions.html",
        {"parts": parts, "prefix": prefix, "query": query, "supplier": supplier},
    )
