"""Who made a change, and in which request: audit_context() for scripts, the middleware
for requests."""

import pytest
from django.urls import reverse

from apps.audit.context import audit_context, current
from apps.audit.models import AuditEntry
from apps.audit.tests.factories import entries_for, make_tracked_part
from apps.catalog.models import Category

pytestmark = pytest.mark.django_db


def test_audit_context_attributes_changes_to_a_user_and_groups_them(make_user):
    part = make_tracked_part()
    user = make_user("meg", role="manager")
    with audit_context(user=user, source="import") as context:
        part.name = "renamed"
        part.save()
        Category.objects.create(name="Fasteners")
    grouped = AuditEntry.objects.filter(request_id=context.request_id)
    assert grouped.count() == 2
    assert {entry.user for entry in grouped} == {user}
    assert {entry.source for entry in grouped} == {"import"}
    assert current().source == "system"  # the block's context ended with it


def test_a_request_records_its_user_and_request_id(manager):
    part = make_tracked_part()
    url = reverse("catalog:part_reorder_point", args=[part.pk])
    response = manager.post(url, {"reorder_point": "7"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    entry = entries_for(part).last()
    assert entry.changes == {"reorder_point": ["0", "7"]}
    assert entry.user.username == "manager-user"
    assert entry.request_id == response["X-Request-ID"]
    assert entry.source == f"POST {url}"
