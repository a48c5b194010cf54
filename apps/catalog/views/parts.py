"""A part's page, the part form (with validation as the user leaves a field), archive and
delete.

Views parse input, call a selector or a service and render the page or, for HTMX, the
fragment of the same template (apps/core/htmx.py).
"""

from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.catalog.forms.parts import PartForm
from apps.catalog.models import Part
from apps.catalog.selectors import parts as selectors
from apps.catalog.selectors.categories import category_ancestors
from apps.catalog.services import parts as services
from apps.catalog.services.parts import CatalogError
from apps.core.access import permission_required
from apps.core.htmx import redirect_after_write, render_page_or_fragment
from apps.core.response_cache import cached_page


def form_error(form, error: ValidationError | CatalogError) -> None:
    """A refusal by the model's validation or a catalog rule, shown on the form: next to
    the field it names, else above the form."""
    if isinstance(error, CatalogError):
        form.add_error(error.field, error.message)
    else:
        form.add_error(None, error)


def confirm_delete(
    request, obj, *, kind: str, delete, done_url: str, done_message: str, cancel_url: str
) -> HttpResponse:
    """GET: "Delete this …?"; POST: `delete()` (a service call), then `done_url` with the
    message; a refusal (CatalogError) is shown on the confirmation with 409."""
    error = None
    if request.method == "POST":
        try:
            delete()
        except CatalogError as refused:
            error = refused.message
        else:
            return redirect_after_write(request, done_url, done_message)
    context = {
        "object": obj,
        "kind": kind,
        "error": error,
        "action": request.path,
        "cancel_url": cancel_url,
    }
    return render_page_or_fragment(
        request,
        "catalog/confirm_delete.html",
        context,
        fragment="confirm",
        status=409 if error else 200,
    )


@require_GET
@permission_required("catalog.view_part")
@cached_page
def part_detail(request, pk):
    try:
        part = selectors.part_detail(pk)
    except Part.DoesNotExist:
        raise Http404("No such part.") from None
    tab_urls = {
        "stock": reverse("inventory:part_stock_tab", args=[part.pk]),
        "movements": reverse("inventory:part_movements_tab", args=[part.pk]),
        "suppliers": reverse("purchasing:part_suppliers", args=[part.pk]),
        "attachments": reverse("attachments:record_attachments", args=["catalog.part", part.pk]),
        "history": reverse("audit:record_history", args=["catalog.part", part.pk]),
    }
    context = {
        "part": part,
        "category_path": category_ancestors(part.category),
        "tab_urls": tab_urls,
        "tabs": [
            ("stock", "Stock by location", tab_urls["stock"]),
            ("movements", "Movements", tab_urls["movements"]),
            ("suppliers", "Suppliers", tab_urls["suppliers"]),
            ("attachments", "Attachments", tab_urls["attachments"]),
            ("history", "History", tab_urls["history"]),
        ],
    }
    return render_page_or_fragment(request, "catalog/part_detail.html", context, fragment="header")


def _form_response(request, context, *, status=200):
    return render_page_or_fragment(
        request, "catalog/part_form.html", context, fragment="form", status=status
    )


@require_http_methods(["GET", "POST"])
@permission_required("catalog.add_part")
def part_create(request):
    validate_url = reverse("catalog:part_validate")
    if request.method == "POST":
        form = PartForm(request.POST, request.FILES, validate_url=validate_url)
        if form.is_valid():
            try:
                part = services.part_create(**form.part_data())
            except (ValidationError, CatalogError) as error:
                form_error(form, error)
            else:
                return redirect_after_write(
                    request, part.get_absolute_url(), f"Part {part.sku} created."
                )
        status = 422
    else:
        initial = {}
        if request.GET.get("category", "").isdigit():
            initial["category"] = int(request.GET["category"])
        form = PartForm(initial=initial, validate_url=validate_url)
        status = 200
    context = {"form": form, "title": "New part", "action": reverse("catalog:part_create")}
    return _form_response(request, context, status=status)


@require_http_methods(["GET", "POST"])
@permission_required("catalog.change_part")
def part_edit(request, pk):
    part = get_object_or_404(Part.objects.select_related("default_location"), pk=pk)
    validate_url = reverse("catalog:part_validate_existing", args=[part.pk])
    if request.method == "POST":
        form = PartForm(request.POST, request.FILES, instance=part, validate_url=validate_url)
        if form.is_valid():
            try:
                services.part_update(part=part, **form.part_data())
            except (ValidationError, CatalogError) as error:
                form_error(form, error)
            else:
                return redirect_after_write(
                    request, part.get_absolute_url(), f"Part {part.sku} saved."
                )
        status = 422
    else:
        form = PartForm(instance=part, validate_url=validate_url)
        status = 200
    context = {
        "form": form,
        "part": part,
        "title": f"Edit {part.sku}",
        "action": reverse("catalog:part_edit", args=[part.pk]),
    }
    return _form_response(request, context, status=status)


VALIDATED_FIELDS = ("sku", "barcode")


@require_POST
@permission_required("catalog.add_part")
def part_validate(request):
    """Validates one field of the part form as the user leaves it; returns the field."""
    return _validate_field(request, None)


@require_POST
@permission_required("catalog.change_part")
def part_validate_existing(request, pk):
    return _validate_field(request, pk)


def _validate_field(request, pk):
    name = request.GET.get("field")
    if name not in VALIDATED_FIELDS:
        raise BadRequest("Unknown field.")
    instance = get_object_or_404(Part, pk=pk) if pk else None
    url = (
        reverse("catalog:part_validate_existing", args=[pk])
        if pk
        else reverse("catalog:part_validate")
    )
    form = PartForm(request.POST, instance=instance, validate_url=url)
    form.is_valid()
    bound = form[name]
    html = render_to_string("catalog/part_form.html#field", {"field": bound}, request=request)
    return HttpResponse(html, status=422 if bound.errors else 200)


@require_POST
@permission_required("catalog.change_part")
def part_archive(request, pk):
    part = get_object_or_404(Part, pk=pk)
    active = request.POST.get("active") == "1"
    part = services.part_set_active(part=part, active=active)
    text = f"Part {part.sku} {'restored' if active else 'archived'}."
    return redirect_after_write(request, part.get_absolute_url(), text)


@require_http_methods(["GET", "POST"])
@permission_required("catalog.delete_part")
def part_delete(request, pk):
    part = get_object_or_404(Part, pk=pk)
    return confirm_delete(
        request,
        part,
        kind="part",
        delete=lambda: services.part_delete(part=part),
        done_url=reverse("catalog:part_list"),
        done_message=f"Part {part.sku} deleted.",
        cancel_url=part.get_absolute_url(),
    )
