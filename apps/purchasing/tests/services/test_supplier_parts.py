"""Price-list lines: one per supplier and part, at most one preferred supplier a part."""

from decimal import Decimal

import pytest

from apps.catalog.tests.factories import make_part
from apps.purchasing.errors import PurchasingError
from apps.purchasing.models import SupplierPart
from apps.purchasing.services.supplier_parts import supplier_part_delete, supplier_part_save
from apps.purchasing.tests.factories import make_supplier, make_supplier_part

pytestmark = pytest.mark.django_db


def _line(part, price, *, currency="", preferred=False, **fields):
    return {
        "part": part,
        "unit_price": Decimal(price),
        "currency": currency,
        "is_preferred": preferred,
        "minimum_order_quantity": Decimal(1),
        "lead_time_days": 3,
        "supplier_sku": "",
        **fields,
    }


def test_one_preferred_supplier_per_part():
    supplier = make_supplier("Acme")
    a = make_part("A-1")
    other = make_supplier("Other", currency="USD")
    first = supplier_part_save(
        supplier=supplier, data=_line(a, "1", preferred=True, supplier_sku="X")
    )
    assert first.currency == "EUR"  # from the supplier
    second = supplier_part_save(
        supplier=other, data=_line(a, "2", preferred=True, supplier_sku="Y")
    )
    assert second.currency == "USD"
    assert list(SupplierPart.objects.filter(is_preferred=True).values_list("pk", flat=True)) == [
        second.pk
    ]
    with pytest.raises(PurchasingError) as error:  # the same part twice from one supplier
        supplier_part_save(supplier=other, data=_line(a, "2", currency="USD", lead_time_days=0))
    assert error.value.field == "part"


def test_editing_a_line_keeps_its_supplier_and_part():
    sp = make_supplier_part(make_supplier("Acme"), make_part("A-1"), price="1.00")
    saved = supplier_part_save(
        supplier=sp.supplier,
        supplier_part=sp,
        data=_line(sp.part, "1.20", currency="GBP", supplier_sku="AC-1"),
    )
    sp.refresh_from_db()
    assert saved.pk == sp.pk and SupplierPart.objects.count() == 1
    assert (sp.unit_price, sp.currency, sp.supplier_sku) == (Decimal("1.20"), "GBP", "AC-1")


def test_delete():
    sp = make_supplier_part(make_supplier("Acme"), make_part("A-1"))
    supplier_part_delete(supplier_part=sp)
    assert not SupplierPart.objects.exists()
