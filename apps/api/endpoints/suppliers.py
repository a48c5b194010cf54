"""Suppliers: the list (the suppliers page's search, status and sorts), one supplier,
creating and changing one (the supplier form's checks, then purchasing's services)."""

from typing import Literal

from django.forms.models import model_to_dict
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router

from apps.api.access import permission
from apps.api.endpoints._lists import by_ids, list_page, sort_values, valid
from apps.api.endpoints._writes import write
from apps.api.page_cache import cached_read
from apps.api.paging import MAX_PAGE_SIZE, SortKey
from apps.api.schemas.common import ERRORS_READ, ERRORS_WRITE, Cursor, Id, Text
from apps.api.schemas.purchasing import SupplierIn, SupplierOut, SupplierPage, SupplierPatch
from apps.purchasing.forms.suppliers import SupplierForm
from apps.purchasing.models import Supplier
from apps.purchasing.selectors.suppliers import SUPPLIER_SORTS as PAGE_SORTS
from apps.purchasing.selectors.suppliers import supplier_list as supplier_search
from apps.purchasing.services import suppliers as services

router = Router(tags=["purchasing"])

SUPPLIER_SORTS = {name: SortKey(path) for name, path in PAGE_SORTS.items()}
SupplierSort = Literal[sort_values(SUPPLIER_SORTS)]
FORM_FIELDS = SupplierForm.Meta.fields


@router.get(
    "/suppliers/",
    response={200: SupplierPage, **ERRORS_READ},
    auth=permission("purchasing.view_supplier"),
)
@cached_read
def supplier_list(
    request,
    q: Text(100) = "",
    status: Literal["active", "archived", "all"] = "active",
    sort: SupplierSort = "name",
    cursor: Cursor | None = None,
    per_page: int = Query(25, ge=1, le=MAX_PAGE_SIZE),
):
    """Suppliers as on the suppliers page: search (name, code, contact, e-mail), status."""
    return list_page(
        request,
        supplier_search(query=q, status=status),
        sorts=SUPPLIER_SORTS,
        sort=sort,
        cursor=cursor,
        per_page=per_page,
        fetch=by_ids(Supplier.objects.all()),
    )


@router.get(
    "/suppliers/{pk}/",
    response={200: SupplierOut, **ERRORS_READ},
    auth=permission("purchasing.view_supplier"),
)
@cached_read
def supplier_detail(request, pk: Id):
    return get_object_or_404(Supplier, pk=pk)


@router.post(
    "/suppliers/",
    response={201: SupplierOut, **ERRORS_WRITE},
    auth=permission("purchasing.add_supplier"),
)
def supplier_create(request, response: HttpResponse, payload: SupplierIn):
    """A new supplier, checked as the supplier form checks it."""
    form = SupplierForm(payload.dict())
    data = valid(form)
    return write(
        request,
        response,
        schema=SupplierOut,
        perform=lambda: services.supplier_create(data=data),
    )


@router.patch(
    "/suppliers/{pk}/",
    response={200: SupplierOut, **ERRORS_WRITE},
    auth=permission("purchasing.change_supplier"),
)
def supplier_update(request, response: HttpResponse, pk: Id, payload: SupplierPatch):
    """Changes the fields sent; `is_active` archives or restores the supplier."""
    supplier = get_object_or_404(Supplier, pk=pk)
    changes = payload.dict(exclude_unset=True)
    active = changes.pop("is_active", None)

    def perform():
        current = supplier
        if changes:
            form = SupplierForm(
                {**model_to_dict(supplier, fields=FORM_FIELDS), **changes}, instance=supplier
            )
            current = services.supplier_update(supplier=supplier, data=valid(form))
        if active is not None:
            current = services.supplier_set_active(supplier=current, active=active)
        return current

    return write(request, response, schema=SupplierOut, perform=perform, status=200)
