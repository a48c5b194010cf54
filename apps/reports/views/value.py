"""Stock value by category or by location, today or as of a past day, with drill down."""

from django.urls import reverse
from django.views.decorators.http import require_GET

from apps.core.access import permission_required
from apps.core.response_cache import cached_page
from apps.reports.forms import ValueForm
from apps.reports.selectors.valuation import value_report
from apps.reports.views._report import invalid, report_response


def _value_view(request, by: str):
    url_name = f"reports:value_by_{by}"
    title = f"Stock value by {by}"
    form = ValueForm(request.GET)
    if not form.is_valid():
        return invalid(request, form=form, title=title, action=reverse(url_name))
    as_of = form.cleaned_data["as_of"]
    base = reverse(url_name)

    def url_for(pk: int) -> str:
        return f"{base}?node={pk}" + (f"&as_of={as_of:%Y-%m-%d}" if as_of else "")

    report = value_report(by=by, as_of=as_of, selected=form.cleaned_data["node"], url_for=url_for)
    top = base + (f"?as_of={as_of:%Y-%m-%d}" if as_of else "")
    return report_response(request, form=form, reports=[report], title=title, action=base, top=top)


@require_GET
@permission_required("reports.view_reports")
@cached_page
def value_by_category(request):
    return _value_view(request, "category")


@require_GET
@permission_required("reports.view_reports")
@cached_page
def value_by_location(request):
    return _value_view(request, "location")
