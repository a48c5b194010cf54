"""Units of measure (managers): the list, and the create/edit form in a dialog over it."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from apps.catalog.forms.units import UnitForm
from apps.catalog.models import Unit
from apps.catalog.selectors import units as selectors
from apps.catalog.services import units as services
from apps.catalog.services.parts import CatalogError
from apps.catalog.views.parts import form_error
from apps.core.access import permission_required
from apps.core.htmx import is_fragment_request, redirect_after_write, render_page_or_fragment


@require_GET
@permission_required("catalog.view_unit")
def unit_list(request):
    return render_page_or_fragment(
        request, "catalog/unit_list.html", {"units": selectors.unit_list()}, fragment="rows"
    )


def _form_response(request, context, *, status):
    context["dialog"] = is_fragment_request(request)
    return render_page_or_fragment(
        request, "catalog/unit_form.html", context, fragment="form", status=status
    )


@require_http_methods(["GET", "POST"])
@permission_required("catalog.add_unit")
def unit_create(request):
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(**form.cleaned_data)
        except CatalogError as error:
            form_error(form, error)
        else:
            return redirect_after_write(
                request, reverse("catalog:unit_list"), f"Unit {unit.code} created."
            )
    context = {"form": form, "title": "New unit", "action": reverse("catalog:unit_create")}
    return _form_response(request, context, status=422 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
@permission_required("catalog.change_unit")
def unit_edit(request, pk):
    unit = get_object_or_404(Unit, pk=pk)
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        services.unit_update(
            unit=unit,
            name=form.cleaned_data["name"],
            allows_fractions=form.cleaned_data["allows_fractions"],
        )
        return redirect_after_write(
            request, reverse("catalog:unit_list"), f"Unit {unit.code} saved."
        )
    context = {
        "form": form,
        "unit": unit,
        "title": f"Edit unit {unit.code}",
        "action": reverse("catalog:unit_edit", args=[unit.pk]),
    }
    return _form_response(request, context, status=422 if form.is_bound else 200)
