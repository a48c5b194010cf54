"""Bodies of the inventory endpoints: locations, stock records, the ledger, stock operations."""

from datetime import date, datetime
from uuid import UUID

from ninja import Field, Schema
from pydantic import AliasChoices

from apps.api.schemas.common import (
    DecimalIn,
    DecimalStr,
    Id,
    LocationRef,
    PartRef,
    Text,
    page_of,
)
from apps.core.text_limits import NOTE_LENGTH


class LocationOut(Schema):
    id: int
    code: str
    name: str
    description: str
    parent_id: int | None
    depth: int
    is_active: bool
    allow_negative_stock: bool


class StockRecordOut(Schema):
    id: int
    part: PartRef
    location: LocationRef
    batch: str
    expiry_date: date | None
    quantity: DecimalStr
    updated_at: datetime


class UserRef(Schema):
    id: int
    username: str


class MovementOut(Schema):
    """A line of the ledger: a signed change of one stock record."""

    id: int
    operation: UUID = Field(
        description="Shared by the lines of one operation (a transfer has two)."
    )
    kind: str
    created_at: datetime
    part: PartRef
    location: LocationRef
    other_location: LocationRef | None
    stock_record_id: int = Field(validation_alias=AliasChoices("stock_item_id", "stock_record_id"))
    quantity: DecimalStr
    quantity_after: DecimalStr
    user: UserRef | None
    reference: str
    note: str
    reverses_id: int | None


class OperationOut(Schema):
    """What a stock operation booked: its ledger lines (none when a count found no difference)."""

    operation: UUID | None
    movements: list[MovementOut]


LocationPage = page_of(LocationOut, "LocationPage")
StockRecordPage = page_of(StockRecordOut, "StockRecordPage")
MovementPage = page_of(MovementOut, "MovementPage")

# A part by id, or by SKU or barcode; a location by id or code: what a scanner sends.
PartKey = Id | Text(64, min_length=1)
LocationKey = Id | Text(32, min_length=1)


class _Operation(Schema):
    reference: Text(100) = ""
    note: Text(NOTE_LENGTH) = ""


class ReceiveIn(_Operation):
    part: PartKey
    location: LocationKey
    quantity: DecimalIn
    batch: Text(64) = ""
    expiry_date: date | None = None


class IssueIn(_Operation):
    part: PartKey
    location: LocationKey
    quantity: DecimalIn
    batch: Text(64) = ""


class TransferIn(_Operation):
    part: PartKey
    from_location: LocationKey
    to_location: LocationKey
    quantity: DecimalIn
    batch: Text(64) = ""


class AdjustIn(_Operation):
    part: PartKey
    location: LocationKey
    quantity_delta: DecimalIn = Field(description="Signed: 5 adds, -5 takes away.")
    batch: Text(64) = ""
    note: Text(NOTE_LENGTH) = Field(description="The reason (required).")


class CountIn(_Operation):
    stock_record: Id
    counted_quantity: DecimalIn
