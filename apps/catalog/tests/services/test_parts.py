"""Writes to parts (services/parts.py): the refusals views show next to a field."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.catalog.models import Part
from apps.catalog.services.parts import (
    CatalogError,
    part_create,
    part_delete,
    part_set_reorder_point,
    parts_bulk_set_category,
)
from apps.catalog.tests.factories import make_category, make_location, make_part, put_movement
from apps.core.errors import DomainError


def test_a_part_with_stock_movements_is_not_deleted(db):
    part = make_part("A-1")
    put_movement(part, make_location("L-1"), 2)
    with pytest.raises(CatalogError) as refused:
        part_delete(part=part)
    assert "has stock movements" in refused.value.message
    assert Part.objects.filter(pk=part.pk).exists()


def test_a_negative_reorder_point_is_refused_on_its_field(db):
    part = make_part("A-1", reorder_point=5)
    with pytest.raises(CatalogError) as refused:
        part_set_reorder_point(part_id=part.pk, reorder_point=Decimal("-1"))
    assert isinstance(refused.value, DomainError) and refused.value.field == "reorder_point"
    part.refresh_from_db()
    assert part.reorder_point == 5


def test_parts_are_not_moved_to_an_archived_category(db):
    part = make_part("A-1")
    archived = make_category("Old", is_active=False)
    with pytest.raises(CatalogError) as refused:
        parts_bulk_set_category(parts=[part.pk], category=archived)
    assert refused.value.field == "target_category"
    part.refresh_from_db()
    assert part.category != archived


@pytest.mark.parametrize("field", ["description", "notes"])
def test_text_limits_a_part_description_and_notes_are_at_most_2000_characters(db, field):
    with pytest.raises(ValidationError) as refused:
        part_create(sku="LONG-1", name="Long", category=make_category(), **{field: "x" * 2001})
    assert field in refused.value.message_dict
    assert not Part.objects.filter(sku="LONG-1").exists()
