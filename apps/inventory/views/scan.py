"""The scan box in the header: a scanner types a code and Enter.

A part's SKU or barcode opens the part page, a location code the location page, a batch
code (``SKU|BATCH``, apps/inventory/selectors/codes.py) its part's page. A part or batch
scanned while on a location page offers to receive or issue it there (the batch
prefilled). An unknown code is announced and nothing moves.
"""

from urllib.parse import urlsplit

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.views.decorators.http import require_GET
from django_htmx.http import trigger_client_event

from apps.core.access import permission_required
from apps.core.htmx import is_fragment_request, redirect_after_write
from apps.inventory.models import Location
from apps.inventory.scan_targets import SCAN_TARGETS
from apps.inventory.selectors.codes import CODE_MAX_LENGTH, code_resolve
from apps.inventory.selectors.stock import stock_item_at


def _current_location(request) -> Location | None:
    """The location whose page the scan came from (htmx sends HX-Current-URL)."""
    url = request.headers.get("HX-Current-URL") or request.GET.get("from", "")
    if not url:
        return None
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    if match.view_name != "inventory:location_detail":
        return None
    return Location.objects.filter(pk=match.kwargs["pk"], is_active=True).first()


@require_GET
@permission_required()
def scan(request):
    code = request.GET.get("code", "").strip()[:CODE_MAX_LENGTH]
    if not code:
        return _unknown(request, code, "Scan or type a SKU, barcode or location code.")
    found = code_resolve(code)
    target = SCAN_TARGETS.get(request.GET.get("to", ""))
    if found is not None and target is not None:
        return redirect_after_write(request, target(request, found))
    part = found.part if found else None
    if part is not None:
        here = _current_location(request)
        if here is not None and request.user.has_perm("inventory.move_stock"):
            item = stock_item_at(part=part, location=here)
            context = {
                "part": part,
                "batch": found.batch,
                "location": here,
                "item": item,
                "is_dialog": is_fragment_request(request),
            }
            name = (
                "inventory/scan.html#offer"
                if is_fragment_request(request)
                else "inventory/scan.html"
            )
            return render(request, name, context)
        return redirect_after_write(request, part.get_absolute_url())
    if found is not None and found.location is not None:
        return redirect_after_write(request, found.location.get_absolute_url())
    return _unknown(
        request, code, f"Nothing has the code “{code}”: no part SKU or barcode, no location."
    )


def _unknown(request, code: str, text: str) -> HttpResponse:
    if is_fragment_request(request):
        response = HttpResponse(status=204)
        trigger_client_event(response, "showMessage", {"message": text, "level": "error"})
        trigger_client_event(response, "scanUnknown", True)
        return response
    return render(request, "inventory/scan.html", {"unknown": text, "code": code}, status=404)
