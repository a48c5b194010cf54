"""Suppliers: names unique ignoring case, archive and restore."""

import pytest
from django.core.exceptions import ValidationError

from apps.purchasing.errors import PurchasingError
from apps.purchasing.models import Supplier
from apps.purchasing.services.suppliers import (
    supplier_create,
    supplier_set_active,
    supplier_update,
)
from apps.purchasing.tests.factories import make_supplier

pytestmark = pytest.mark.django_db


def test_create_and_update_refuse_a_taken_name_ignoring_case():
    acme = supplier_create(data={"name": "Acme", "currency": "USD", "code": "AC", "unknown": "x"})
    assert (acme.name, acme.currency, acme.code, acme.is_active) == ("Acme", "USD", "AC", True)
    with pytest.raises(PurchasingError) as error:
        supplier_create(data={"name": " ACME ", "currency": "EUR"})
    assert error.value.field == "name" and Supplier.objects.count() == 1
    bolt = make_supplier("Bolt")
    with pytest.raises(PurchasingError):
        supplier_update(supplier=bolt, data={"name": "acme"})
    supplier_update(supplier=bolt, data={"name": "BOLT", "notes": "ships fast"})
    bolt.refresh_from_db()
    assert (bolt.name, bolt.notes) == ("BOLT", "ships fast")


def test_archive_and_restore():
    supplier = make_supplier("Acme")
    supplier_set_active(supplier=supplier, active=False)
    supplier.refresh_from_db()
    assert not supplier.is_active
    supplier_set_active(supplier=supplier, active=True)
    supplier.refresh_from_db()
    assert supplier.is_active


@pytest.mark.parametrize("field,limit", [("address", 500), ("notes", 2000)])
def test_text_limits_supplier_address_and_notes(field, limit):
    with pytest.raises(ValidationError) as error:
        supplier_create(data={"name": "Long", "currency": "EUR", field: "x" * (limit + 1)})
    assert field in error.value.message_dict
    assert not Supplier.objects.filter(name="Long").exists()
