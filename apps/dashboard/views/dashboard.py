"""The dashboard: figures over the whole catalog and ledger, page and fragment."""

from django.views.decorators.http import require_GET

from apps.core.access import permission_required
from apps.core.htmx import render_page_or_fragment
from apps.core.response_cache import versioned
from apps.dashboard import selectors


@require_GET
@permission_required("catalog.view_part")
def dashboard(request):
    # Aggregates over the whole catalog and ledger: reused until the next committed write.
    context = {"summary": versioned("dashboard", selectors.dashboard_summary)}
    return render_page_or_fragment(request, "dashboard/dashboard.html", context, fragment="summary")
