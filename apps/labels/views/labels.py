"""Labels for one record or a selection: the options page, the printable sheet page
(Print button, exact millimetres) and the same page as a PDF (docs/labels.md)."""

from django.contrib.staticfiles import finders
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET

from apps.core.access import permission_required
from apps.labels.forms import LabelOptionsForm
from apps.labels.layouts import LAYOUTS
from apps.labels.pdf import html_to_pdf
from apps.labels.selectors import KINDS, LIST_PARAMS, MAX_LABELS, selection_records
from apps.labels.sheets import label_for, paginate

VIEW_PERMISSION = {
    "part": "catalog.view_part",
    "location": "inventory.view_location",
    "stock": "inventory.view_stockitem",
}


def _selection(request) -> tuple[str, list, list[tuple[str, str]]]:
    kind = request.GET.get("kind", "part")
    if kind not in KINDS:
        raise BadRequest("Unknown kind of label.")
    if not request.user.has_perm(VIEW_PERMISSION[kind]):
        raise PermissionDenied
    records = list(selection_records(kind, request.GET)[: MAX_LABELS + 1])
    carried = [("kind", kind)]
    if request.GET.get("all_matching"):
        carried.append(("all_matching", "1"))
        carried += [(key, request.GET[key]) for key in LIST_PARAMS if request.GET.get(key)]
    else:
        carried += [("ids", str(record.pk)) for record in records[:MAX_LABELS]]
    return kind, records, carried


def _context(request, *, form_data=None):
    kind, records, carried = _selection(request)
    form = LabelOptionsForm(form_data, kind=kind)
    return {
        "kind": kind,
        "kind_name": KINDS[kind],
        "records": records,
        "too_many": len(records) > MAX_LABELS,
        "max_labels": MAX_LABELS,
        "carried": carried,
        "form": form,
    }


@require_GET
@permission_required()
def label_options(request):
    context = _context(request)
    return render(request, "labels/options.html", context)


def _sheet_context(request, context) -> dict | None:
    form = context["form"]
    if context["too_many"] or not context["records"] or not form.is_valid():
        return None
    options = form.cleaned_data
    layout = LAYOUTS[options["layout"]]
    fields = set(options["fields"])
    labels = [
        label_for(record, context["kind"], fields, options["symbology"])
        for record in context["records"]
    ]
    query = request.GET.urlencode()
    return context | {
        "layout": layout,
        "options": options,
        "pages": paginate(labels, layout, start=options["start"]),
        "label_count": len(labels),
        "pdf_url": f"{reverse('labels:label_pdf')}?{query}",
        "options_url": f"{reverse('labels:label_options')}?{query}",
    }


def _invalid(request, context) -> HttpResponse:
    return render(request, "labels/options.html", context, status=422)


@require_GET
@permission_required()
def label_sheet(request):
    """The labels to print: pages at the exact size of the label stock."""
    context = _context(request, form_data=request.GET)
    sheet = _sheet_context(request, context)
    if sheet is None:
        return _invalid(request, context)
    return render(request, "labels/sheet.html", sheet)


@require_GET
@permission_required()
def label_pdf(request):
    """The same page as a PDF, printed by headless Chromium."""
    context = _context(request, form_data=request.GET)
    sheet = _sheet_context(request, context)
    if sheet is None:
        return _invalid(request, context)
    with open(finders.find("css/labels.css"), encoding="utf-8") as css:
        sheet["inline_css"] = css.read()
    html = render_to_string("labels/sheet.html", sheet, request=request)
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    name = f"labels-{context['kind']}-{sheet['layout'].key}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
