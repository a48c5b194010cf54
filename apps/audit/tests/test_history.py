from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse

from apps.audit.context import audit_context
from apps.audit.models import AuditAction, AuditEntry
from apps.audit.recorder import audited_update, tracked_models
from apps.catalog.models import Category, Part

pytestmark = pytest.mark.django_db


def entries_for(obj):
    return AuditEntry.objects.filter(object_id=str(obj.pk), content_type__model=obj._meta.model_name).order_by("id")


@pytest.fixture
def part():
    category = Category.objects.create(name="Passives")
    return Part.objects.create(sku="R-100", name="Resistor 100R", category=category)


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
    assert update.changes == {"name": ["Resistor 100R", "Resistor 100 ohm"], "reorder_point": ["0", "5"]}

    part.save()  # nothing changed: no entry
    assert entries_for(part).count() == 2

    pk = part.pk
    part.delete()
    deleted = AuditEntry.objects.filter(object_id=str(pk), content_type__model="part").order_by("id").last()
    assert deleted.action == AuditAction.DELETE
    assert deleted.changes["sku"] == ["R-100", None]


def test_a_rolled_back_write_leaves_no_history(part):
    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        part.name = "changed"
        part.save()
        raise RuntimeError
    assert AuditEntry.objects.count() == before


def test_audit_context_attributes_changes_to_a_user_and_groups_them(part, make_user):
    user = make_user("meg", role="manager")
    with audit_context(user=user, source="import") as context:
        part.name = "renamed"
        part.save()
        Category.objects.create(name="Fasteners")
    grouped = AuditEntry.objects.filter(request_id=context.request_id)
    assert grouped.count() == 2
    assert {entry.user for entry in grouped} == {user}


def test_audited_update_records_bulk_changes(part):
    other = Part.objects.create(sku="R-200", name="Resistor 200R", category=part.category)
    count = audited_update(Part.objects.filter(pk__in=[part.pk, other.pk]), is_active=False)
    assert count == 2
    for obj in (part, other):
        entry = entries_for(obj).last()
        assert entry.action == AuditAction.UPDATE
        assert entry.changes == {"is_active": [True, False]}


def test_a_request_records_its_user_and_request_id(client, make_user, part):
    user = make_user("meg", role="manager")
    client.force_login(user)
    response = client.post(
        reverse("catalog:part_reorder_point", args=[part.pk]), {"reorder_point": "7"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    entry = entries_for(part).last()
    assert entry.changes == {"reorder_point": ["0", "7"]}
    assert entry.user == user
    assert entry.request_id == response["X-Request-ID"]
    assert entry.source == f"POST /parts/{part.pk}/reorder-point/"


def test_history_page_and_fragment(client, make_user, part, django_assert_max_num_queries):
    client.force_login(make_user("vic", role="viewer"))
    for n in range(30):
        part.name = f"name {n}"
        part.save()
    url = reverse("audit:record_history", args=["catalog.part", part.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<html" in html and "History of part" in html
    assert html.count('data-testid="history-entry"') == 25  # newest first, paged
    assert "name 29" in html and "name 4" in html and "name 3<" not in html
    with django_assert_max_num_queries(12):
        fragment = client.get(url + "?page=2", headers={"HX-Request": "true"})
    body = fragment.content.decode()
    assert fragment.status_code == 200 and "<html" not in body
    assert body.count('data-testid="history-entry"') == 6  # 30 updates + the creation
    assert f'hx-get="{url}?page=1"' in body  # absolute: the fragment also lives in a History tab


def test_history_shows_foreign_keys_by_name(client, make_user, part):
    client.force_login(make_user("vic", role="viewer"))
    part.category = Category.objects.create(name="Fasteners")
    part.save()
    body = client.get(reverse("audit:record_history", args=["catalog.part", part.pk])).content.decode()
    assert "Passives" in body and "Fasteners" in body


@pytest.mark.parametrize(
    "label,pk,status",
    [
        ("catalog.part", "987654", 404),
        ("catalog.part", "abc", 404),
        ("auth.user", "1", 404),  # not tracked
        ("nonsense", "1", 404),
        ("catalog.nothing", "1", 404),
    ],
)
def test_bad_history_addresses_are_404(client, make_user, part, label, pk, status):
    client.force_login(make_user("vic", role="viewer"))
    assert client.get(f"/history/{label}/{pk}/").status_code == status


def test_history_needs_the_models_view_permission(client, make_user, part):
    user = make_user("nobody")  # signed in, no role
    client.force_login(user)
    url = reverse("audit:record_history", args=["catalog.part", part.pk])
    assert client.get(url).status_code == 403
    user.groups.add(Group.objects.get(name="viewer"))
    assert client.get(url).status_code == 200


def test_bad_page_is_400(client, make_user, part):
    client.force_login(make_user("vic", role="viewer"))
    url = reverse("audit:record_history", args=["catalog.part", part.pk])
    assert client.get(url + "?page=x").status_code == 400
    assert client.get(url + "?sort=password").status_code == 400


def test_history_of_a_deleted_record_is_still_readable(client, make_user, part):
    client.force_login(make_user("vic", role="viewer"))
    pk = part.pk
    part.delete()
    response = client.get(reverse("audit:record_history", args=["catalog.part", pk]))
    assert response.status_code == 200
    assert "deleted" in response.content.decode()


def test_admin_lists_history_entries(admin_client_user, part):
    client, _ = admin_client_user
    response = client.get("/admin/audit/auditentry/?action=create")
    assert response.status_code == 200
    assert "R-100" in response.content.decode()
    entry = AuditEntry.objects.first()
    assert client.get(f"/admin/audit/auditentry/{entry.pk}/change/").status_code == 200


def test_admin_history_page_links_to_the_field_history(admin_client_user, part):
    client, _ = admin_client_user
    body = client.get(f"/admin/catalog/part/{part.pk}/history/").content.decode()
    assert f'href="/history/catalog.part/{part.pk}/"' in body


def test_saving_only_untracked_fields_costs_no_extra_query(part, django_assert_num_queries):
    part.quantity_on_hand = Decimal("3")
    with django_assert_num_queries(1):  # the UPDATE itself
        part.save(update_fields=["quantity_on_hand"])
    part.name = "only the name"
    part.save(update_fields=["name", "updated_at"])
    assert entries_for(part).last().changes == {"name": ["Resistor 100R", "only the name"]}


def test_archiving_a_location_tree_records_each_location():
    from apps.inventory.location_services import location_archive
    from apps.inventory.models import Location

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
    from django.db.models import F

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
    assert entries_for(part).last().changes == {"reorder_point": ["0", "100"], "unit_cost": ["0", "0.25"]}
