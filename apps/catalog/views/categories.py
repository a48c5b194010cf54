"""The category tree (each level fetched when opened) and the category forms, including
the quick-create dialog of the part form."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh, reswap, retarget, trigger_client_event

from apps.catalog.forms.categories import CategoryForm
from apps.catalog.forms.parts import PartForm
from apps.catalog.models import Category
from apps.catalog.selectors import categories as selectors
from apps.catalog.services import categories as services
from apps.catalog.services.parts import CatalogError
from apps.catalog.views.parts import confirm_delete, form_error
from apps.core.access import permission_required
from apps.core.htmx import is_fragment_request, redirect_after_write, render_page_or_fragment


@require_GET
@permission_required("catalog.view_category")
def category_list(request):
    context = {"children": selectors.category_children(None), "parent": None}
    return render_page_or_fragment(
        request, "catalog/category_list.html", context, fragment="children"
    )


@require_GET
@permission_required("catalog.view_category")
def category_children(request, pk):
    parent = get_object_or_404(Category, pk=pk)
    context = {
        "children": selectors.category_children(parent),
        "parent": parent,
        "ancestors": selectors.category_ancestors(parent),
    }
    return render_page_or_fragment(
        request, "catalog/category_list.html", context, fragment="children"
    )


def _in_dialog(request) -> bool:
    return is_fragment_request(request) and request.headers.get("HX-Target") == "dialog-content"


def _form_response(request, context, *, status=200):
    return render_page_or_fragment(
        request, "catalog/category_form.html", context, fragment="form", status=status
    )


def _created_in_dialog(request, category: Category, text: str) -> HttpResponse:
    """Closes the dialog and puts the new category, selected, in the part form."""
    part_form = PartForm(initial={"category": category.pk})
    html = render_to_string(
        "catalog/category_form.html#created", {"part_form": part_form}, request=request
    )
    response = reswap(retarget(HttpResponse(html), "#category-field"), "innerHTML")
    trigger_client_event(response, "closeDialog", True)
    return trigger_client_event(response, "showMessage", text)


@require_http_methods(["GET", "POST"])
@permission_required("catalog.add_category")
def category_create(request):
    dialog = _in_dialog(request) or request.GET.get("dialog") == "1"
    if request.method == "POST":
        form = CategoryForm(request.POST)
        if form.is_valid():
            try:
                category = services.category_create(**form.cleaned_data)
            except CatalogError as error:
                form_error(form, error)
            else:
                text = f"Category {category.name} created."
                if dialog and is_fragment_request(request):
                    return _created_in_dialog(request, category, text)
                return redirect_after_write(request, reverse("catalog:category_list"), text)
        status = 422
    else:
        initial = {}
        if request.GET.get("parent", "").isdigit():
            initial["parent"] = int(request.GET["parent"])
        form = CategoryForm(initial=initial)
        status = 200
    context = {
        "form": form,
        "title": "New category",
        "dialog": dialog,
        "action": reverse("catalog:category_create") + ("?dialog=1" if dialog else ""),
    }
    return _form_response(request, context, status=status)


@require_http_methods(["GET", "POST"])
@permission_required("catalog.change_category")
def category_edit(request, pk):
    category = get_object_or_404(Category, pk=pk)
    if request.method == "POST":
        form = CategoryForm(request.POST, instance=category)
        if form.is_valid():
            try:
                services.category_update(category=category, **form.cleaned_data)
            except CatalogError as error:
                form_error(form, error)
            else:
                return redirect_after_write(
                    request, reverse("catalog:category_list"), f"Category {category.name} saved."
                )
        status = 422
    else:
        form = CategoryForm(instance=category)
        status = 200
    context = {
        "form": form,
        "category": category,
        "title": f"Edit {category.name}",
        "action": reverse("catalog:category_edit", args=[category.pk]),
    }
    return _form_response(request, context, status=status)


@require_POST
@permission_required("catalog.change_category")
def category_archive(request, pk):
    category = get_object_or_404(Category, pk=pk)
    active = request.POST.get("active") == "1"
    try:
        category = services.category_set_active(category=category, active=active)
    except CatalogError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"Category {category.name} {'restored' if active else 'archived'}."
        )
    if is_fragment_request(request):
        response = HttpResponseClientRefresh()
        response.status_code = 204
        return response
    return redirect("catalog:category_list")


@require_http_methods(["GET", "POST"])
@permission_required("catalog.delete_category")
def category_delete(request, pk):
    category = get_object_or_404(Category, pk=pk)
    return confirm_delete(
        request,
        category,
        kind="category",
        delete=lambda: services.category_delete(category=category),
        done_url=reverse("catalog:category_list"),
        done_message=f"Category {category.name} deleted.",
        cancel_url=reverse("catalog:category_list"),
    )
