"""The responses inventory's views share: the dialog of a stock action, the reply after a
write and the page to go back to (a plain write's redirect is apps.core.htmx's)."""

from urllib.parse import urlsplit

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import trigger_client_event

from apps.core.htmx import is_fragment_request

DIALOG_TEMPLATE = "inventory/stock_action.html"


def safe_next(request, default: str | None = None) -> str:
    """Where to go after the dialog: `next` when it is on this site, else the page the
    dialog was opened from, else `default` (the stock list)."""
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
    return default or reverse("inventory:stock_list")


def render_dialog(request, context: dict, *, status: int = 200, template: str = DIALOG_TEMPLATE):
    """The action's form: as a dialog fragment for HTMX, as a page otherwise."""
    fragment = is_fragment_request(request)
    context = {"is_dialog": fragment, "action_url": request.path} | context
    name = f"{template}#dialog" if fragment else template
    return render(request, name, context, status=status)


def dialog_done(request, message: str, *, next_url: str) -> HttpResponse:
    """After a successful write: close the dialog, announce, let the page refresh its
    figures (HX-Trigger stockChanged); without JavaScript, a redirect with a message."""
    if is_fragment_request(request):
        response = HttpResponse(status=204)
        trigger_client_event(response, "closeDialog", True)
        trigger_client_event(response, "showMessage", message)
        trigger_client_event(response, "stockChanged", True)
        return response
    messages.success(request, message)
    return HttpResponseRedirect(next_url)
