import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import Client
from django.urls import reverse

from apps.accounts import services
from apps.accounts.models import FailedLogin
from apps.accounts.roles import ROLE_PERMISSIONS, ROLES

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sign_in(client, username, password, address="10.0.0.1"):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=address)


# --- Roles -----------------------------------------------------------------------------


def test_migration_created_the_role_groups_with_their_permissions():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)
    for role, codes in ROLE_PERMISSIONS.items():
        have = {f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name=role).permissions.select_related("content_type")}
        existing = {code for code in codes if Permission.objects.filter(content_type__app_label=code.split(".")[0], codename=code.split(".")[1]).exists()}
        assert have == existing, role
    assert Group.objects.get(name="admin").permissions.count() == Permission.objects.count()


def test_roles_are_cumulative_where_the_product_says_so(make_user):
    viewer, clerk, manager = make_user("v", role="viewer"), make_user("c", role="clerk"), make_user("m", role="manager")
    assert viewer.has_perm("catalog.view_part") and not viewer.has_perm("catalog.change_part")
    assert clerk.has_perm("inventory.move_stock") and not clerk.has_perm("catalog.change_part")
    assert manager.has_perm("catalog.change_part") and manager.has_perm("inventory.move_stock")


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


def test_admin_user_list_shows_and_filters_roles(admin_client_user, make_user):
    client, _ = admin_client_user
    make_user("carla", role="clerk")
    make_user("vince", role="viewer")
    body = client.get("/admin/auth/user/?role=clerk").content.decode()
    assert "carla" in body and "vince" not in body
    assert client.get("/admin/auth/group/").status_code == 200


def test_the_admin_role_reaches_the_admin(client, make_user):
    user = make_user("ada")
    services.user_set_roles(user=user, roles=["admin"])
    client.force_login(user)
    assert client.get("/admin/auth/user/").status_code == 200
    viewer = make_user("vic", role="viewer")
    client.force_login(viewer)
    assert client.get("/admin/auth/user/").status_code == 302  # to the admin's sign-in


def test_actions_a_user_may_not_take_are_not_offered(client, make_user):
    """The `perms` context variable drives the buttons (documented in docs/security.md)."""
    from apps.catalog.models import Category, Part

    part = Part.objects.create(sku="X-1", name="x", category=Category.objects.create(name="c"))
    client.force_login(make_user("vic", role="viewer"))
    assert "New part" not in client.get("/parts/").content.decode()
    assert client.get(f"/parts/{part.pk}/edit/").status_code == 403
    client.force_login(make_user("meg", role="manager"))
    assert "New part" in client.get("/parts/").content.decode()


# --- Sign-in throttle -------------------------------------------------------------------


def test_five_failures_pause_the_account_with_a_clear_message(client, make_user):
    make_user("carla", PASSWORD)
    for _ in range(5):
        assert sign_in(client, "carla", "wrong").status_code == 200
    response = sign_in(client, "Carla", PASSWORD)  # right password, any case: still paused
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many failed sign-ins for this account" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address does not help: the account is paused.
    assert sign_in(Client(), "carla", PASSWORD, address="10.9.9.9").status_code == 429


def test_the_pause_ends_after_the_window(client, make_user):
    from datetime import timedelta

    from django.utils import timezone

    make_user("carla", PASSWORD)
    for _ in range(5):
        sign_in(client, "carla", "wrong")
    FailedLogin.objects.update(created_at=timezone.now() - timedelta(minutes=16))
    response = sign_in(client, "carla", PASSWORD)
    assert response.status_code == 302
    assert FailedLogin.objects.filter(username="carla").count() == 0  # success clears the account


def test_twenty_failures_from_one_address_pause_that_address(make_user):
    make_user("carla", PASSWORD)
    client = Client()
    for n in range(20):
        sign_in(client, f"guess{n}", "wrong", address="203.0.113.7")
    response = sign_in(client, "carla", PASSWORD, address="203.0.113.7")
    assert response.status_code == 429
    assert "your network address" in response.content.decode()
    assert sign_in(Client(), "carla", PASSWORD, address="203.0.113.8").status_code == 302


def test_admin_sign_in_is_throttled_too(make_user):
    make_user("boss", PASSWORD, is_staff=True)
    client = Client()
    for _ in range(5):
        client.post("/admin/login/", {"username": "boss", "password": "wrong"}, REMOTE_ADDR="10.0.0.2")
    response = client.post("/admin/login/?next=/admin/", {"username": "boss", "password": PASSWORD}, REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 200 and "Too many failed sign-ins" in response.content.decode()


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


# --- Password change and reset ----------------------------------------------------------


def test_password_change(client, make_user):
    user = make_user("carla", PASSWORD)
    client.force_login(user)
    assert client.get("/accounts/password/").status_code == 200
    bad = client.post("/accounts/password/", {"old_password": "nope", "new_password1": "x", "new_password2": "x"})
    assert bad.status_code == 200 and "incorrectly" in bad.content.decode()
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "brand-new-secret-77", "new_password2": "brand-new-secret-77"},
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/password/done/"
    user.refresh_from_db()
    assert user.check_password("brand-new-secret-77")
    assert client.get("/accounts/password/done/").status_code == 200  # still signed in


def test_password_reset_by_email(client, make_user):
    user = make_user("carla", PASSWORD, email="carla@example.com")
    assert client.get("/accounts/password-reset/").status_code == 200
    response = client.post("/accounts/password-reset/", {"email": "carla@example.com"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password-reset/done/"
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200 and "new_password1" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": "reset-secret-88", "new_password2": "reset-secret-88"})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("reset-secret-88")
    # Unknown addresses get the same answer and no mail.
    client.post("/accounts/password-reset/", {"email": "nobody@example.com"})
    assert len(mail.outbox) == 1


def test_sessions_end_with_the_browser(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600


# --- CSRF on HTMX posts ------------------------------------------------------------------


def test_csrf_is_enforced_on_htmx_posts(make_user):
    from apps.catalog.models import Category, Part

    part = Part.objects.create(sku="X-1", name="x", category=Category.objects.create(name="c"))
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("meg", role="manager"))
    page = client.get("/parts/").content.decode()
    token = re.search(r"hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'", page).group(1)
    url = reverse("catalog:part_reorder_point", args=[part.pk])
    without = client.post(url, {"reorder_point": "3"}, headers={"HX-Request": "true"})
    assert without.status_code == 403
    with_header = client.post(url, {"reorder_point": "3"}, headers={"HX-Request": "true", "X-CSRFToken": token})
    assert with_header.status_code == 200
    part.refresh_from_db()
    assert part.reorder_point == 3


def test_admin_action_sets_a_role(admin_client_user, make_user):
    client, _ = admin_client_user
    carla = make_user("carla", role="viewer")
    response = client.post("/admin/auth/user/", {"action": "set_role_admin", "_selected_action": [carla.pk]})
    assert response.status_code == 302
    carla.refresh_from_db()
    assert list(carla.groups.values_list("name", flat=True)) == ["admin"] and carla.is_staff


def test_password_reset_mail_is_limited_per_mailbox_and_address(make_user):
    make_user("carla", PASSWORD, email="carla@example.com")
    client = Client()
    for _ in range(5):
        response = client.post("/accounts/password-reset/", {"email": "carla@example.com"}, REMOTE_ADDR="10.1.1.1")
        assert response.status_code == 302  # always the same answer
    assert len(mail.outbox) == 3  # PASSWORD_RESET_PER_EMAIL
    for n in range(5):
        client.post("/accounts/password-reset/", {"email": f"x{n}@example.com"}, REMOTE_ADDR="10.1.1.1")
    response = client.post("/accounts/password-reset/", {"email": "y@example.com"}, REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 429
    assert "Too many reset requests" in response.content.decode()


def test_admin_lists_failed_sign_ins(admin_client_user, make_user):
    client, _ = admin_client_user
    make_user("carla", PASSWORD)
    sign_in(Client(), "carla", "wrong")
    body = client.get("/admin/accounts/failedlogin/").content.decode()
    assert "carla" in body and "10.0.0.1" in body
    assert client.get("/admin/accounts/passwordresetrequest/").status_code == 200
