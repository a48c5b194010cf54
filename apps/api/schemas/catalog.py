"""Bodies of the catalog endpoints: parts and categories."""

from datetime import datetime

from ninja import Schema

from apps.api.schemas.common import CategoryRef, DecimalStr, LocationRef, page_of, unit_code


class PartOut(Schema):
    """A row of the parts list."""

    id: int
    sku: str
    name: str
    unit: str
    category: CategoryRef
    quantity_on_hand: DecimalStr
    available: DecimalStr
    on_order: DecimalStr
    reorder_point: DecimalStr
    is_active: bool

    @staticmethod
    def resolve_unit(obj) -> str:
        return unit_code(obj)


class PartDetailOut(PartOut):
    description: str
    barcode: str | None
    reorder_quantity: DecimalStr
    unit_cost: DecimalStr
    value: DecimalStr
    default_location: LocationRef | None
    tracks_batches: bool
    notes: str
    created_at: datetime
    updated_at: datetime


class CategoryOut(Schema):
    id: int
    name: str
    description: str
    parent_id: int | None
    depth: int
    is_active: bool


PartPage = page_of(PartOut, "PartPage")
CategoryPage = page_of(CategoryOut, "CategoryPage")
