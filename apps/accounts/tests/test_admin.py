"""Users, roles, failed sign-ins and reset requests in Django's admin."""

import pytest
from django.contrib.auth.models import Group
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


def _change_form_data(user, **overrides) -> dict:
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": "",
        "last_name": "",
        "is_active": "on",
        "groups": [g.pk for g in user.groups.all()],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "initial-date_joined_0": "2026-01-01",
        "initial-date_joined_1": "00:00:00",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_issue12_item19_removing_the_admin_role_in_the_user_form_removes_staff(
    admin_client_user, make_user
):
    """A demoted admin kept /admin/ and cancelled an order there as a purchaser."""
    client, _ = admin_client_user
    ada = make_user("ada", email="ada@example.com")
    services.user_set_roles(user=ada, roles=["admin"])
    ada.refresh_from_db()
    assert ada.is_staff
    purchaser = Group.objects.get_or_create(name="purchaser")[0]
    url = reverse("admin:auth_user_change", args=[ada.pk])
    form = client.get(url).content.decode()
    assert 'name="is_staff"' not in form  # follows the roles, not set by hand
    response = client.post(url, _change_form_data(ada, groups=[purchaser.pk], is_staff="on"))
    assert response.status_code == 302, response.content.decode()[:2000]
    ada.refresh_from_db()
    assert list(ada.groups.values_list("name", flat=True)) == ["purchaser"]
    assert not ada.is_staff
    ada_client = Client()
    ada_client.force_login(ada)
    assert ada_client.get(reverse("admin:index")).status_code == 302  # to the admin's sign-in
    admin_group = Group.objects.get(name="admin")
    client.post(url, _change_form_data(ada, groups=[admin_group.pk]))
    ada.refresh_from_db()
    assert ada.is_staff


def test_issue12_item19_a_staff_flag_without_the_admin_role_opens_no_admin(client, make_user):
    sneaky = make_user("sneaky", role="purchaser", is_staff=True)  # set outside the screens
    client.force_login(sneaky)
    assert client.get(reverse("admin:index")).status_code == 302


def test_issue12_item19_set_role_on_a_superuser_is_refused_with_a_reason(
    admin_client_user, make_user, django_user_model
):
    client, _ = admin_client_user
    root = django_user_model.objects.create_superuser("root", "root@example.com", PASSWORD)
    carla = make_user("carla", role="viewer")
    users = reverse("admin:auth_user_changelist")
    response = client.post(
        users,
        {"action": "set_role_clerk", "_selected_action": [root.pk, carla.pk]},
        follow=True,
    )
    body = response.content.decode()
    assert "The user “root” is a superuser" in body and "1 user(s) now have the role clerk." in body
    assert not root.groups.exists()
    assert list(carla.groups.values_list("name", flat=True)) == ["clerk"]
    with pytest.raises(services.AccountsError):
        services.user_set_roles(user=root, roles=["viewer"])
