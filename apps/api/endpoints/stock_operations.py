"""Stock operations as POSTs: receive, issue, transfer, adjust, count. They run the very
services the stock dialogs run (apps.inventory.services.stock): same locks, same ledger,
same refusals (a StockError names its field → 422)."""

from django.http import HttpResponse
from ninja import Router

from apps.api.access import permission
from apps.api.endpoints._writes import IdempotencyKeyHeader, write
from apps.api.schemas.common import ERRORS_WRITE
from apps.api.schemas.inventory import (
    AdjustIn,
    CountIn,
    IssueIn,
    OperationOut,
    ReceiveIn,
    TransferIn,
)
from apps.inventory.selectors.locations import location_for_code
from apps.inventory.selectors.parts import part_for_code
from apps.inventory.services.stock import (
    stock_adjust,
    stock_count,
    stock_issue,
    stock_receive,
    stock_transfer,
)
from apps.inventory.services.stock_validation import StockError

router = Router(tags=["stock operations"])
RESPONSES = {201: OperationOut, **ERRORS_WRITE}


def part_key(value, field="part"):
    """An id goes to the service as it is (it refuses unknown ids); a SKU or barcode is
    looked up as the dialogs' part field does."""
    if isinstance(value, int):
        return value
    part = part_for_code(value)
    if part is None:
        raise StockError(f"No part with SKU or barcode “{value}”.", field=field)
    return part


def location_key(value, field="location"):
    if isinstance(value, int):
        return value
    location = location_for_code(value)
    if location is None:
        raise StockError(f"No location with code “{value}”.", field=field)
    return location


def _lines(*movements):
    movements = [m for m in movements if m is not None]
    return {"operation": movements[0].operation if movements else None, "movements": movements}


@router.post("/stock/receive/", response=RESPONSES, auth=permission("inventory.move_stock"))
def stock_receive_create(
    request,
    response: HttpResponse,
    payload: ReceiveIn,
    idempotency_key: str | None = IdempotencyKeyHeader,
):
    """Books stock into a location (and batch), as the Receive dialog does."""

    def perform():
        return _lines(
            stock_receive(
                part=part_key(payload.part),
                location=location_key(payload.location),
                quantity=payload.quantity,
                user=request.user,
                batch=payload.batch,
                expiry_date=payload.expiry_date,
                reference=payload.reference,
                note=payload.note,
            )
        )

    return write(request, response, schema=OperationOut, perform=perform, key=idempotency_key)


@router.post("/stock/issue/", response=RESPONSES, auth=permission("inventory.move_stock"))
def stock_issue_create(
    request,
    response: HttpResponse,
    payload: IssueIn,
    idempotency_key: str | None = IdempotencyKeyHeader,
):
    """Takes stock out of a location (to a job, a customer, the bin)."""

    def perform():
        return _lines(
            stock_issue(
                part=part_key(payload.part),
                location=location_key(payload.location),
                quantity=payload.quantity,
                user=request.user,
                batch=payload.batch,
                reference=payload.reference,
                note=payload.note,
            )
        )

    return write(request, response, schema=OperationOut, perform=perform, key=idempotency_key)


@router.post("/stock/transfer/", response=RESPONSES, auth=permission("inventory.move_stock"))
def stock_transfer_create(
    request,
    response: HttpResponse,
    payload: TransferIn,
    idempotency_key: str | None = IdempotencyKeyHeader,
):
    """Moves stock between locations: two ledger lines, one operation."""

    def perform():
        return _lines(
            *stock_transfer(
                part=part_key(payload.part),
                from_location=location_key(payload.from_location, "from_location"),
                to_location=location_key(payload.to_location, "to_location"),
                quantity=payload.quantity,
                user=request.user,
                batch=payload.batch,
                reference=payload.reference,
                note=payload.note,
            )
        )

    return write(request, response, schema=OperationOut, perform=perform, key=idempotency_key)


@router.post("/stock/adjust/", response=RESPONSES, auth=permission("inventory.adjust_stock"))
def stock_adjust_create(
    request,
    response: HttpResponse,
    payload: AdjustIn,
    idempotency_key: str | None = IdempotencyKeyHeader,
):
    """Corrects stock by a signed amount, with the reason in `note` (managers)."""

    def perform():
        return _lines(
            stock_adjust(
                part=part_key(payload.part),
                location=location_key(payload.location),
                quantity_delta=payload.quantity_delta,
                user=request.user,
                batch=payload.batch,
                reference=payload.reference,
                note=payload.note,
            )
        )

    return write(request, response, schema=OperationOut, perform=perform, key=idempotency_key)


@router.post("/stock/count/", response=RESPONSES, auth=permission("inventory.count_stock"))
def stock_count_create(
    request,
    response: HttpResponse,
    payload: CountIn,
    idempotency_key: str | None = IdempotencyKeyHeader,
):
    """Sets a stock record to what was counted; no line when nothing differs."""

    def perform():
        return _lines(
            stock_count(
                stock_item=payload.stock_record,
                counted_quantity=payload.counted_quantity,
                user=request.user,
                reference=payload.reference,
                note=payload.note,
            )
        )

    return write(
        request,
        response,
        schema=OperationOut,
        perform=perform,
        key=idempotency_key,
        fields={"stock_item": "stock_record"},
    )
