"""Price-list rows, edited in place on a supplier's page (ctx "supplier") and on a part's
Suppliers tab (ctx "part"), and that tab itself."""

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from apps.catalog.models import Part
from apps.core.access import permission_required
from apps.core.htmx import is_fragment_request, render_page_or_fragment
from apps.core.response_cache import cached_page
from apps.purchasing.errors import PurchasingError
from apps.purchasing.forms.supplier_parts import SupplierPartForm
from apps.purchasing.models import Supplier, SupplierPart
from apps.purchasing.selectors.orders import open_orders_of_part
from apps.purchasing.selectors.supplier_parts import supplier_parts_of_part
from apps.purchasing.services import supplier_parts as supplier_part_services


def _row_context(request) -> str:
    ctx = request.GET.get("ctx") or request.POST.get("ctx") or "supplier"
    if ctx not in ("supplier", "part"):
        raise BadRequest("Unknown context.")
    return ctx


def _list_url(sp: SupplierPart, ctx: str) -> str:
    """Where a row's list lives: the supplier's page or the part's Suppliers tab."""
    if ctx == "supplier":
        return sp.supplier.get_absolute_url()
    return reverse("purchasing:part_suppliers", args=[sp.part_id])


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


def _save_supplier_part(request, form, ctx, *, sp=None):
    if not form.is_valid():
        return _render_row_form(request, form, ctx, sp=sp, status=422)
    try:
        saved = supplier_part_services.supplier_part_save(
            supplier=form.cleaned_data["supplier_obj"],
            data=form.service_data(),
            supplier_part=sp,
        )
    except PurchasingError as error:
        field = error.field
        if field == "part":
            field = "part_sku" if ctx == "supplier" and sp is None else None
        form.add_error(field if field in form.fields else None, error.message)
        return _render_row_form(request, form, ctx, sp=sp, status=422)
    if not is_fragment_request(request):
        messages.success(request, "Price list saved.")
        return redirect(_list_url(saved, ctx))
    response = _render_row(
        request, saved, ctx, message=f"Saved {saved.part.sku} from {saved.supplier.name}."
    )
    if form.cleaned_data.get("is_preferred"):
        trigger_client_event(response, "preferredChanged", {"part": saved.part_id})
    return response


def _new_row(request, ctx: str, *, initial: dict, **fixed):
    """GET: the empty form row; POST: save it (a supplier's page fixes the supplier, a
    part's tab the part)."""
    form = SupplierPartForm(request.POST or None, mode=ctx, initial=initial, **fixed)
    if request.method == "GET":
        return _render_row_form(request, form, ctx)
    return _save_supplier_part(request, form, ctx)


@require_http_methods(["GET", "POST"])
@permission_required("purchasing.add_supplierpart")
def supplier_part_create(request, pk):
    """A new row on a supplier's price list (GET: the empty form row)."""
    supplier = get_object_or_404(Supplier, pk=pk)
    initial = {"currency": supplier.currency, "minimum_order_quantity": 1}
    return _new_row(request, "supplier", initial=initial, fixed_supplier=supplier)


@require_http_methods(["GET", "POST"])
@permission_required("purchasing.add_supplierpart")
def part_supplier_create(request, pk):
    """A new row on a part's Suppliers tab."""
    part = get_object_or_404(Part, pk=pk)
    initial = {"minimum_order_quantity": 1, "unit_price": part.unit_cost}
    return _new_row(request, "part", initial=initial, fixed_part=part)


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
    return _save_supplier_part(request, form, ctx, sp=sp)


@require_POST
@permission_required("purchasing.delete_supplierpart")
def supplier_part_delete(request, pk):
    sp = get_object_or_404(SupplierPart.objects.select_related("supplier", "part"), pk=pk)
    ctx = _row_context(request)
    supplier_part_services.supplier_part_delete(supplier_part=sp)
    messages.success(request, f"Removed {sp.part.sku} from {sp.supplier.name}'s price list.")
    if is_fragment_request(request):
        return render(request, "components/messages_oob.html")  # the row's swap removes it
    return redirect(_list_url(sp, ctx))


@require_GET
@permission_required("purchasing.view_supplierpart")
@cached_page
def part_suppliers(request, pk):
    """The part page's Suppliers tab: price list of the part, and its open orders."""
    part = get_object_or_404(Part, pk=pk)
    context = {
        "part": part,
        "supplier_parts": supplier_parts_of_part(part),
        "open_lines": open_orders_of_part(part)[:20],
        "ctx": "part",
    }
    return render_page_or_fragment(
        request, "purchasing/part_suppliers.html", context, fragment="tab"
    )
