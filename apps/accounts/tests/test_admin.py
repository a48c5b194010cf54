"""Users, roles, failed sign-ins and reset requests in Django's admin."""

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts import services
from apps.accounts.tests.factories import PASSWORD, sign_in

pytestmark = pytest.mark.django_db


def test_admin_user_list_shows_and_filters_roles(admin_client_user, make_user):
    client, _ = admin_client_user
    make_user("carla", role="clerk")
    make_user("vince", role="viewer")
    body = client.get(reverse("admin:auth_user_changelist") + "?role=clerk").content.decode()
    assert "carla" in body and "vince" not in body
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 200


def test_the_admin_role_reaches_the_admin(client, make_user):
    user = make_user("ada")
    services.user_set_roles(user=user, roles=["admin"])
    client.force_login(user)
    users = reverse("admin:auth_user_changelist")
    assert client.get(users).status_code == 200
    viewer = make_user("vic", role="viewer")
    client.force_login(viewer)
    response = client.get(users)
    assert response.status_code == 302  # to the admin's sign-in
    assert response["Location"].startswith(reverse("admin:login"))


def test_admin_action_sets_a_role(admin_client_user, make_user):
    client, _ = admin_client_user
    carla = make_user("carla", role="viewer")
    users = reverse("admin:auth_user_changelist")
    response = client.post(users, {"action": "set_role_admin", "_selected_action": [carla.pk]})
    assert response.status_code == 302 and response["Location"] == users
    carla.refresh_from_db()
    assert list(carla.groups.values_list("name", flat=True)) == ["admin"] and carla.is_staff


def test_admin_lists_failed_sign_ins(admin_client_user, make_user):
    client, _ = admin_client_user
    make_user("carla", PASSWORD)
    sign_in(Client(), "carla", "wrong")
    body = client.get(reverse("admin:accounts_failedlogin_changelist")).content.decode()
    assert "carla" in body and "10.0.0.1" in body
    assert client.get(reverse("admin:accounts_passwordresetrequest_changelist")).status_code == 200
