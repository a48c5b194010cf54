"""The scan box in the header: a scanner types a code and Enter.

A part's SKU or barcode opens the part page, a location code the location page. A part
scanned while on a location page offers to receive or issue it there. An unknown code is
announced and nothing moves.
"""

import json
import re
from urllib.parse import urlsplit

from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_GET

from apps.accounts.access import permission_required
from apps.core.htmx import is_fragment_request
from apps.inventory.forms import part_for_code
from apps.inventory.models import Location, StockItem

LOCATION_PAGE = re.compile(r"^/locations/(\d+)/$")


def _current_location(request) -> Location | None:
    """The location whose page the scan came from (htmx sends HX-Current-URL)."""
    url = request.headers.get("HX-Current-URL") or request.GET.get("from", "")
    match = LOCATION_PAGE.match(urlsplit(url).path) if url else None
    if not match:
        return None
    return Location.objects.filter(pk=int(match.group(1)), is_active=True).first()


def _go(request, url: str) -> HttpResponse:
    if is_fragment_request(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


@require_GET
@permission_required()
def scan(request):
    code = request.GET.get("code", "").strip()[:64]
    if not code:
        return _unknown(request, code, "Scan or type a SKU, barcode or location code.")
    part = part_for_code(code)
    if part is not None:
        here = _current_location(request)
        if here is not None and request.user.has_perm("inventory.move_stock"):
            item = StockItem.objects.filter(part=part, location=here).order_by("batch").first()
            context = {"part": part, "location": here, "item": item, "is_dialog": is_fragment_request(request)}
            name = "inventory/scan.html#offer" if is_fragment_request(request) else "inventory/scan.html"
            return render(request, name, context)
        return _go(request, part.get_absolute_url())
    location = Location.objects.filter(code__iexact=code).first()
    if location is not None:
        return _go(request, location.get_absolute_url())
    return _unknown(request, code, f"Nothing has the code “{code}”: no part SKU or barcode, no location.")


def _unknown(request, code: str, text: str) -> HttpResponse:
    if is_fragment_request(request):
        response = HttpResponse(status=204)
        response["HX-Trigger"] = json.dumps({"showMessage": {"message": text, "level": "error"}, "scanUnknown": True})
        return response
    return render(request, "inventory/scan.html", {"unknown": text, "code": code}, status=404)
