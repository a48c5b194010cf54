"""The one place that decides whether a request gets a whole page or a fragment, and
the answer to a successful write."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django_htmx.http import HttpResponseClientRedirect


def is_fragment_request(request: HttpRequest) -> bool:
    """HTMX asked for a piece of a page (not a boosted navigation, not a history restore)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render_page_or_fragment(
    request: HttpRequest,
    template_name: str,
    context: dict,
    *,
    fragment: str,
    status: int = 200,
) -> HttpResponse:
    """Render `template_name` whole, or only its `{% partialdef fragment %}` for HTMX.

    One template holds both, so page and fragment can never drift apart.
    """
    name = f"{template_name}#{fragment}" if is_fragment_request(request) else template_name
    return render(request, name, context, status=status)


def list_fragment(request: HttpRequest, *, whole: str = "results") -> str:
    """Which partial of a list page a request swaps: a sort (hx-target #results) swaps
    the whole table, partial `whole`; a search, a filter, a page or a refresh only the
    rows and what depends on them, partial `rows_response` (the smallest fragment)."""
    return whole if request.headers.get("HX-Target") == "results" else "rows_response"


def redirect_after_write(request: HttpRequest, url: str, message: str = "") -> HttpResponse:
    """After a successful write: `message` (a success message) for the next page, and that
    page: a 302, or for HTMX an empty 204 with HX-Redirect, so that htmx loads it whole
    instead of swapping a redirected page into the fragment's target."""
    if message:
        messages.success(request, message)
    if is_fragment_request(request):
        return HttpResponseClientRedirect(url, status=204)
    return HttpResponseRedirect(url)
