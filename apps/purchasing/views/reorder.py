"""The reorder list: parts below their reorder point, grouped by preferred supplier;
drafts one order per supplier for the ticked parts."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from apps.core.access import permission_required
from apps.core.htmx import redirect_after_write, render_page_or_fragment
from apps.core.listing import ids_first_page, parse_list_params
from apps.core.templatetags.quantities import qty
from apps.purchasing.errors import PurchasingError
from apps.purchasing.selectors.reorder import (
    REORDER_LIMIT,
    REORDER_SORTS,
    reorder_groups,
    reorder_page_ids,
    reorder_parts,
    reorder_parts_by_id,
)
from apps.purchasing.services.reorder import (
    ReorderChoice,
    ReorderStale,
    purchase_orders_draft_from_reorder,
)

UNTICKED_WITH_SUPPLIER = (
    "You chose a supplier for this part but did not tick it: tick it to order it, "
    "or set the supplier back to “Choose…”."
)


def _decimal(text: str | None) -> Decimal | None:
    try:
        value = Decimal((text or "").strip())
    except (ArithmeticError, InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def _choices(request, errors: dict) -> list[ReorderChoice]:
    """The ticked parts as they are now (whatever page they were ticked on), each with
    its supplier and quantity; what is wrong goes into `errors` (by part id, or "form")."""
    chosen = set(request.POST.getlist("parts"))
    ids = [int(key) for key in chosen if key.isdigit()]
    if len(ids) > REORDER_LIMIT:
        raise BadRequest("Too many parts.")
    rows = {
        str(row.part.pk): row
        for group in reorder_groups(parts=list(reorder_parts(ids=ids)))
        for row in group.rows
    }
    # A supplier chosen in a row that is not ticked: never silently left out.
    for name, value in request.POST.items():
        key = name.removeprefix("supplier-")
        if name.startswith("supplier-") and value and key not in chosen:
            errors[key] = UNTICKED_WITH_SUPPLIER
    choices = []
    for key in chosen:
        row = rows.get(key)
        if row is None:
            errors["form"] = (
                "A selected part is no longer below its reorder point; review the list."
            )
            continue
        offers = {
            str(sp.supplier_id): sp
            for sp in ([row.supplier_part] if row.supplier_part else []) + row.alternatives
        }
        supplier_key = request.POST.get(f"supplier-{key}") or (
            str(row.supplier_part.supplier_id) if row.supplier_part else ""
        )
        sp = offers.get(supplier_key)
        if sp is None:
            errors[key] = "Choose a supplier for this part."
            continue
        quantity = _decimal(request.POST.get(f"qty-{key}"))
        if quantity is None or quantity <= 0 or quantity >= Decimal("1e11"):
            errors[key] = "Enter a quantity more than zero."
            continue
        seen = _decimal(request.POST.get(f"seen-{key}")) or Decimal(0)
        choices.append(
            ReorderChoice(part=row.part, supplier=sp.supplier, quantity=quantity, seen_pending=seen)
        )
    if not chosen:
        errors["form"] = "Select at least one part to order."
    return choices


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
    errors: dict[str, str] = {}
    stale: set[str] = set()
    status = 200
    if request.method == "POST":
        choices = _choices(request, errors)
        if not errors:
            try:
                orders = purchase_orders_draft_from_reorder(choices=choices, user=request.user)
            except ReorderStale as error:
                errors["form"] = error.message
                stale = {str(part.pk) for part in error.parts}
                for key in stale:
                    errors[key] = "More of this part went on an order or a draft meanwhile."
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
    groups = reorder_groups(parts=listing.rows)
    posted = request.POST if request.method == "POST" else None
    chosen = set(posted.getlist("parts")) if posted else set()
    for group in groups:
        for row in group.rows:
            key = str(row.part.pk)
            row.error = errors.get(key)
            if posted and key not in stale:
                row.checked = key in chosen
                row.qty_value = posted.get(f"qty-{key}", "")
                row.supplier_value = posted.get(f"supplier-{key}", "")
            else:  # as suggested now: nothing on order twice
                row.checked = bool(row.suggested and row.supplier_part)
                row.qty_value = qty(row.suggested)  # 100, never 1E+2
                row.supplier_value = posted.get(f"supplier-{key}", "") if posted else ""
    context = {"groups": groups, "errors": errors, "query": params["q"], "listing": listing}
    return render_page_or_fragment(
        request, "purchasing/reorder.html", context, fragment="reorder_form", status=status
    )
