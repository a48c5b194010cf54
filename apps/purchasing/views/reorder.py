"""The reorder list: parts below their reorder point, grouped by preferred supplier;
drafts one order per supplier for the ticked parts."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from apps.core.access import permission_required
from apps.core.htmx import redirect_after_write, render_page_or_fragment
from apps.core.listing import ids_first_page, parse_list_params
from apps.purchasing.errors import PurchasingError
from apps.purchasing.selectors.reorder import (
    REORDER_LIMIT,
    REORDER_SORTS,
    reorder_groups,
    reorder_page_ids,
    reorder_parts,
    reorder_parts_by_id,
)
from apps.purchasing.services.reorder import ReorderChoice, purchase_orders_draft_from_reorder


@require_http_methods(["GET", "POST"])
@permission_required("purchasing.add_purchaseorder")
def reorder(request):
    """A page of the parts below their reorder point (biggest shortfall first), grouped
    by preferred supplier; POST drafts orders for the ticked ones."""
    params = parse_list_params(request)
    listing = ids_first_page(
        request,
        reorder_page_ids(query=params["q"]),
        reorder_parts_by_id,
        sorts=REORDER_SORTS,
        default_sort="shortfall",
        params=params,
    )
    groups = reorder_groups(parts=listing.rows)
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        chosen = set(request.POST.getlist("parts"))
        # The ticked parts as they are now (whatever page they were ticked on).
        ids = [int(key) for key in chosen if key.isdigit()]
        if len(ids) > REORDER_LIMIT:
            raise BadRequest("Too many parts.")
        rows = {
            str(row.part.pk): row
            for group in reorder_groups(parts=list(reorder_parts(ids=ids)))
            for row in group.rows
        }
        choices = []
        offers = {}
        for key in chosen:
            row = rows.get(key)
            if row is None:
                errors["form"] = (
                    "A selected part is no longer below its reorder point; review the list."
                )
                continue
            for sp in ([row.supplier_part] if row.supplier_part else []) + row.alternatives:
                offers[(key, str(sp.supplier_id))] = sp
            supplier_key = request.POST.get(f"supplier-{key}") or (
                str(row.supplier_part.supplier_id) if row.supplier_part else ""
            )
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
                orders = purchase_orders_draft_from_reorder(choices=choices, user=request.user)
            except PurchasingError as error:
                errors["form"] = error.message
            else:
                numbers = ", ".join(o.number for o in orders)
                messages.success(
                    request,
                    f"Drafted {len(orders)} order{'s' if len(orders) != 1 else ''}: {numbers}.",
                )
                return redirect_after_write(
                    request, reverse("purchasing:purchase_order_list") + "?status=draft"
                )
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
    return render_page_or_fragment(
        request, "purchasing/reorder.html", context, fragment="reorder_form", status=status
    )
