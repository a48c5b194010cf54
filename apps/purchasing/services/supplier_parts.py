"""Writes of price lists (a supplier's lines: which part, at what price and terms)."""

from django.db import IntegrityError, transaction

from apps.audit.recorder import audited_update
from apps.catalog.models import Part
from apps.catalog.services.units import part_fraction_error
from apps.purchasing.errors import PurchasingError
from apps.purchasing.models import SUPPLIER_PART_PACK, SUPPLIER_PART_TERMS, Supplier, SupplierPart

SUPPLIER_PART_FIELDS = ("part", *SUPPLIER_PART_TERMS, *SUPPLIER_PART_PACK)


@transaction.atomic
def supplier_part_save(
    *, supplier: Supplier, data: dict, supplier_part: SupplierPart | None = None
) -> SupplierPart:
    """Create (supplier_part None) or change one price-list line. Marking it preferred
    takes the flag from the part's other supplier, so a part has at most one."""
    part = Part.objects.select_for_update().get(pk=data["part"].pk)  # serialises per part
    if supplier_part is None:
        supplier_part = SupplierPart(supplier=supplier)
    else:
        supplier_part = SupplierPart.objects.select_for_update().get(pk=supplier_part.pk)
    duplicate = SupplierPart.objects.filter(supplier=supplier_part.supplier, part=part)
    if supplier_part.pk:
        duplicate = duplicate.exclude(pk=supplier_part.pk)
    if duplicate.exists():
        raise PurchasingError(f"{supplier_part.supplier} already lists {part.sku}.", field="part")
    for key in SUPPLIER_PART_FIELDS:
        if key in data:
            setattr(supplier_part, key, data[key])
    supplier_part.part = part
    if supplier_part.pack_size is None or supplier_part.pack_size <= 0:
        raise PurchasingError("A pack holds more than 0 units.", field="pack_size")
    if error := part_fraction_error(part, supplier_part.pack_size):
        raise PurchasingError(f"Pack size: {error}", field="pack_size")
    if not supplier_part.currency:
        supplier_part.currency = supplier_part.supplier.currency
    if supplier_part.is_preferred:
        others = SupplierPart.objects.filter(part=part, is_preferred=True)
        if supplier_part.pk:
            others = others.exclude(pk=supplier_part.pk)
        audited_update(others, is_preferred=False)  # bulk update, recorded in the history
    try:
        with transaction.atomic():
            supplier_part.save()
    except IntegrityError:
        raise PurchasingError(
            "This line conflicts with another; reload and try again.", field="part"
        ) from None
    return supplier_part


@transaction.atomic
def supplier_part_delete(*, supplier_part: SupplierPart) -> None:
    SupplierPart.objects.filter(pk=supplier_part.pk).delete()
