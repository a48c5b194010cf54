"""Purchase orders: the list and its CSV export, an order's page (a draft is edited there,
with the order form), placing, cancelling and the printable order."""

import hashlib
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.access import forbidden, permission_required
from apps.core.exports import export_response
from apps.core.htmx import (
    is_fragment_request,
    list_fragment,
    redirect_after_write,
    render_page_or_fragment,
)
from apps.core.listing import ids_first_page, parse_list_params
from apps.core.response_cache import versioned
from apps.purchasing.errors import PurchasingError
from apps.purchasing.forms.orders import OrderFilterForm
from apps.purchasing.models import PurchaseOrder
from apps.purchasing.selectors import orders as order_selectors
from apps.purchasing.selectors.supplier_parts import supplier_terms
from apps.purchasing.services import orders as order_services
from apps.purchasing.views.order_form import order_form_for_draft, order_form_save

ORDER_FILTERS = (
    "q",
    "status",
    "supplier",
    "placed_from",
    "placed_to",
    "received_from",
    "received_to",
)


def _kept(data: QueryDict, keys) -> dict:
    return {k: data.get(k) for k in keys if data.get(k)}


def _order_filters(request) -> tuple[dict, order_selectors.OrderFilters, OrderFilterForm]:
    params = parse_list_params(request)
    form = OrderFilterForm(request.GET)
    if not form.is_valid():
        raise BadRequest("Invalid filter: " + form.errors.as_text())
    filters = order_selectors.OrderFilters(
        query=params["q"],
        status=form.cleaned_data["status"],
        supplier=form.cleaned_data["supplier"],
        **form.day_ranges(),
    )
    return params, filters, form


def _totals(filters: order_selectors.OrderFilters) -> dict:
    """The filtered list's totals, kept until the next committed write: summing every
    order line costs 50–75 ms on the large set, and the same list is read again and
    again between two writes."""
    supplier = filters.supplier.pk if filters.supplier is not None else None
    key = repr(
        (
            filters.query,
            filters.status,
            supplier,
            filters.placed_from,
            filters.placed_to,
            filters.received_from,
            filters.received_to,
        )
    )
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return versioned(
        f"order-totals:{digest}", lambda: order_selectors.purchase_order_totals(filters)
    )


@require_GET
@permission_required("purchasing.view_purchaseorder")
def purchase_order_list(request):
    params, filters, form = _order_filters(request)
    orders = order_selectors.purchase_order_matches(filters, sort=params.get("sort") or "")
    listing = ids_first_page(
        request,
        orders,
        order_selectors.purchase_orders_by_id,
        sorts=order_selectors.ORDER_SORTS,
        default_sort="-number",
        params=params,
    )
    kept = _kept(request.GET, ORDER_FILTERS)
    context = {
        "listing": listing,
        "query": params["q"],
        "filter_form": form,
        "filtered": bool(kept),
        "totals": _totals(filters),
        "export_url": reverse("purchasing:purchase_order_export")
        + (f"?{urlencode(kept)}" if kept else ""),
        "oob": is_fragment_request(request),
    }
    return render_page_or_fragment(
        request,
        "purchasing/order_list.html",
        context,
        fragment=list_fragment(request, whole="results_response"),
    )


@require_GET
@permission_required("purchasing.view_purchaseorder")
def purchase_order_export(request):
    """CSV: one row per order line of the orders the list's filters select."""
    _params, filters, _form = _order_filters(request)
    orders = order_selectors.purchase_order_list(filters)
    rows = order_selectors.purchase_order_line_rows(orders)
    return export_response(rows, filename="purchase-orders")


def _order_or_404(pk) -> PurchaseOrder:
    """The order with what its page and its print show; 404 when there is none."""
    try:
        return order_selectors.purchase_order_detail(pk)
    except PurchaseOrder.DoesNotExist:
        raise Http404("No such purchase order.") from None


@require_http_methods(["GET", "POST"])
@permission_required("purchasing.view_purchaseorder")
def purchase_order_detail(request, pk):
    """The order. A draft is edited here (header and lines) by whoever may change it."""
    order = _order_or_404(pk)
    editable = order.is_draft and request.user.has_perm("purchasing.change_purchaseorder")
    if request.method == "POST":
        if not request.user.has_perm("purchasing.change_purchaseorder"):
            return forbidden(request)
        if not order.is_draft:
            messages.error(request, "Only a draft order can be edited.")
            return redirect_after_write(request, order.get_absolute_url())
        return order_form_save(request, order)
    if editable:
        return order_form_for_draft(request, order)
    lines = list(order.lines.all())
    context = {
        "order": order,
        "lines": lines,
        "cancellable": order_services.CANCELLABLE,
        "order_total": sum((line.total for line in lines), Decimal("0")),
    }
    return render(request, "purchasing/order_detail.html", context)


def _transition(request, pk, service, done: str):
    order = get_object_or_404(PurchaseOrder, pk=pk)
    try:
        service(order=order, user=request.user)
    except PurchasingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Purchase order {order.number} {done}.")
    return redirect_after_write(request, order.get_absolute_url())


@require_POST
@permission_required("purchasing.change_purchaseorder")
def purchase_order_place(request, pk):
    return _transition(request, pk, order_services.purchase_order_place, "placed")


@require_POST
@permission_required("purchasing.cancel_purchaseorder")
def purchase_order_cancel(request, pk):
    return _transition(request, pk, order_services.purchase_order_cancel, "cancelled")


@require_GET
@permission_required("purchasing.view_purchaseorder")
def purchase_order_print(request, pk):
    order = _order_or_404(pk)
    lines = list(order.lines.all())
    terms = supplier_terms(order.supplier, [line.part_id for line in lines])
    return render(
        request,
        "purchasing/order_print.html",
        {
            "order": order,
            "lines": [(line, terms.get(line.part_id)) for line in lines],
            "order_total": sum((line.total for line in lines), Decimal("0")),
        },
    )
