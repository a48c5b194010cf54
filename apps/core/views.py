"""Layout-level views: dashboard, health checks, error pages."""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.accounts.access import permission_required
from apps.core import selectors
from apps.core.htmx import render_page_or_fragment
from apps.core.response_cache import versioned


@require_GET
@permission_required("catalog.view_part")
def dashboard(request):
    # Aggregates over the whole catalog and ledger: reused until the next committed write.
    context = {"summary": versioned("dashboard", selectors.dashboard_summary)}
    return render_page_or_fragment(request, "core/dashboard.html", context, fragment="summary")


@require_GET
@permission_required()  # any signed-in user; declared so the permission matrix test sees it
def baseline(request):
    """A trivial view: the benchmark's yardstick for what the stack itself costs."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
@require_GET
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


@never_cache
@require_GET
def readyz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except (OperationalError, InterfaceError, DatabaseError):
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ready", content_type="text/plain")


def server_error(request):
    """500 handler; a database that went away is a 503 with a page saying so.

    The templates here render without context processors: they must not touch the
    database that may be the reason we are here.
    """
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        body = loader.get_template("503.html").render()
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "10"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
