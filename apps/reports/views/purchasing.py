"""Purchasing: spend by supplier and month, open and late orders, lead times."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from apps.core.access import permission_required
from apps.core.response_cache import cached_page
from apps.reports.forms import PurchasingForm
from apps.reports.selectors.purchasing import purchasing_reports
from apps.reports.views._report import invalid, report_response

TITLE = "Purchasing"


def shortcuts(base: str) -> list[tuple[str, str]]:
    """Ready-made periods: this month, last month, the last twelve months."""
    today = timezone.localdate()
    first = today.replace(day=1)
    last_month_end = first - timedelta(days=1)
    last_month = last_month_end.replace(day=1)
    year_ago = (first - timedelta(days=335)).replace(day=1)
    return [
        ("This month", f"{base}?date_from={first:%Y-%m-%d}&date_to={today:%Y-%m-%d}"),
        ("Last month", f"{base}?date_from={last_month:%Y-%m-%d}&date_to={last_month_end:%Y-%m-%d}"),
        ("Last 12 months", f"{base}?date_from={year_ago:%Y-%m-%d}&date_to={today:%Y-%m-%d}"),
    ]


@require_GET
@permission_required("reports.view_reports")
@cached_page
def purchasing(request):
    action = reverse("reports:purchasing")
    form = PurchasingForm(request.GET)
    if not form.is_valid():
        return invalid(request, form=form, title=TITLE, action=action, shortcuts=shortcuts(action))
    data = form.cleaned_data
    reports = purchasing_reports(
        date_from=data["date_from"], date_to=data["date_to"], supplier=data["supplier"]
    )
    return report_response(
        request, form=form, reports=reports, title=TITLE, action=action, shortcuts=shortcuts(action)
    )
