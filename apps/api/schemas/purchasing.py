"""Bodies of the purchasing endpoints: suppliers, price-list lines, purchase orders."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema
from pydantic import StringConstraints

from apps.api.schemas.common import (
    DecimalIn,
    DecimalStr,
    Id,
    MoneyIn,
    OrderQuantityIn,
    PartRef,
    SupplierRef,
    Text,
    page_of,
)
from apps.api.schemas.inventory import LocationKey
from apps.core.text_limits import ADDRESS_LENGTH, NOTE_LENGTH, TEXT_LENGTH

Currency = Annotated[Text(3), StringConstraints(pattern=r"^[A-Za-z]{3}$")]


class SupplierOut(Schema):
    id: int
    name: str
    code: str
    contact_name: str
    email: str
    phone: str
    website: str
    address: str
    currency: str
    notes: str
    is_active: bool
    created_at: datetime
    updated_at: datetime


class SupplierIn(Schema):
    name: Text(200, min_length=1)
    code: Text(32) = ""
    contact_name: Text(120) = ""
    email: Text(254) = ""
    phone: Text(40) = ""
    website: Text(200) = ""
    address: Text(ADDRESS_LENGTH) = ""
    currency: Currency = "EUR"
    notes: Text(TEXT_LENGTH) = ""


class SupplierPatch(Schema):
    """Only the fields sent change; `is_active: false` archives, `true` restores."""

    name: Text(200, min_length=1) | None = None
    code: Text(32) | None = None
    contact_name: Text(120) | None = None
    email: Text(254) | None = None
    phone: Text(40) | None = None
    website: Text(200) | None = None
    address: Text(ADDRESS_LENGTH) | None = None
    currency: Currency | None = None
    notes: Text(TEXT_LENGTH) | None = None
    is_active: bool | None = None


class SupplierPartOut(Schema):
    """A line of a supplier's price list."""

    id: int
    supplier: SupplierRef
    part: PartRef
    supplier_sku: str
    unit_price: DecimalStr
    currency: str
    lead_time_days: int
    minimum_order_quantity: DecimalStr
    is_preferred: bool
    pack_size: DecimalStr = Field(
        description="Stock units per pack; price and minimum order are per pack."
    )
    pack_name: str
    created_at: datetime
    updated_at: datetime


class SupplierPartIn(Schema):
    supplier: Id
    part: Id
    supplier_sku: Text(64) = ""
    unit_price: MoneyIn
    currency: Currency | None = Field(None, description="Empty: the supplier's currency.")
    lead_time_days: int = Field(0, ge=0, le=3650)
    minimum_order_quantity: OrderQuantityIn = Decimal(1)
    is_preferred: bool = False
    pack_size: OrderQuantityIn = Field(
        Decimal(1), description="Stock units per pack (1: by the unit)."
    )
    pack_name: Text(40) = ""


class SupplierPartPatch(Schema):
    supplier_sku: Text(64) | None = None
    unit_price: MoneyIn | None = None
    currency: Currency | None = None
    lead_time_days: int | None = Field(None, ge=0, le=3650)
    minimum_order_quantity: OrderQuantityIn | None = None
    is_preferred: bool | None = None
    pack_size: OrderQuantityIn | None = None
    pack_name: Text(40) | None = None


class OrderLineOut(Schema):
    id: int
    position: int
    part: PartRef
    quantity: DecimalStr = Field(description="In packs of pack_size stock units (1: units).")
    unit_price: DecimalStr = Field(description="Per pack.")
    received_quantity: DecimalStr
    outstanding: DecimalStr
    pack_size: DecimalStr
    total: DecimalStr


class PurchaseOrderOut(Schema):
    """A row of the purchase order list."""

    id: int
    number: str
    supplier: SupplierRef
    status: str
    currency: str
    expected_date: date | None
    created_at: datetime
    total: DecimalStr
    line_count: int


class PurchaseOrderDetailOut(Schema):
    id: int
    number: str
    supplier: SupplierRef
    status: str
    currency: str
    expected_date: date | None
    notes: str
    created_at: datetime
    updated_at: datetime
    ordered_at: datetime | None
    received_at: datetime | None
    cancelled_at: datetime | None
    lines: list[OrderLineOut]


class OrderLineIn(Schema):
    id: Id | None = Field(
        None, description="When updating a draft: the line kept (else a new line)."
    )
    part: Id
    quantity: OrderQuantityIn
    unit_price: MoneyIn


class PurchaseOrderIn(Schema):
    supplier: Id
    expected_date: date | None = None
    notes: Text(TEXT_LENGTH) = ""
    lines: list[OrderLineIn] = Field(min_length=1, max_length=200)


class ReceiptLineIn(Schema):
    line: Id = Field(description="The order line's id.")
    quantity: DecimalIn
    location: LocationKey = Field(description="Where the goods go: a location id or code.")
    batch: Text(64) = ""
    expiry_date: date | None = None


class ReceiveIn(Schema):
    lines: list[ReceiptLineIn] = Field(min_length=1, max_length=200)
    allow_over_receipt: bool = False
    note: Text(NOTE_LENGTH) = ""


SupplierPage = page_of(SupplierOut, "SupplierPage")
SupplierPartPage = page_of(SupplierPartOut, "SupplierPartPage")
PurchaseOrderPage = page_of(PurchaseOrderOut, "PurchaseOrderPage")
