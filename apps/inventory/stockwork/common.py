"""What the stock-work views share: the dialog page/fragment and the reply after a write."""

import json
from urllib.parse import urlsplit

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from apps.core.htmx import is_fragment_request
from apps.inventory.services import _fmt

DIALOG_TEMPLATE = "inventory/stock_action.html"


def fmt(quantity) -> str:
    return _fmt(quantity)


def safe_next(request, default: str = "/stock/") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    for header in ("HX-Current-URL", "Referer"):  # the page the dialog was opened from
        referer = request.headers.get(header, "")
        if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
            path = urlsplit(referer)
            if path.path != request.path:
                return path.path + (f"?{path.query}" if path.query else "")
    return default


def render_dialog(request, context: dict, *, status: int = 200, template: str = DIALOG_TEMPLATE):
    """The action's form: as a dialog fragment for HTMX, as a page otherwise."""
    fragment = is_fragment_request(request)
    context = {"is_dialog": fragment, "action_url": request.path} | context
    name = f"{template}#dialog" if fragment else template
    return render(request, name, context, status=status)


def done(request, message: str, *, next_url: str, extra_events: dict | None = None) -> HttpResponse:
    """After a successful write: close the dialog, announce, let the page refresh its
    figures (HX-Trigger stockChanged); without JavaScript, a redirect with a message."""
    if is_fragment_request(request):
        response = HttpResponse(status=204)
        events = {"closeDialog": True, "showMessage": message, "stockChanged": True}
        response["HX-Trigger"] = json.dumps(events | (extra_events or {}))
        return response
    messages.success(request, message)
    return HttpResponseRedirect(next_url)
