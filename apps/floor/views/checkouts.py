"""Check-out and check-in (docs/floor.md): lend a part, tool or batch to a person or a
job, the checked-out list (overdue first), check-in to a location, and the part page's
"who has it"."""

from django.contrib.auth import get_user_model
from django.core.exceptions import BadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from apps.catalog.models import Part
from apps.core.access import permission_required
from apps.core.exports import FORMATS, export_response
from apps.core.htmx import redirect_after_write, render_page_or_fragment
from apps.core.listing import offset_page, parse_list_params
from apps.core.templatetags.quantities import qty
from apps.floor.forms import CheckinForm, CheckoutFilterForm, CheckoutForm
from apps.floor.models import Checkout
from apps.floor.selectors import CHECKOUT_SORTS, OVERDUE_FIRST, checkouts, part_open_checkouts
from apps.floor.services import CheckoutError, checkout_create, checkout_return
from apps.inventory.models import Location
from apps.inventory.selectors.codes import code_resolve
from apps.inventory.selectors.locations import location_for_code
from apps.inventory.services.stock_validation import StockError

FIELD_OF = {"stock_item": "part", "counted_quantity": "quantity"}


def _users():
    return get_user_model().objects.filter(is_active=True).order_by("username")


def _initial(request) -> dict:
    initial = {"quantity": 1}
    raw = request.GET.get("part", "")
    if raw.isdigit() and (part := Part.objects.filter(pk=int(raw)).first()):
        initial["part"] = part.sku
    raw = request.GET.get("location", "")
    if raw.isdigit() and (location := Location.objects.filter(pk=int(raw)).first()):
        initial["location"] = location.code
    if request.GET.get("batch"):
        initial["batch"] = request.GET["batch"][:64]
    return initial


@require_http_methods(["GET", "POST"])
@permission_required("inventory.move_stock")
def checkout_new(request):
    if request.method == "GET":
        form = CheckoutForm(initial=_initial(request), users=_users())
        return render(request, "floor/checkout_form.html", {"form": form})
    form = CheckoutForm(request.POST, users=_users())
    if form.is_valid():
        data = form.cleaned_data
        found = code_resolve(data["part"])
        location = location_for_code(data["location"])
        if found is None or found.part is None:
            form.add_error("part", f"No part has the code “{data['part']}”.")
        if location is None:
            form.add_error("location", f"No location has the code “{data['location']}”.")
        if form.is_valid():
            try:
                checkout = checkout_create(
                    part=found.part,
                    location=location,
                    quantity=data["quantity"],
                    user=request.user,
                    batch=data["batch"] or found.batch,
                    borrower=data["borrower"],
                    borrower_name=data["borrower_name"],
                    job=data["job"],
                    due_date=data["due_date"],
                    note=data["note"],
                )
            except (StockError, CheckoutError) as error:
                field = FIELD_OF.get(error.field, error.field)
                form.add_error(field if field in form.fields else None, error.message)
            else:
                text = (
                    f"Checked out {qty(checkout.quantity)} {checkout.part.unit_id} of "
                    f"{checkout.part.sku} to {checkout.holder}."
                )
                return redirect_after_write(request, reverse("floor:checkout_list"), text)
    return render(request, "floor/checkout_form.html", {"form": form}, status=422)


def _listing(request):
    params = parse_list_params(request)
    form = CheckoutFilterForm(request.GET)
    if not form.is_valid():
        raise BadRequest("Invalid filter.")
    status = form.cleaned_data["status"] or "open"
    overdue = form.cleaned_data["overdue"]
    items = checkouts(query=params["q"], status=status, overdue=overdue)
    return params, form, status, overdue, items


@require_GET
@permission_required("catalog.view_part")
def checkout_list(request):
    params, form, status, overdue, items = _listing(request)
    listing = offset_page(
        request,
        items,
        sorts=CHECKOUT_SORTS,
        default_sort="due",
        params=params,
        preferred_order=OVERDUE_FIRST,
    )
    context = {
        "listing": listing,
        "query": params["q"],
        "filter_form": form,
        "status": status,
        "overdue": overdue,
        "filtered": status != "open" or overdue or bool(params["q"]),
    }
    return render_page_or_fragment(request, "floor/checkout_list.html", context, fragment="results")


@require_GET
@permission_required("catalog.view_part")
def checkout_export(request):
    file_format = request.GET.get("format", "csv")
    if file_format not in FORMATS:
        raise BadRequest("Unknown format.")
    _, _, _, _, items = _listing(request)
    items = items.order_by(*OVERDUE_FIRST, "due_date", "pk")

    def rows():
        yield [
            "Part", "Name", "Batch", "Quantity", "Unit", "Holder", "Job", "From",
            "Checked out", "Due", "Overdue", "Returned", "Returned to",
        ]  # fmt: skip
        for c in items.iterator(chunk_size=1000):
            yield [
                c.part.sku, c.part.name, c.batch, c.quantity, c.part.unit_id,
                c.borrower_name or (c.borrower.get_username() if c.borrower_id else ""),
                c.job, c.from_location.code, c.checked_out_at, c.due_date, c.overdue,
                c.returned_at, c.return_location.code if c.return_location_id else "",
            ]  # fmt: skip

    return export_response(rows(), filename="checkouts", file_format=file_format)


@require_http_methods(["GET", "POST"])
@permission_required("inventory.move_stock")
def checkout_checkin(request, pk: int):
    checkout = get_object_or_404(
        Checkout.objects.select_related("part", "from_location", "borrower"), pk=pk
    )
    if request.method == "GET":
        form = CheckinForm(initial={"location": checkout.from_location.code})
        return render(request, "floor/checkin_form.html", {"form": form, "checkout": checkout})
    form = CheckinForm(request.POST)
    if form.is_valid():
        location = location_for_code(form.cleaned_data["location"])
        if location is None:
            form.add_error("location", "No location has this code.")
        else:
            try:
                checkout_return(checkout=checkout, location=location, user=request.user)
            except (StockError, CheckoutError) as error:
                form.add_error("location", error.message)
            else:
                text = (
                    f"Checked in {qty(checkout.quantity)} {checkout.part.unit_id} of "
                    f"{checkout.part.sku} to {location.code}."
                )
                return redirect_after_write(request, reverse("floor:checkout_list"), text)
    context = {"form": form, "checkout": checkout}
    return render(request, "floor/checkin_form.html", context, status=422)


@require_GET
@permission_required("catalog.view_part")
def part_checkouts(request, pk: int):
    """Who has the part now (the part page loads this in place)."""
    part = get_object_or_404(Part, pk=pk)
    return render_page_or_fragment(
        request,
        "floor/part_checkouts.html",
        {"part": part, "items": part_open_checkouts(part)},
        fragment="panel",
    )
