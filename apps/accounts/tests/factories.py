"""Builders for the accounts tests (users come from the root conftest's `make_user`)."""

from django.urls import reverse

PASSWORD = "a-long-test-password"


def sign_in(client, username, password, address="10.0.0.1"):
    """Posts the sign-in form from a client address (the throttle counts per address)."""
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )
