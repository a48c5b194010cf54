"""Sign in and out; the sign-in throttle (per account and per client address), on our
sign-in page and the admin's."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import FailedLogin
from apps.accounts.tests.factories import PASSWORD, sign_in

pytestmark = pytest.mark.django_db


def test_sign_in_and_out(client, make_user):
    make_user("ana", PASSWORD, role="viewer")
    dashboard = reverse("dashboard:dashboard")
    response = sign_in(client, "ana", PASSWORD)
    assert response.status_code == 302 and response["Location"] == dashboard
    assert client.get(dashboard).status_code == 200
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get(dashboard).status_code == 302


def test_wrong_password_is_refused_with_a_message(client, make_user):
    make_user("ana", PASSWORD)
    response = sign_in(client, "ana", "nope")
    assert response.status_code == 200
    assert b"correct username and password" in response.content
    assert "_auth_user_id" not in client.session
    assert FailedLogin.objects.filter(username="ana").count() == 1


def test_a_signed_in_user_visiting_the_sign_in_page_is_sent_on(client, make_user):
    client.force_login(make_user("carla", PASSWORD, role="viewer"))
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 302 and response["Location"] == reverse("dashboard:dashboard")


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
    admin_login = reverse("admin:login")
    for _ in range(5):
        client.post(admin_login, {"username": "boss", "password": "wrong"}, REMOTE_ADDR="10.0.0.2")
    response = client.post(
        admin_login + "?next=" + reverse("admin:index"),
        {"username": "boss", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
    )
    assert response.status_code == 200 and "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session
