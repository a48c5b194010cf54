"""Receive, issue, transfer, adjust, count, move selected records, reverse: as dialogs.

GET shows the form (prefilled from ?part=<id>&location=<id>…), POST runs the service.
Invalid input re-renders the form with its errors (422) and writes nothing.
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from apps.catalog.models import Part
from apps.core.access import permission_required
from apps.core.idempotency import idempotent_post
from apps.core.templatetags.quantities import qty
from apps.inventory.forms.stock_actions import (
    AdjustForm,
    BulkTransferForm,
    CountForm,
    IssueForm,
    ReceiveForm,
    ReverseForm,
    TransferForm,
)
from apps.inventory.models import Location, MovementKind, StockItem, StockMovement
from apps.inventory.selectors.movements import operation_is_reversed, operation_lines
from apps.inventory.selectors.parts import part_for_code
from apps.inventory.selectors.stock import part_stock_places, selected_stock_items
from apps.inventory.services.stock import (
    movement_reverse,
    stock_adjust,
    stock_count,
    stock_issue,
    stock_receive,
    stock_transfer,
    stock_transfer_bulk,
)
from apps.inventory.services.stock_validation import StockError
from apps.inventory.views._responses import dialog_done, render_dialog, safe_next


def _by_id(model, value):
    if value and str(value).isdigit():
        return model.objects.filter(pk=int(value)).first()
    return None


def _initial(request, location_fields) -> dict:
    """Prefill from the query string: part=<id>, location/from_location/to_location=<id>."""
    initial = {}
    part = _by_id(Part, request.GET.get("part"))
    if part:
        initial["part"] = part.sku
    for name in location_fields:
        location = _by_id(Location, request.GET.get(name))
        if location:
            initial[name] = location.code
    for name in ("batch", "reference"):
        if request.GET.get(name):
            initial[name] = request.GET[name][:100]
    return initial


def _stock_hint(form) -> list[StockItem]:
    """Where the form's part is in stock: shown under the title of issue/transfer/adjust."""
    code = form.data.get("part") if form.is_bound else form.initial.get("part")
    if not code:
        return []
    part = part_for_code(code)
    if part is None:
        return []
    return part_stock_places(part)


def _action(
    request, *, form_class, title, submit, perform, location_fields=("location",), hint=False
):
    next_url = safe_next(request)
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                message = perform(form.cleaned_data, request.user)
            except StockError as error:
                form.add_stock_error(error)
            else:
                return dialog_done(request, message, next_url=next_url)
        status = 422
    else:
        form = form_class(initial=_initial(request, location_fields))
        status = 200
    context = {"form": form, "title": title, "submit_label": submit, "next_url": next_url}
    if hint:
        context["stock_hint"] = _stock_hint(form)
    return render_dialog(request, context, status=status)


def _common(data) -> dict:
    return {"reference": data.get("reference", ""), "note": data.get("note", "")}


@require_http_methods(["GET", "POST"])
@permission_required("inventory.move_stock")
@idempotent_post
def stock_receive_view(request):
    def perform(data, user):
        m = stock_receive(
            part=data["part"],
            location=data["location"],
            quantity=data["quantity"],
            user=user,
            batch=data["batch"],
            expiry_date=data["expiry_date"],
            **_common(data),
        )
        return f"Received {qty(m.quantity)} {m.part.unit_id} of {m.part.sku} into {m.location.code}"

    return _action(
        request, form_class=ReceiveForm, title="Receive stock", submit="Receive", perform=perform
    )


@require_http_methods(["GET", "POST"])
@permission_required("inventory.move_stock")
@idempotent_post
def stock_issue_view(request):
    def perform(data, user):
        m = stock_issue(
            part=data["part"],
            location=data["location"],
            quantity=data["quantity"],
            user=user,
            batch=data["batch"],
            **_common(data),
        )
        return f"Issued {qty(-m.quantity)} {m.part.unit_id} of {m.part.sku} from {m.location.code}"

    return _action(
        request,
        form_class=IssueForm,
        title="Issue stock",
        submit="Issue",
        perform=perform,
        hint=True,
    )


@require_http_methods(["GET", "POST"])
@permission_required("inventory.move_stock")
@idempotent_post
def stock_transfer_view(request):
    def perform(data, user):
        out_line, in_line = stock_transfer(
            part=data["part"],
            from_location=data["from_location"],
            to_location=data["to_location"],
            quantity=data["quantity"],
            user=user,
            batch=data["batch"],
            **_common(data),
        )
        return (
            f"Moved {qty(in_line.quantity)} {in_line.part.unit_id} of {in_line.part.sku} "
            f"from {out_line.location.code} to {in_line.location.code}"
        )

    return _action(
        request,
        form_class=TransferForm,
        title="Transfer stock",
        submit="Transfer",
        perform=perform,
        location_fields=("from_location", "to_location"),
        hint=True,
    )


@require_http_methods(["GET", "POST"])
@permission_required("inventory.adjust_stock")
@idempotent_post
def stock_adjust_view(request):
    def perform(data, user):
        m = stock_adjust(
            part=data["part"],
            location=data["location"],
            quantity_delta=data["quantity_delta"],
            user=user,
            batch=data["batch"],
            reference=data.get("reference", ""),
            note=data["note"],
        )
        return (
            f"Adjusted {m.part.sku} at {m.location.code} by {'+' if m.quantity > 0 else ''}"
            f"{qty(m.quantity)} {m.part.unit_id} (now {qty(m.quantity_after)})"
        )

    return _action(
        request,
        form_class=AdjustForm,
        title="Adjust stock",
        submit="Adjust",
        perform=perform,
        hint=True,
    )


@require_http_methods(["GET", "POST"])
@permission_required("inventory.count_stock")
@idempotent_post
def stock_count_view(request, pk):
    item = get_object_or_404(StockItem.objects.select_related("part", "location"), pk=pk)
    next_url = safe_next(request)
    if request.method == "POST":
        form = CountForm(request.POST)
        if form.is_valid():
            try:
                m = stock_count(
                    stock_item=item,
                    counted_quantity=form.cleaned_data["counted_quantity"],
                    user=request.user,
                    **_common(form.cleaned_data),
                )
            except StockError as error:
                form.add_stock_error(error)
            else:
                where = f"{item.part.sku} at {item.location.code}"
                if m is None:
                    message = f"Counted {where}: {qty(form.cleaned_data['counted_quantity'])} {item.part.unit_id}, no difference"
                else:
                    sign = "+" if m.quantity > 0 else ""
                    message = f"Counted {where}: {qty(m.quantity_after)} {item.part.unit_id} ({sign}{qty(m.quantity)})"
                return dialog_done(request, message, next_url=next_url)
        status = 422
    else:
        form, status = CountForm(), 200
    context = {
        "form": form,
        "title": f"Count {item.part.sku} at {item.location.code}",
        "submit_label": "Save count",
        "next_url": next_url,
        "lead": f"Recorded: {qty(item.quantity)} {item.part.unit_id}{' in batch ' + item.batch if item.batch else ''}. "
        "Enter what is on the shelf; the difference is booked as a count.",
    }
    return render_dialog(request, context, status=status)


@require_http_methods(["GET", "POST"])
@permission_required("inventory.move_stock")
@idempotent_post
def stock_move_selected_view(request):
    """Moves the stock records ticked in a list to another location, all or nothing."""
    source = request.POST if request.method == "POST" else request.GET
    ids = [int(v) for v in source.getlist("selected") if v.isdigit()][:500]
    items = selected_stock_items(ids)
    next_url = safe_next(request)
    status = 200
    if request.method == "POST" and "to_location" in request.POST:
        form = BulkTransferForm(request.POST, items=items)
        if form.is_valid():
            chosen = [item for item in items if item.pk in set(form.cleaned_data["selected"])]
            try:
                lines = stock_transfer_bulk(
                    stock_items=chosen,
                    to_location=form.cleaned_data["to_location"],
                    user=request.user,
                    **_common(form.cleaned_data),
                )
            except StockError as error:
                form.add_stock_error(error)
            else:
                target = form.cleaned_data["to_location"].code
                return dialog_done(
                    request,
                    f"Moved {len(lines) // 2} stock record(s) to {target}",
                    next_url=next_url,
                )
        status = 422
    else:
        form = BulkTransferForm(initial={"selected": [item.pk for item in items]}, items=items)
        if not items:
            status = 422
    context = {
        "form": form,
        "title": "Move selected stock",
        "submit_label": "Move",
        "next_url": next_url,
        "selected_items": items,
        "nothing_selected": not items,
    }
    return render_dialog(request, context, status=status)


@require_http_methods(["GET", "POST"])
@permission_required("inventory.reverse_movement")
@idempotent_post
def movement_reverse_view(request, pk):
    movement = get_object_or_404(StockMovement, pk=pk)
    lines = operation_lines(movement)
    refusal = ""
    if any(line.kind == MovementKind.REVERSAL for line in lines):
        refusal = "This is a reversal; it cannot be reversed."
    elif operation_is_reversed(lines):
        refusal = "This operation has already been reversed."
    next_url = safe_next(request, default=reverse("inventory:movement_list"))
    status = 200
    if request.method == "POST":
        form = ReverseForm(request.POST)
        if form.is_valid() and not refusal:
            try:
                written = movement_reverse(
                    movement=movement, user=request.user, note=form.cleaned_data["note"]
                )
            except StockError as error:
                form.add_error("note" if error.field == "note" else None, error.message)
            else:
                message = (
                    f"Reversed the {movement.get_kind_display().lower()} of {lines[0].part.sku} "
                    f"({len(written)} ledger line{'s' if len(written) != 1 else ''})"
                )
                return dialog_done(request, message, next_url=next_url)
        status = 422
    else:
        form = ReverseForm()
    context = {
        "form": None if refusal else form,
        "title": "Reverse movement",
        "submit_label": "Reverse",
        "next_url": next_url,
        "operation_lines": lines,
        "refusal": refusal,
        "lead": "Writes compensating lines for the whole operation; the ledger keeps both.",
    }
    if refusal and request.method == "POST":
        status = 422
    return render_dialog(request, context, status=status)
