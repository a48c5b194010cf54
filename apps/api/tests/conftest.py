import pytest

from apps.api.tests.factories import token_client


@pytest.fixture
def api_as(make_user):
    """api_as("clerk") → a client sending a token of a new user with that role."""

    def make(role, username=None):
        user = make_user(username or f"api-{role}", role=role)
        client = token_client(user)
        client.user = user
        return client

    return make
