"""What every report view does after its selector: the page (or its results fragment),
or, with ?format=csv|xlsx, the table shown as a file (?section= picks the table on a page
with several)."""

from django.http import Http404

from apps.core.exports import FORMATS, export_response
from apps.core.htmx import is_fragment_request, render_page_or_fragment

TEMPLATE = "reports/report.html"


def report_response(request, *, form, reports, title, status=200, **context):
    file_format = request.GET.get("format")
    if file_format:
        if file_format not in FORMATS or not reports:
            raise Http404("No such export.")
        section = request.GET.get("section") or reports[0].key
        report = next((r for r in reports if r.key == section), None)
        if report is None:
            raise Http404("No such table.")
        return export_response(
            report.export_rows(), filename=report.filename, file_format=file_format
        )
    query = request.GET.copy()
    query.pop("format", None)
    query.pop("section", None)
    context = {
        "form": form,
        "reports": reports,
        "title": title,
        "query": query.urlencode(),
        **context,
    }
    return render_page_or_fragment(request, TEMPLATE, context, fragment="results", status=status)


def invalid(request, *, form, title, **context):
    """Filters the form refuses: the messages beside the fields and in the results, no
    figures; 422 for the results fragment (htmx swaps it in), 400 for a page."""
    status = 422 if is_fragment_request(request) else 400
    return report_response(request, form=form, reports=[], title=title, status=status, **context)
