"""Movements per day, week or month and kind, for a part, a category or a location."""

from django.urls import reverse
from django.views.decorators.http import require_GET

from apps.catalog.models import Part
from apps.core.access import permission_required
from apps.core.response_cache import cached_page
from apps.inventory.selectors.locations import location_for_code
from apps.reports.forms import MovementForm
from apps.reports.selectors.movements import movement_report
from apps.reports.views._report import invalid, report_response

TITLE = "Movements by period"


@require_GET
@permission_required("reports.view_reports")
@cached_page
def movements(request):
    action = reverse("reports:movements")
    form = MovementForm(request.GET)
    if not form.is_valid():
        return invalid(request, form=form, title=TITLE, action=action)
    data = form.cleaned_data
    part = Part.objects.filter(sku__iexact=data["part"]).first() if data["part"] else None
    location = location_for_code(data["location"]) if data["location"] else None
    unknown = []
    if data["part"] and part is None:
        unknown.append(f"There is no part with SKU “{data['part']}”.")
    if data["location"] and location is None:
        unknown.append(f"There is no location with code “{data['location']}”.")
    if unknown:
        return report_response(
            request, form=form, reports=[], title=TITLE, action=action, unknown=unknown
        )
    report = movement_report(
        period=data["period"],
        date_from=data["date_from"],
        date_to=data["date_to"],
        part=part,
        category=data["category"],
        location=location,
    )
    return report_response(request, form=form, reports=[report], title=TITLE, action=action)
