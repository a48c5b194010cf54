"""Stocktakes: start a count of a location (and below), enter it line by line, commit.

The entry page has one numeric input per line; each saves itself (hx-post on change)
and Enter moves to the next line (static/js/stockwork.js). Without JavaScript the whole
list is one form with a "Save counts" button. A part found where it has no stock record
is added with the "Found something else?" form below the lines (a found line).
"""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from apps.core.access import permission_required
from apps.core.htmx import is_fragment_request, redirect_after_write, render_page_or_fragment
from apps.core.idempotency import idempotent_post
from apps.core.listing import offset_page
from apps.core.templatetags.quantities import qty
from apps.inventory.forms.stocktakes import StocktakeLineAddForm, StocktakeStartForm
from apps.inventory.models import Location, Stocktake, StocktakeStatus
from apps.inventory.selectors.stocktakes import (
    stocktake_lines,
    stocktake_rows,
    stocktake_summary,
    with_differences,
)
from apps.inventory.services.stock_validation import StockError
from apps.inventory.services.stocktakes import (
    stocktake_cancel,
    stocktake_commit,
    stocktake_line_add,
    stocktake_line_record,
    stocktake_start,
)
from apps.inventory.views._responses import render_dialog

PAGE = "inventory/stocktake_detail.html"


@require_GET
@permission_required("inventory.count_stock")
def stocktake_list(request):
    status = request.GET.get("status", "")
    stocktakes = stocktake_rows(status=status)
    listing = offset_page(
        request, stocktakes, sorts={"started": ("-started_at", "-id")}, default_sort="started"
    )
    context = {"listing": listing, "status": status, "statuses": StocktakeStatus.choices}
    return render_page_or_fragment(
        request, "inventory/stocktake_list.html", context, fragment="results"
    )


@require_http_methods(["GET", "POST"])
@permission_required("inventory.count_stock")
@idempotent_post
def stocktake_start_view(request):
    if request.method == "POST":
        form = StocktakeStartForm(request.POST)
        if form.is_valid():
            try:
                stocktake = stocktake_start(
                    location=form.cleaned_data["location"], user=request.user
                )
            except StockError as error:
                form.add_error("location", error.message)
            else:
                messages.success(
                    request,
                    f"Count of {stocktake.location.code} started: {stocktake.lines.count()} line(s).",
                )
                return redirect_after_write(request, stocktake.get_absolute_url())
        status = 422
    else:
        initial = {}
        value = request.GET.get("location", "")
        location = Location.objects.filter(pk=int(value)).first() if value.isdigit() else None
        if location:
            initial["location"] = location.code
        elif value:
            initial["location"] = value[:32]
        form, status = StocktakeStartForm(initial=initial), 200
    context = {
        "form": form,
        "title": "Start a count",
        "submit_label": "Start count",
        "next_url": reverse("inventory:stocktake_list"),
        "lead": "Lists every stock record of the location and its sub-locations with the quantity "
        "recorded now. Only one count may be open per location.",
    }
    return render_dialog(request, context, status=status)


def _stocktake(pk):
    return get_object_or_404(
        Stocktake.objects.select_related("location", "started_by", "closed_by"), pk=pk
    )


def _page_context(stocktake, **extra) -> dict:
    context = {
        "stocktake": stocktake,
        "lines": with_differences(stocktake_lines(stocktake)),
        "summary": stocktake_summary(stocktake),
    }
    if stocktake.is_open and "add_form" not in extra:
        extra["add_form"] = StocktakeLineAddForm(auto_id="add-%s")
    form = extra.get("add_form")
    if form is not None and form.is_bound:  # focus lands on the first field in error
        extra["first_error"] = next((name for name in form.fields if name in form.errors), None)
    return context | extra


@require_GET
@permission_required("inventory.count_stock")
def stocktake_detail(request, pk):
    return render(request, PAGE, _page_context(_stocktake(pk)))


@require_POST
@permission_required("inventory.count_stock")
@idempotent_post
def stocktake_line_add_view(request, pk):
    """Adds a found line (a part where it has no stock record). HTMX: answers with the
    lines, the review and a fresh form (422 with the messages next to the fields)."""
    stocktake = _stocktake(pk)
    form = StocktakeLineAddForm(request.POST, auto_id="add-%s")
    status = 422
    if form.is_valid():
        data = form.cleaned_data
        try:
            line = stocktake_line_add(
                stocktake=stocktake,
                part=data["part"],
                location=data["location"],
                batch=data["batch"],
                counted=data["counted"],
                user=request.user,
            )
        except StockError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.message)
        else:
            message = f"Added {line.line_part.sku} at {line.line_location.code}: counted {qty(line.counted)}."
            if not is_fragment_request(request):
                messages.success(request, message)
                return HttpResponseRedirect(stocktake.get_absolute_url())
            stocktake.refresh_from_db()
            context = _page_context(stocktake, added=line.pk)
            response = render(request, f"{PAGE}#work", context)
            return trigger_client_event(response, "showMessage", message)
    if not stocktake.is_open:
        messages.error(request, "This count is closed: nothing can be added.")
        return redirect_after_write(request, stocktake.get_absolute_url())
    context = _page_context(stocktake, add_form=form)
    return render(
        request, f"{PAGE}#work" if is_fragment_request(request) else PAGE, context, status=status
    )


@require_POST
@permission_required("inventory.count_stock")
def stocktake_count(request, pk):
    """Saves counted values: `counted_<line id>` fields (one from a line's autosave, all
    of them from the no-JavaScript form). The autosave answers with the line's row.
    No idempotency key: recording a counted value sets it, so a repeat changes nothing
    (and the autosave sends the form once per line)."""
    stocktake = _stocktake(pk)
    values = {
        int(key.removeprefix("counted_")): value
        for key, value in request.POST.items()
        if key.startswith("counted_") and key.removeprefix("counted_").isdigit()
    }
    lines = {line.pk: line for line in stocktake_lines(stocktake).filter(pk__in=list(values))}
    errors = {}
    for line_pk, value in values.items():
        line = lines.get(line_pk)
        if line is None:
            continue
        current = "" if line.counted is None else qty(line.counted)
        if value.strip() == current:
            continue
        try:
            saved = stocktake_line_record(line=line, counted=value, user=request.user)
        except StockError as error:
            errors[line_pk] = error.message
            line.typed = value
        else:
            line.counted, line.counted_by, line.counted_at = (
                saved.counted,
                saved.counted_by,
                saved.counted_at,
            )
    if is_fragment_request(request) and len(values) == 1:
        line_pk = next(iter(values))
        if line_pk not in lines:
            return HttpResponse("Unknown line.", status=404)
        stocktake.refresh_from_db()
        with_differences([lines[line_pk]])
        context = {
            "stocktake": stocktake,
            "line": lines[line_pk],
            "error": errors.get(line_pk, ""),
            "summary": stocktake_summary(stocktake),
        }
        return render(
            request, "inventory/stocktake_detail.html#line", context, status=422 if errors else 200
        )
    if errors:
        context = _page_context(stocktake, errors=errors)
        for line in context["lines"]:
            line.error = errors.get(line.pk, "")
            line.typed = values.get(line.pk, "")
        return render(request, PAGE, context, status=422)
    messages.success(request, "Counts saved.")
    return HttpResponseRedirect(stocktake.get_absolute_url())


@require_POST
@permission_required("inventory.count_stock")
@idempotent_post
def stocktake_commit_view(request, pk):
    stocktake = _stocktake(pk)
    try:
        movements = stocktake_commit(stocktake=stocktake, user=request.user)
    except StockError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"Count of {stocktake.location.code} committed: {len(movements)} difference(s) booked.",
        )
    return redirect_after_write(request, stocktake.get_absolute_url())


@require_POST
@permission_required("inventory.count_stock")
@idempotent_post
def stocktake_cancel_view(request, pk):
    stocktake = _stocktake(pk)
    try:
        stocktake_cancel(stocktake=stocktake, user=request.user)
    except StockError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"Count of {stocktake.location.code} cancelled; nothing was booked."
        )
    return redirect_after_write(request, stocktake.get_absolute_url())
