"""Purchase orders with their lines: the list (the orders page's search, status,
supplier and sorts), one order, creating and editing a draft, placing, cancelling and
receiving a delivery, through purchasing's services as the order pages do."""

from typing import Literal

from django.http import Http404, HttpResponse
from ninja import Query, Router

from apps.api.access import permission
from apps.api.endpoints._lists import form_data, list_page, sort_values, valid
from apps.api.endpoints._writes import IdempotencyKeyHeader, write
from apps.api.endpoints.stock_operations import location_key
from apps.api.page_cache import cached_read
from apps.api.paging import MAX_PAGE_SIZE, SortKey
from apps.api.schemas.common import ERRORS_READ, ERRORS_WRITE, Cursor, Id, Text
from apps.api.schemas.purchasing import (
    PurchaseOrderDetailOut,
    PurchaseOrderIn,
    PurchaseOrderPage,
    ReceiveIn,
)
from apps.catalog.models import Part
from apps.inventory.models import Location
from apps.purchasing.errors import PurchasingError
from apps.purchasing.forms.orders import OrderFilterForm
from apps.purchasing.models import PurchaseOrder, Status, Supplier
from apps.purchasing.selectors import orders as selectors
from apps.purchasing.services import orders as services
from apps.purchasing.services.orders import LineData
from apps.purchasing.services.receiving import Receipt, purchase_order_receive

router = Router(tags=["purchasing"])

ORDER_SORTS = {
    "number": SortKey("number"),
    "supplier": SortKey("supplier__name"),
    "status": SortKey("status"),
    "expected": SortKey("expected_date", nullable=True),
    "created": SortKey("created_at"),
    "total": SortKey("total"),
}
OrderSort = Literal[sort_values(ORDER_SORTS)]
OrderStatus = Literal[("open", *Status.values)]
WRITE = {200: PurchaseOrderDetailOut, **ERRORS_WRITE}


def _rows(ids):
    rows = selectors.purchase_orders_by_id(ids)
    return [rows[pk] for pk in ids if pk in rows]


def _order(pk) -> PurchaseOrder:
    try:
        return selectors.purchase_order_detail(pk)
    except PurchaseOrder.DoesNotExist:
        raise Http404 from None


@router.get(
    "/purchase-orders/",
    response={200: PurchaseOrderPage, **ERRORS_READ},
    auth=permission("purchasing.view_purchaseorder"),
)
@cached_read
def purchase_order_list(
    request,
    q: Text(100) = "",
    status: OrderStatus | None = None,
    supplier: Id | None = None,
    sort: OrderSort = "-number",
    cursor: Cursor | None = None,
    per_page: int = Query(25, ge=1, le=MAX_PAGE_SIZE),
):
    """Orders as on the purchase orders page: search (number, notes, supplier name, exact
    part SKU), status (`open` = ordered or partially received), supplier."""
    form = valid(OrderFilterForm(form_data(status=status, supplier=supplier)))
    filters = selectors.OrderFilters(query=q, status=form["status"], supplier=form["supplier"])
    return list_page(
        request,
        selectors.purchase_order_matches(filters, sort=sort),
        sorts=ORDER_SORTS,
        sort=sort,
        cursor=cursor,
        per_page=per_page,
        fetch=_rows,
    )


@router.get(
    "/purchase-orders/{pk}/",
    response={200: PurchaseOrderDetailOut, **ERRORS_READ},
    auth=permission("purchasing.view_purchaseorder"),
)
@cached_read
def purchase_order_detail(request, pk: Id):
    return _order(pk)


def _header_and_lines(payload: PurchaseOrderIn):
    supplier = Supplier.objects.filter(pk=payload.supplier).first()
    if supplier is None:
        raise PurchasingError("Unknown supplier.", field="supplier")
    parts = Part.objects.in_bulk([line.part for line in payload.lines])
    lines = []
    for index, line in enumerate(payload.lines):
        if line.part not in parts:
            raise PurchasingError(f"Line {index + 1}: unknown part.", field=f"lines.{index}.part")
        lines.append(
            LineData(
                part=parts[line.part],
                quantity=line.quantity,
                unit_price=line.unit_price,
                id=line.id,
            )
        )
    return supplier, lines


@router.post(
    "/purchase-orders/",
    response={201: PurchaseOrderDetailOut, **ERRORS_WRITE},
    auth=permission("purchasing.add_purchaseorder"),
)
def purchase_order_create(
    request,
    response: HttpResponse,
    payload: PurchaseOrderIn,
    idempotency_key: str | None = IdempotencyKeyHeader,
):
    """A new draft order with its lines."""

    def perform():
        supplier, lines = _header_and_lines(payload)
        order = services.purchase_order_create(
            supplier=supplier,
            user=request.user,
            lines=lines,
            expected_date=payload.expected_date,
            notes=payload.notes,
        )
        return _order(order.pk)

    return write(
        request, response, schema=PurchaseOrderDetailOut, perform=perform, key=idempotency_key
    )


@router.put(
    "/purchase-orders/{pk}/", response=WRITE, auth=permission("purchasing.change_purchaseorder")
)
def purchase_order_update(request, response: HttpResponse, pk: Id, payload: PurchaseOrderIn):
    """Replaces a draft's header and lines (lines sent with their `id` are kept, the
    others removed). Only a draft can be edited (409 otherwise)."""
    order = _order(pk)

    def perform():
        supplier, lines = _header_and_lines(payload)
        services.purchase_order_update(
            order=order,
            supplier=supplier,
            lines=lines,
            expected_date=payload.expected_date,
            notes=payload.notes,
        )
        return _order(order.pk)

    return write(request, response, schema=PurchaseOrderDetailOut, perform=perform, status=200)


@router.post(
    "/purchase-orders/{pk}/place/",
    response=WRITE,
    auth=permission("purchasing.change_purchaseorder"),
)
def purchase_order_place(request, response: HttpResponse, pk: Id):
    """Places a draft with the supplier (status `ordered`)."""
    order = _order(pk)

    def perform():
        services.purchase_order_place(order=order, user=request.user)
        return _order(order.pk)

    return write(request, response, schema=PurchaseOrderDetailOut, perform=perform, status=200)


@router.post(
    "/purchase-orders/{pk}/cancel/",
    response=WRITE,
    auth=permission("purchasing.cancel_purchaseorder"),
)
def purchase_order_cancel(request, response: HttpResponse, pk: Id):
    """Cancels an order (what came in of a partly received one stays received)."""
    order = _order(pk)

    def perform():
        services.purchase_order_cancel(order=order, user=request.user)
        return _order(order.pk)

    return write(request, response, schema=PurchaseOrderDetailOut, perform=perform, status=200)


@router.post(
    "/purchase-orders/{pk}/receive/",
    response=WRITE,
    auth=permission("purchasing.receive_purchaseorder"),
)
def purchase_order_receive_create(
    request,
    response: HttpResponse,
    pk: Id,
    payload: ReceiveIn,
    idempotency_key: str | None = IdempotencyKeyHeader,
):
    """Books a delivery against the order: per line a quantity and where it goes (and
    batch and expiry for parts kept per batch). All or nothing; more than outstanding
    needs `allow_over_receipt` (409 `over_receipt` otherwise)."""
    order = _order(pk)

    def perform():
        lines = {line.pk: line for line in order.lines.all()}
        receipts = []
        for index, item in enumerate(payload.lines):
            line = lines.get(item.line)
            if line is None:
                raise PurchasingError(
                    "This line is not part of the order.", field=f"lines.{index}.line"
                )
            location = location_key(item.location, field=f"lines.{index}.location")
            if isinstance(location, int):
                location = Location.objects.filter(pk=location).first()
                if location is None:
                    raise PurchasingError("Unknown location.", field=f"lines.{index}.location")
            receipts.append(
                Receipt(
                    line=line,
                    quantity=item.quantity,
                    location=location,
                    batch=item.batch,
                    expiry_date=item.expiry_date,
                )
            )
        try:
            purchase_order_receive(
                order=order,
                receipts=receipts,
                user=request.user,
                allow_over_receipt=payload.allow_over_receipt,
                note=payload.note,
            )
        except PurchasingError as error:
            if error.field and error.field.startswith("line-"):
                line_id = int(error.field.removeprefix("line-"))
                index = next((i for i, r in enumerate(payload.lines) if r.line == line_id), 0)
                error.field = f"lines.{index}"
            raise
        return _order(order.pk)

    return write(
        request,
        response,
        schema=PurchaseOrderDetailOut,
        perform=perform,
        status=200,
        key=idempotency_key,
    )
