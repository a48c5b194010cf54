"""Receiving a delivery against a purchase order: per line the quantity, the location
code (the part's default one prefilled) and, for batch-tracked parts, batch and expiry."""

from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_http_methods

from apps.core.access import permission_required
from apps.core.htmx import redirect_after_write, render_page_or_fragment
from apps.core.idempotency import idempotent_post
from apps.purchasing.errors import PurchasingError
from apps.purchasing.forms.receiving import ReceiveForm, ReceiveLineForm
from apps.purchasing.models import PurchaseOrder
from apps.purchasing.selectors.receiving import active_locations_by_code
from apps.purchasing.services import receiving as receiving_services
from apps.purchasing.services.receiving import Receipt


def _receive_rows(order, data=None):
    rows = []
    for line in order.lines.all():
        default = line.part.default_location.code if line.part.default_location_id else ""
        form = ReceiveLineForm(
            data,
            prefix=f"line-{line.pk}",
            initial={"quantity": line.outstanding.normalize(), "location": default},
        )
        rows.append({"line": line, "form": form, "error": None})
    return rows


@require_http_methods(["GET", "POST"])
@permission_required("purchasing.receive_purchaseorder")
@idempotent_post
def purchase_order_receive(request, pk):
    order = get_object_or_404(
        PurchaseOrder.objects.select_related("supplier").prefetch_related(
            "lines__part__default_location"
        ),
        pk=pk,
    )
    if not order.can_receive:
        messages.error(request, f"A {order.get_status_display().lower()} order cannot be received.")
        return redirect_after_write(request, order.get_absolute_url())
    data = request.POST if request.method == "POST" else None
    form = ReceiveForm(data)
    rows = _receive_rows(order, data)
    status = 200
    if request.method == "POST":
        status = 422
        valid = form.is_valid() & all(row["form"].is_valid() for row in rows)
        if valid:
            locations = active_locations_by_code(
                r["form"].cleaned_data["location"]
                for r in rows
                if r["form"].cleaned_data["quantity"]
            )
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
                    row["form"].add_error(
                        "location", f"No active location has the code “{data_['location']}”."
                    )
                    valid = False
                    continue
                receipts.append(
                    Receipt(
                        line=row["line"],
                        quantity=data_["quantity"],
                        location=locations[code],
                        batch=data_["batch"].strip(),
                        expiry_date=data_["expiry_date"],
                    )
                )
            if valid:
                try:
                    receiving_services.purchase_order_receive(
                        order=order,
                        receipts=receipts,
                        user=request.user,
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
                        form.add_error(
                            "confirm_over_receipt", "Tick to receive more than was ordered."
                        )
                else:
                    order.refresh_from_db()
                    messages.success(
                        request,
                        f"Received against {order.number}; it is now "
                        f"{order.get_status_display().lower()}.",
                    )
                    return redirect_after_write(request, order.get_absolute_url())
    context = {"order": order, "form": form, "rows": rows}
    return render_page_or_fragment(
        request, "purchasing/order_receive.html", context, fragment="receive_form", status=status
    )
