"""Data migrations of purchasing that mend records written before a fix."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from apps.audit.models import AuditParent
from apps.catalog.tests.factories import make_part
from apps.purchasing.tests.factories import make_supplier, make_supplier_part

pytestmark = pytest.mark.django_db


def test_issue12_item4_history_recorded_before_the_fix_is_linked_to_its_records(viewer):
    part = make_part("R-1")
    acme = make_supplier("Acme")
    kept = make_supplier_part(acme, part)
    gone = make_supplier_part(make_supplier("Bolt"), part)
    gone.delete()
    AuditParent.objects.all().delete()  # as recorded before the fix
    migration = importlib.import_module("apps.purchasing.migrations.0007_link_line_history")
    migration.link_line_history(django_apps, None)
    html = viewer.get(reverse("audit:record_history", args=["catalog.part", part.pk])).content
    assert html.decode().count('data-testid="history-line"') == 3  # kept; gone created, deleted
    to_acme = AuditParent.objects.filter(content_type__model="supplier", object_id=str(acme.pk))
    assert [link.entry.object_id for link in to_acme] == [str(kept.pk)]
