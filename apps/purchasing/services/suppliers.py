"""Writes of suppliers. Every function is atomic, locks what it changes and raises
`PurchasingError` (with the form field it concerns) when a rule says no."""

from django.db import transaction

from apps.purchasing.errors import PurchasingError
from apps.purchasing.models import SUPPLIER_FIELDS, Supplier


def _check_supplier_name(name: str, *, exclude_pk=None) -> None:
    taken = Supplier.objects.filter(name__iexact=name.strip())
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise PurchasingError("A supplier with this name already exists.", field="name")


@transaction.atomic
def supplier_create(*, data: dict) -> Supplier:
    _check_supplier_name(data["name"])
    supplier = Supplier(**{k: v for k, v in data.items() if k in SUPPLIER_FIELDS})
    supplier.full_clean()
    supplier.save()
    return supplier


@transaction.atomic
def supplier_update(*, supplier: Supplier, data: dict) -> Supplier:
    supplier = Supplier.objects.select_for_update().get(pk=supplier.pk)
    if "name" in data:
        _check_supplier_name(data["name"], exclude_pk=supplier.pk)
    for key, value in data.items():
        if key in SUPPLIER_FIELDS:
            setattr(supplier, key, value)
    supplier.full_clean()
    supplier.save()
    return supplier


@transaction.atomic
def supplier_set_active(*, supplier: Supplier, active: bool) -> Supplier:
    supplier = Supplier.objects.select_for_update().get(pk=supplier.pk)
    supplier.is_active = active
    supplier.save(update_fields=["is_active", "updated_at"])
    return supplier
