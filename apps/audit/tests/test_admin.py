"""History in Django's admin: read-only entries, and a link from the admin's own history."""

import pytest
from django.urls import reverse

from apps.audit.models import AuditEntry
from apps.audit.tests.factories import make_tracked_part

pytestmark = pytest.mark.django_db


def test_admin_lists_history_entries(admin_client_user):
    make_tracked_part()
    client, _ = admin_client_user
    response = client.get(reverse("admin:audit_auditentry_changelist") + "?action=create")
    assert response.status_code == 200
    assert "R-100" in response.content.decode()
    entry = AuditEntry.objects.first()
    assert client.get(reverse("admin:audit_auditentry_change", args=[entry.pk])).status_code == 200


def test_admin_history_page_links_to_the_field_history(admin_client_user):
    part = make_tracked_part()
    client, _ = admin_client_user
    body = client.get(reverse("admin:catalog_part_history", args=[part.pk])).content.decode()
    assert f'href="{reverse("audit:record_history", args=["catalog.part", part.pk])}"' in body
