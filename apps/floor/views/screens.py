"""The floor flow: a phone-sized screen for the part or location just scanned, with big
buttons to receive, issue, move and count through inventory's services, and Undo of the
last action for a minute (a reversal in the ledger). docs/floor.md.

State: the location scanned last is kept in the session (and in the part screen's URL,
`?location=<id>`), so scanning a location and then a part sets both. The last action
(movement id, time, text) is kept in the session for its Undo.
"""

from datetime import datetime
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.catalog.models import Part
from apps.catalog.services.units import part_fraction_error
from apps.core.access import permission_required
from apps.core.templatetags.quantities import qty
from apps.floor.forms import ACTIONS, COUNT, ISSUE, MOVE, RECEIVE, FloorActionForm
from apps.inventory.models import Location, StockItem, StockMovement
from apps.inventory.selectors.locations import location_for_code
from apps.inventory.services.stock import (
    UNDO_WINDOW,
    movement_undo,
    stock_count,
    stock_issue,
    stock_receive,
    stock_transfer,
)
from apps.inventory.services.stock_validation import StockError

LOCATION_KEY = "floor_location"
LAST_KEY = "floor_last"
FIELD_OF = {"from_location": "location", "counted_quantity": "quantity", "stock_item": None}


def floor_url_for_scan(request, found) -> str:
    """Where a scan sent with `to=floor` goes (registered with the scan endpoint)."""
    if found.location is not None:
        return reverse("floor:location", args=[found.location.pk])
    params = {}
    here = request.session.get(LOCATION_KEY)
    if here:
        params["location"] = here
    if found.batch:
        params["batch"] = found.batch
    url = reverse("floor:part", args=[found.part.pk])
    return f"{url}?{urlencode(params)}" if params else url


def _here(request) -> Location | None:
    pk = request.session.get(LOCATION_KEY)
    return Location.objects.filter(pk=pk, is_active=True).first() if pk else None


def _last(request) -> dict | None:
    """The last action, while it can still be undone."""
    last = request.session.get(LAST_KEY)
    if not last:
        return None
    at = datetime.fromisoformat(last["at"])
    left = UNDO_WINDOW - (timezone.now() - at)
    if left.total_seconds() <= 0:
        return None
    return last | {"seconds_left": int(left.total_seconds())}


@require_GET
@permission_required("inventory.move_stock")
def floor_home(request):
    return render(request, "floor/home.html", {"here": _here(request), "last": _last(request)})


@require_GET
@permission_required("inventory.move_stock")
def floor_location(request, pk: int):
    location = get_object_or_404(Location, pk=pk)
    if location.is_active:
        request.session[LOCATION_KEY] = location.pk
    items = list(
        StockItem.objects.filter(location=location)
        .exclude(quantity=0)
        .select_related("part")
        .order_by("part__sku", "batch")[:50]
    )
    return render(
        request,
        "floor/location.html",
        {"location": location, "items": items, "last": _last(request)},
    )


@require_POST
@permission_required("inventory.move_stock")
def floor_forget_location(request):
    request.session.pop(LOCATION_KEY, None)
    return redirect("floor:home")


def _part_context(request, part, form, *, location, batch) -> dict:
    here_item = None
    if location is not None:
        here_item = StockItem.objects.filter(part=part, location=location, batch=batch).first()
    places = list(
        StockItem.objects.filter(part=part)
        .exclude(quantity=0)
        .select_related("location")
        .order_by("location__code", "batch")[:8]
    )
    return {
        "part": part,
        "form": form,
        "location": location,
        "batch": batch,
        "here_item": here_item,
        "places": places,
        "actions": ACTIONS,
        "last": _last(request),
    }


@require_http_methods(["GET", "POST"])
@permission_required("inventory.move_stock")
def floor_part(request, pk: int):
    part = get_object_or_404(Part, pk=pk)
    location = None
    raw = request.GET.get("location", "")
    if raw.isdigit():
        location = Location.objects.filter(pk=int(raw)).first()
    location = location or _here(request) or part.default_location
    batch = request.GET.get("batch", "")[:64]
    if request.method == "GET":
        form = FloorActionForm(
            initial={"quantity": 1, "location": location.code if location else "", "batch": batch}
        )
        return render(
            request,
            "floor/part.html",
            _part_context(request, part, form, location=location, batch=batch),
        )
    form = FloorActionForm(request.POST)
    status = 422
    if form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            done = _act(request, part, form)
            if done is not None:
                return redirect(done)
        else:  # − or + without JavaScript: the form again, the quantity stepped
            stepped = max(Decimal(0), data["quantity"] + int(data["step"]))
            form = FloorActionForm(initial={**data, "quantity": stepped})
            status = 200
    typed = form.data.get("location", "") if form.is_bound else ""
    location = location_for_code(typed) or location
    batch = form.data.get("batch", batch)[:64] if form.is_bound else batch
    context = _part_context(request, part, form, location=location, batch=batch)
    return render(request, "floor/part.html", context, status=status)


def _act(request, part, form) -> str | None:
    """Runs the action through inventory's services; the URL to go to, or None with the
    refusal on the form."""
    data = form.cleaned_data
    location = location_for_code(data["location"])
    if location is None:
        form.add_error("location", f"No location has the code “{data['location']}”.")
        return None
    if error := part_fraction_error(part, data["quantity"]):  # 2.5 pcs: refused, 2.5 m: fine
        form.add_error("quantity", error)
        return None
    try:
        done = RUN[data["action"]](form, part, location, request.user)
    except StockError as error:
        field = FIELD_OF.get(error.field, error.field)
        form.add_error(field if field in form.fields else None, error.message)
        return None
    if done is None:
        return None  # refused on the form
    movement, text = done
    back = _part_url(part, location, data["batch"])
    messages.success(request, text + ".")
    if movement is not None:
        request.session[LOCATION_KEY] = location.pk
        request.session[LAST_KEY] = {
            "movement": movement.pk,
            "at": movement.created_at.isoformat(),
            "text": text,
            "back": back,
        }
    return back


# Each action: (the ledger line or None when nothing changed, what to tell the user), or
# None with the refusal added to the form.
def _receive(form, part, location, user):
    data = form.cleaned_data
    movement = stock_receive(
        part=part, location=location, quantity=data["quantity"], user=user,
        batch=data["batch"], reference=data["reference"],
    )  # fmt: skip
    return movement, f"Received {_amount(part, data)} of {part.sku} into {location.code}"


def _issue(form, part, location, user):
    data = form.cleaned_data
    movement = stock_issue(
        part=part, location=location, quantity=data["quantity"], user=user,
        batch=data["batch"], reference=data["reference"],
    )  # fmt: skip
    return movement, f"Issued {_amount(part, data)} of {part.sku} from {location.code}"


def _move(form, part, location, user):
    data = form.cleaned_data
    target = location_for_code(data["to_location"])
    if target is None:
        form.add_error("to_location", f"No location has the code “{data['to_location']}”.")
        return None
    movement, _ = stock_transfer(
        part=part, from_location=location, to_location=target, quantity=data["quantity"],
        user=user, batch=data["batch"], reference=data["reference"],
    )  # fmt: skip
    return movement, (
        f"Moved {_amount(part, data)} of {part.sku} from {location.code} to {target.code}"
    )


def _count(form, part, location, user):
    data = form.cleaned_data
    quantity, batch = data["quantity"], data["batch"]
    item = StockItem.objects.filter(part=part, location=location, batch=batch).first()
    if item is None:
        form.add_error(
            "quantity",
            f"No {part.sku}{' batch ' + batch if batch else ''} is recorded at {location.code}: receive it instead.",
        )
        return None
    movement = stock_count(
        stock_item=item, counted_quantity=quantity, user=user, reference=data["reference"]
    )
    if movement is None:
        return None, f"Counted {qty(quantity)} at {location.code}: as recorded"
    return movement, f"Counted {_amount(part, data)} of {part.sku} at {location.code}"


def _amount(part, data) -> str:
    return f"{qty(data['quantity'])} {part.unit_id}"


RUN = {RECEIVE: _receive, ISSUE: _issue, MOVE: _move, COUNT: _count}


def _part_url(part, location, batch) -> str:
    params = {"location": location.pk}
    if batch:
        params["batch"] = batch
    return f"{reverse('floor:part', args=[part.pk])}?{urlencode(params)}"


@require_POST
@permission_required("inventory.move_stock")
def floor_undo(request):
    """Undo the last action (a reversal of its whole operation), within a minute."""
    last = request.session.get(LAST_KEY)
    back = (last or {}).get("back") or reverse("floor:home")
    if not last or str(last["movement"]) != request.POST.get("movement", ""):
        messages.error(request, "Nothing to undo.")
        return redirect(back)
    movement = StockMovement.objects.filter(pk=last["movement"]).first()
    try:
        with transaction.atomic():
            movement_undo(movement=movement, user=request.user)
    except (StockError, PermissionDenied) as error:
        messages.error(request, getattr(error, "message", None) or str(error))
    else:
        messages.success(request, f"Undone: {last['text']}.")
    request.session.pop(LAST_KEY, None)
    return redirect(back)
