"""Accounts' writes: role groups kept equal to roles.py, role assignment, client address."""

import pytest
from django.contrib.auth.models import Group, Permission

from apps.accounts import services
from apps.accounts.roles import ROLE_PERMISSIONS, ROLES

pytestmark = pytest.mark.django_db


def test_migration_created_the_role_groups_with_their_permissions():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)
    for role, codes in ROLE_PERMISSIONS.items():
        have = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in Group.objects.get(name=role).permissions.select_related("content_type")
        }
        existing = {
            code
            for code in codes
            if Permission.objects.filter(
                content_type__app_label=code.split(".")[0], codename=code.split(".")[1]
            ).exists()
        }
        assert have == existing, role
    assert Group.objects.get(name="admin").permissions.count() == Permission.objects.count()


def test_roles_sync_puts_back_what_was_changed_by_hand():
    viewer = Group.objects.get(name="viewer")
    viewer.permissions.add(Permission.objects.get(codename="delete_part"))
    Group.objects.filter(name="clerk").delete()
    services.roles_sync()
    assert not Group.objects.get(name="viewer").permissions.filter(codename="delete_part").exists()
    assert Group.objects.get(name="clerk").permissions.filter(codename="move_stock").exists()


def test_user_set_roles_makes_admins_staff(make_user):
    user = make_user("ada")
    services.user_set_roles(user=user, roles=["admin"])
    user.refresh_from_db()
    assert user.is_staff and user.has_perm("auth.change_user")
    services.user_set_roles(user=user, roles=["viewer"])
    user.refresh_from_db()
    assert not user.is_staff and list(user.groups.values_list("name", flat=True)) == ["viewer"]
    with pytest.raises(ValueError):
        services.user_set_roles(user=user, roles=["wizard"])


@pytest.mark.parametrize(
    "remote,forwarded,trusted,expected",
    [
        ("198.51.100.1", "", [], "198.51.100.1"),
        ("198.51.100.1", "6.6.6.6", [], "198.51.100.1"),  # not from our proxy: ignored
        ("", "6.6.6.6, 203.0.113.5", [], "203.0.113.5"),  # unix socket: Nginx; last entry only
        ("127.0.0.1", "203.0.113.5", ["127.0.0.1"], "203.0.113.5"),
        ("127.0.0.1", "not-an-ip", ["127.0.0.1"], ""),
    ],
)
def test_client_address(rf, settings, remote, forwarded, trusted, expected):
    settings.TRUSTED_PROXIES = trusted
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert services.client_address(request) == expected
