"""Test data of the API app: tokens and clients that use them."""

from django.test import Client

from apps.api.services.tokens import api_token_create


def token_client(user, name="test") -> Client:
    """A test client that sends a new token of `user` (JSON bodies by default)."""
    created = api_token_create(user=user, name=name)
    client = Client(headers={"Authorization": f"Bearer {created.secret}"})
    client.secret = created.secret
    return client


def post_json(client, url, data, **headers):
    return client.post(url, data, content_type="application/json", headers=headers)
