"""Usage and turnover (most issued, days of cover) and dead stock."""

from django.urls import reverse
from django.views.decorators.http import require_GET

from apps.core.access import permission_required
from apps.core.response_cache import cached_page
from apps.reports.forms import DeadStockForm, UsageForm
from apps.reports.selectors.usage import dead_stock_report, usage_report
from apps.reports.views._report import invalid, report_response


@require_GET
@permission_required("reports.view_reports")
@cached_page
def usage(request):
    title, action = "Usage and turnover", reverse("reports:usage")
    form = UsageForm(request.GET)
    if not form.is_valid():
        return invalid(request, form=form, title=title, action=action)
    report = usage_report(
        days=form.cleaned_data["days"] or 90, category=form.cleaned_data["category"]
    )
    return report_response(request, form=form, reports=[report], title=title, action=action)


@require_GET
@permission_required("reports.view_reports")
@cached_page
def dead_stock(request):
    title, action = "Dead stock", reverse("reports:dead_stock")
    form = DeadStockForm(request.GET)
    if not form.is_valid():
        return invalid(request, form=form, title=title, action=action)
    report = dead_stock_report(
        days=form.cleaned_data["days"] or 365, category=form.cleaned_data["category"]
    )
    return report_response(request, form=form, reports=[report], title=title, action=action)
