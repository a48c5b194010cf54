"""The checks every stock write makes before it locks anything, and the error it raises.

StockError names the form field it concerns; views put its message next to that field.
"""

from decimal import Decimal, InvalidOperation

from apps.catalog.models import Part, Unit
from apps.catalog.services.units import fraction_error
from apps.core.errors import DomainError
from apps.core.text_limits import NOTE_LENGTH, length_error
from apps.inventory.models import Location

MAX_QUANTITY = Decimal(10) ** 9
QUANTUM = Decimal("0.001")


class StockError(DomainError):
    """A stock operation was refused; `field` names the form field it concerns."""


def clean_quantity(
    value, *, field: str = "quantity", allow_zero: bool = False, signed: bool = False
) -> Decimal:
    """A Decimal with at most 3 decimals, 0 < |q| <= 10^9 (or >= 0 with allow_zero)."""
    if isinstance(value, bool) or value is None or value == "":
        raise StockError("Enter a quantity.", field=field)
    try:
        quantity = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise StockError("Enter a number.", field=field) from None
    if not quantity.is_finite():
        raise StockError("Enter a number.", field=field)
    # copy_abs(), not abs(): abs() rounds in the decimal context, and an exponent past
    # its range (1E+999999999) raises Overflow there instead of being refused here.
    if quantity.copy_abs() > MAX_QUANTITY:
        raise StockError(f"At most {MAX_QUANTITY:,} at once.", field=field)
    if quantity != quantity.quantize(QUANTUM):
        raise StockError("At most 3 decimal places.", field=field)
    if signed:
        if quantity == 0:
            raise StockError("Enter a change other than zero.", field=field)
    elif quantity < 0 or (quantity == 0 and not allow_zero):
        raise StockError(
            "Enter zero or more." if allow_zero else "Enter a quantity greater than zero.",
            field=field,
        )
    return quantity.quantize(QUANTUM)


def whole_units(part: Part, quantity: Decimal, *, field: str = "quantity") -> Decimal:
    """`quantity` of `part`, refused when it has decimals and the part's unit is counted
    whole (2.5 pcs; 2.5 m is fine). The message is the one the forms show
    (catalog.services.units.fraction_error). Reads the unit's flag now (one small query
    unless `part.unit` is loaded), so a unit changed since the part was read counts."""
    if quantity == quantity.to_integral_value():
        return quantity
    allows_fractions = (
        part.unit.allows_fractions
        if Part.unit.is_cached(part)
        else Unit.objects.filter(code=part.unit_id)
        .values_list("allows_fractions", flat=True)
        .first()
    )
    if error := fraction_error(
        quantity, unit_code=part.unit_id, allows_fractions=bool(allows_fractions)
    ):
        raise StockError(error, field=field)
    return quantity


def active_location(location, *, field: str) -> Location:
    """The current row of `location`; refuses unknown and archived locations."""
    if location is None:
        raise StockError("Choose a location.", field=field)
    pk = location.pk if isinstance(location, Location) else location
    current = Location.objects.filter(pk=pk).first()
    if current is None:
        raise StockError("Unknown location.", field=field)
    if not current.is_active:
        raise StockError(f"Location {current.code} is archived.", field=field)
    return current


def clean_batch(part: Part, batch: str, *, required: bool = True) -> str:
    batch = (batch or "").strip()
    if len(batch) > 64:
        raise StockError("At most 64 characters.", field="batch")
    if part.tracks_batches and not batch and required:
        raise StockError(f"{part.sku} is kept per batch: enter the batch.", field="batch")
    if batch and not part.tracks_batches:
        raise StockError(f"{part.sku} is not kept per batch; leave the batch empty.", field="batch")
    return batch


def clean_text(reference: str, note: str) -> tuple[str, str]:
    reference = (reference or "").strip()
    if len(reference) > 100:
        raise StockError("At most 100 characters.", field="reference")
    note = (note or "").strip()
    # The ledger is immutable and every page of it shows the note: never unbounded.
    if error := length_error(note, NOTE_LENGTH):
        raise StockError(error, field="note")
    return reference, note
