"""Suppliers: the list, create, edit, archive/restore and the supplier page (details, a
page of its price list, its latest orders)."""

from django.core.exceptions import BadRequest
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core.access import permission_required
from apps.core.htmx import (
    is_fragment_request,
    list_fragment,
    redirect_after_write,
    render_page_or_fragment,
)
from apps.core.listing import ids_first_page, offset_page, parse_list_params
from apps.purchasing.errors import PurchasingError
from apps.purchasing.forms.suppliers import SupplierFilterForm, SupplierForm
from apps.purchasing.models import Supplier
from apps.purchasing.selectors import suppliers as supplier_selectors
from apps.purchasing.selectors.orders import OrderFilters, purchase_order_list
from apps.purchasing.selectors.supplier_parts import (
    PRICE_LIST_SORTS,
    price_list_ids,
    supplier_parts_by_id,
)
from apps.purchasing.services import suppliers as supplier_services


@require_GET
@permission_required("purchasing.view_supplier")
def supplier_list(request):
    params = parse_list_params(request)
    filter_form = SupplierFilterForm(request.GET)
    if not filter_form.is_valid():
        raise BadRequest("Invalid filter.")
    status = filter_form.cleaned_data["status"] or "active"
    listing = offset_page(
        request,
        supplier_selectors.supplier_list(query=params["q"], status=status),
        sorts=supplier_selectors.SUPPLIER_SORTS,
        default_sort="name",
        params=params,
    )
    context = {
        "listing": listing,
        "query": params["q"],
        "status": status,
        "filter_form": filter_form,
        "filtered": status != "active",
    }
    return render_page_or_fragment(
        request, "purchasing/supplier_list.html", context, fragment=list_fragment(request)
    )


def _supplier_form_page(request, form, supplier=None, status=200):
    return render_page_or_fragment(
        request,
        "purchasing/supplier_form.html",
        {"form": form, "supplier": supplier},
        fragment="form",
        status=status,
    )


@require_http_methods(["GET", "POST"])
@permission_required("purchasing.add_supplier")
def supplier_create(request):
    form = SupplierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            supplier = supplier_services.supplier_create(data=form.cleaned_data)
        except PurchasingError as error:
            form.add_error(error.field, error.message)
        else:
            return redirect_after_write(
                request, supplier.get_absolute_url(), f"Supplier {supplier.name} created."
            )
    return _supplier_form_page(request, form, status=422 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
@permission_required("purchasing.change_supplier")
def supplier_edit(request, pk):
    supplier = get_object_or_404(Supplier, pk=pk)
    form = SupplierForm(request.POST or None, instance=supplier)
    if request.method == "POST" and form.is_valid():
        try:
            supplier_services.supplier_update(supplier=supplier, data=form.cleaned_data)
        except PurchasingError as error:
            form.add_error(error.field, error.message)
        else:
            return redirect_after_write(
                request, supplier.get_absolute_url(), f"Supplier {supplier.name} saved."
            )
    supplier.refresh_from_db()
    return _supplier_form_page(request, form, supplier, status=422 if form.is_bound else 200)


@require_POST
@permission_required("purchasing.change_supplier")
def supplier_archive(request, pk):
    supplier = get_object_or_404(Supplier, pk=pk)
    active = request.POST.get("active") == "1"
    supplier_services.supplier_set_active(supplier=supplier, active=active)
    return redirect_after_write(
        request,
        supplier.get_absolute_url(),
        f"Supplier {supplier.name} {'restored' if active else 'archived'}.",
    )


@require_GET
@permission_required("purchasing.view_supplier")
def supplier_detail(request, pk):
    """The supplier, a page of its price list (a big distributor lists ~15,000 parts:
    25 a page, in the supplier's catalogue order) and its latest orders."""
    supplier = get_object_or_404(Supplier, pk=pk)
    price_list = ids_first_page(
        request,
        price_list_ids(supplier),
        supplier_parts_by_id,
        sorts=PRICE_LIST_SORTS,
        default_sort="supplier_sku",
    )
    context = {
        "supplier": supplier,
        "listing": price_list,
        "supplier_parts": price_list.rows,
        "ctx": "supplier",
    }
    if is_fragment_request(request) and request.headers.get("HX-Target") == "price-list":
        return render(request, "purchasing/supplier_detail.html#price_list", context)
    context["orders"] = purchase_order_list(OrderFilters(supplier=supplier)).order_by(
        "-created_at", "-pk"
    )[:20]
    return render(request, "purchasing/supplier_detail.html", context)
