"""The location services: what they refuse, and that archiving is recorded in the audit log."""

import pytest
from django.core.exceptions import ValidationError

from apps.audit.context import audit_context
from apps.audit.models import AuditAction, AuditEntry
from apps.inventory.models import Location
from apps.inventory.services.locations import location_archive, location_create
from apps.inventory.tests.factories import make_location

pytestmark = pytest.mark.django_db


def test_service_refuses_duplicate_code_race():
    make_location("SITE")
    with pytest.raises(ValidationError) as error:
        location_create(code="Site", name="Again")
    assert "code" in error.value.message_dict
    assert Location.objects.count() == 1


def test_archiving_a_location_tree_records_each_location():
    store = make_location("MAIN", name="Main store")
    shelf = make_location("MAIN-A", parent=store, name="Shelf A")
    with audit_context(source="test") as context:
        assert location_archive(location=store) == 2
    archived = AuditEntry.objects.filter(request_id=context.request_id, action=AuditAction.UPDATE)
    assert {entry.object_id for entry in archived} == {str(store.pk), str(shelf.pk)}
    assert all(entry.changes == {"is_active": [True, False]} for entry in archived)


def test_text_limits_a_location_description_is_at_most_2000_characters():
    with pytest.raises(ValidationError) as error:
        location_create(code="SITE", name="Site", description="x" * 2001)
    assert "At most 2,000 characters" in error.value.message_dict["description"][0]
    assert not Location.objects.exists()
