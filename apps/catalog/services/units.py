"""Writes to the units of measure, and the rule every quantity entered in a unit follows."""

from decimal import Decimal

from django.db import transaction
from django.db.models.functions import Lower

from apps.catalog.models import FRACTIONAL_UNITS, Part, Unit, UnitOfMeasure
from apps.catalog.services.parts import CatalogError


def units_ensure_standard() -> None:
    """The standard units (UnitOfMeasure) when there are no units at all: after a flush
    (tests) or on an empty database; migration 0011 creates them the first time."""
    if Unit.objects.exists():
        return
    Unit.objects.bulk_create(
        Unit(code=code, name=str(name), allows_fractions=code in FRACTIONAL_UNITS)
        for code, name in UnitOfMeasure.choices
    )


def units_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate receiver (CatalogConfig.ready)."""
    units_ensure_standard()


def fraction_error(quantity: Decimal | None, *, unit_code: str, allows_fractions: bool) -> str:
    """The message refusing `quantity` in a unit counted whole ("" when it is fine)."""
    if quantity is None or allows_fractions or quantity == quantity.to_integral_value():
        return ""
    return f"{unit_code} are counted in whole numbers: enter a quantity without decimals."


def part_fraction_error(part: Part, quantity: Decimal | None) -> str:
    """`fraction_error` for a quantity of `part` (reads its unit: select_related it)."""
    return fraction_error(
        quantity, unit_code=part.unit_id, allows_fractions=part.unit.allows_fractions
    )


def _check_code(code: str, *, exclude: int | None = None) -> str:
    code = code.strip()
    if not code:
        raise CatalogError("Enter a code.", field="code")
    taken = Unit.objects.annotate(lower_code=Lower("code")).filter(lower_code=code.lower())
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise CatalogError(f"The unit “{code}” already exists.", field="code")
    return code


@transaction.atomic
def unit_create(*, code: str, name: str, allows_fractions: bool = False) -> Unit:
    code = _check_code(code)
    return Unit.objects.create(code=code, name=name.strip(), allows_fractions=allows_fractions)


@transaction.atomic
def unit_update(*, unit: Unit, name: str, allows_fractions: bool) -> Unit:
    """Name and fractions only: the code is the key parts, imports and the API use."""
    locked = Unit.objects.select_for_update().get(pk=unit.pk)
    locked.name, locked.allows_fractions = name.strip(), allows_fractions
    locked.save(update_fields=["name", "allows_fractions"])
    return locked
