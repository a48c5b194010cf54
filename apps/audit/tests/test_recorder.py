"""The recorder: a field diff for every create, update and delete of a tracked model, in the
writing transaction; bulk updates through audited_update()."""

from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import F

from apps.audit.context import audit_context
from apps.audit.models import AuditAction, AuditEntry
from apps.audit.recorder import audited_update, tracked_models
from apps.audit.tests.factories import entries_for, make_tracked_part
from apps.catalog.models import Category, Part
from apps.inventory.models import Location
from apps.inventory.services.locations import location_archive

pytestmark = pytest.mark.django_db


@pytest.fixture
def part():
    return make_tracked_part()


def test_tracked_models_skip_labels_without_a_model():
    labels = {model._meta.label for model in tracked_models()}
    assert {"catalog.Category", "catalog.Part", "inventory.Location"} <= labels


def test_create_update_delete_are_recorded_with_a_field_diff(part):
    created = entries_for(part).get()
    assert created.action == AuditAction.CREATE
    assert created.changes["sku"] == [None, "R-100"]
    assert created.user is None and created.source == "system"

    part.name = "Resistor 100 ohm"
    part.reorder_point = Decimal("5")
    part.quantity_on_hand = Decimal("40")  # denormalized: never in the history
    part.save()
    update = entries_for(part).last()
    assert update.action == AuditAction.UPDATE
    assert update.changes == {
        "name": ["Resistor 100R", "Resistor 100 ohm"],
        "reorder_point": ["0", "5"],
    }

    part.save()  # nothing changed: no entry
    assert entries_for(part).count() == 2

    pk = part.pk
    part.delete()
    deleted = (
        AuditEntry.objects.filter(object_id=str(pk), content_type__model="part")
        .order_by("id")
        .last()
    )
    assert deleted.action == AuditAction.DELETE
    assert deleted.changes["sku"] == ["R-100", None]


def test_a_rolled_back_write_leaves_no_history(part):
    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        part.name = "changed"
        part.save()
        raise RuntimeError
    assert AuditEntry.objects.count() == before


def test_audited_update_records_bulk_changes(part):
    other = Part.objects.create(sku="R-200", name="Resistor 200R", category=part.category)
    count = audited_update(Part.objects.filter(pk__in=[part.pk, other.pk]), is_active=False)
    assert count == 2
    for obj in (part, other):
        entry = entries_for(obj).last()
        assert entry.action == AuditAction.UPDATE
        assert entry.changes == {"is_active": [True, False]}


def test_saving_only_untracked_fields_costs_no_extra_query(part, django_assert_num_queries):
    part.quantity_on_hand = Decimal("3")
    with django_assert_num_queries(1):  # the UPDATE itself
        part.save(update_fields=["quantity_on_hand"])
    part.name = "only the name"
    part.save(update_fields=["name", "updated_at"])
    assert entries_for(part).last().changes == {"name": ["Resistor 100R", "only the name"]}


def test_archiving_a_location_tree_records_each_location():
    store = Location(code="MAIN", name="Main store")
    store.save()
    shelf = Location(code="MAIN-A", name="Shelf A", parent=store)
    shelf.save()
    with audit_context(source="test") as context:
        assert location_archive(location=store) == 2
    archived = AuditEntry.objects.filter(request_id=context.request_id, action=AuditAction.UPDATE)
    assert {entry.object_id for entry in archived} == {str(store.pk), str(shelf.pk)}
    assert all(entry.changes == {"is_active": [True, False]} for entry in archived)


def test_audited_update_with_expressions_and_ids(part):
    audited_update(Part.objects.filter(pk=part.pk), reorder_point=F("reorder_point") + 2)
    assert entries_for(part).last().changes == {"reorder_point": ["0", "2"]}
    other = Category.objects.create(name="Other")
    audited_update(Part.objects.filter(pk=part.pk), category_id=other.pk)
    assert entries_for(part).last().changes == {"category_id": [part.category_id, other.pk]}
    before = entries_for(part).count()
    audited_update(Part.objects.filter(pk=part.pk), category_id=other.pk)  # no change: no entry
    assert entries_for(part).count() == before


def test_decimals_are_recorded_as_written(part):
    part.reorder_point = Decimal("100.000")
    part.unit_cost = Decimal("0.2500")
    part.save()
    assert entries_for(part).last().changes == {
        "reorder_point": ["0", "100"],
        "unit_cost": ["0", "0.25"],
    }
