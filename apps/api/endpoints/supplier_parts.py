"""Price-list lines (supplier parts): list, one line, create, change, delete, through
purchasing's supplier_part_save/supplier_part_delete as the price-list rows do."""

from typing import Literal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status

from apps.api.access import permission
from apps.api.endpoints._lists import list_page, sort_values
from apps.api.endpoints._writes import write
from apps.api.page_cache import cached_read
from apps.api.paging import MAX_PAGE_SIZE, SortKey
from apps.api.schemas.common import ERRORS_READ, ERRORS_WRITE, Cursor, Id, Text
from apps.api.schemas.purchasing import (
    SupplierPartIn,
    SupplierPartOut,
    SupplierPartPage,
    SupplierPartPatch,
)
from apps.catalog.models import Part
from apps.purchasing.errors import PurchasingError
from apps.purchasing.models import Supplier, SupplierPart
from apps.purchasing.selectors.supplier_parts import supplier_parts_by_id
from apps.purchasing.services.supplier_parts import supplier_part_delete as delete_line
from apps.purchasing.services.supplier_parts import supplier_part_save

router = Router(tags=["purchasing"])

# The supplier page's order (its catalogue: supplier SKU), or by our SKU.
SUPPLIER_PART_SORTS = {
    "supplier_sku": SortKey("supplier_sku"),
    "sku": SortKey("part__sku"),
    "unit_price": SortKey("unit_price"),
}
SupplierPartSort = Literal[sort_values(SUPPLIER_PART_SORTS)]


def _lines(ids):
    rows = supplier_parts_by_id(ids)
    return [rows[pk] for pk in ids if pk in rows]


@router.get(
    "/supplier-parts/",
    response={200: SupplierPartPage, **ERRORS_READ},
    auth=permission("purchasing.view_supplierpart"),
)
@cached_read
def supplier_part_list(
    request,
    supplier: Id | None = None,
    part: Id | None = None,
    q: Text(100) = "",
    preferred: bool = False,
    sort: SupplierPartSort = "supplier_sku",
    cursor: Cursor | None = None,
    per_page: int = Query(25, ge=1, le=MAX_PAGE_SIZE),
):
    """Price-list lines of a supplier (`supplier`) or of a part (`part`), or all; `q`
    matches the start of the supplier's SKU or our SKU."""
    lines = SupplierPart.objects.all()
    if supplier is not None:
        lines = lines.filter(supplier_id=supplier)
    if part is not None:
        lines = lines.filter(part_id=part)
    if preferred:
        lines = lines.filter(is_preferred=True)
    if q:
        lines = lines.filter(supplier_sku__istartswith=q) | lines.filter(part__sku__istartswith=q)
    return list_page(
        request,
        lines,
        sorts=SUPPLIER_PART_SORTS,
        sort=sort,
        cursor=cursor,
        per_page=per_page,
        fetch=_lines,
    )


@router.get(
    "/supplier-parts/{pk}/",
    response={200: SupplierPartOut, **ERRORS_READ},
    auth=permission("purchasing.view_supplierpart"),
)
@cached_read
def supplier_part_detail(request, pk: Id):
    return get_object_or_404(SupplierPart.objects.select_related("supplier", "part"), pk=pk)


def _saved(line):
    return SupplierPart.objects.select_related("supplier", "part").get(pk=line.pk)


@router.post(
    "/supplier-parts/",
    response={201: SupplierPartOut, **ERRORS_WRITE},
    auth=permission("purchasing.add_supplierpart"),
)
def supplier_part_create(request, response: HttpResponse, payload: SupplierPartIn):
    """A new line on a supplier's price list; `is_preferred` takes the flag from the
    part's other supplier."""
    data = payload.dict()
    supplier = Supplier.objects.filter(pk=data.pop("supplier")).first()
    part = Part.objects.filter(pk=data["part"]).first()

    def perform():
        if supplier is None:
            raise PurchasingError("Unknown supplier.", field="supplier")
        if part is None:
            raise PurchasingError("Unknown part.", field="part")
        data["part"] = part
        data["currency"] = (data["currency"] or "").upper()
        return _saved(supplier_part_save(supplier=supplier, data=data))

    return write(request, response, schema=SupplierPartOut, perform=perform)


@router.patch(
    "/supplier-parts/{pk}/",
    response={200: SupplierPartOut, **ERRORS_WRITE},
    auth=permission("purchasing.change_supplierpart"),
)
def supplier_part_update(request, response: HttpResponse, pk: Id, payload: SupplierPartPatch):
    line = get_object_or_404(SupplierPart.objects.select_related("supplier", "part"), pk=pk)
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    if "currency" in data:
        data["currency"] = data["currency"].upper()
    data["part"] = line.part

    def perform():
        return _saved(supplier_part_save(supplier=line.supplier, data=data, supplier_part=line))

    return write(request, response, schema=SupplierPartOut, perform=perform, status=200)


@router.delete(
    "/supplier-parts/{pk}/",
    response={204: None, **ERRORS_WRITE},
    auth=permission("purchasing.delete_supplierpart"),
)
def supplier_part_delete(request, pk: Id):
    line = get_object_or_404(SupplierPart, pk=pk)
    delete_line(supplier_part=line)
    return Status(204, None)
