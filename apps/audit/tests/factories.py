"""Builders for the history tests: a tracked record (a part) and its entries."""

from apps.audit.models import AuditEntry
from apps.catalog.tests.factories import make_category, make_part


def make_tracked_part():
    """A part (a tracked model) in the category "Passives"; its creation is recorded."""
    return make_part("R-100", name="Resistor 100R", category=make_category("Passives"))


def entries_for(obj):
    return AuditEntry.objects.filter(
        object_id=str(obj.pk), content_type__model=obj._meta.model_name
    ).order_by("id")
