"""Fixtures shared by the whole suite."""

import os

import pytest
from django.contrib.auth.models import Group
from django.db import connection


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need row locks and real concurrency: skip them on SQLite,
    but never silently in CI, where the suite runs on PostgreSQL."""
    if connection.vendor == "postgresql":
        return
    if os.environ.get("CI") and os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://...)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def make_user(db, django_user_model):
    """Creates a user, optionally in one of the role groups."""

    def make(username="user", password="a-long-test-password", *, role=None, **fields):
        user = django_user_model.objects.create_user(username=username, password=password, **fields)
        if role:
            group, _ = Group.objects.get_or_create(name=role)
            user.groups.add(group)
        return user

    return make


@pytest.fixture
def admin_client_user(db, django_user_model, client):
    user = django_user_model.objects.create_superuser(
        "boss", "boss@example.com", "a-long-test-password"
    )
    client.force_login(user)
    return client, user


def _signed_in(client, make_user, role):
    client.force_login(make_user(f"{role}-user", role=role))
    return client


# The test client signed in with one role (one per test: they share `client`).
@pytest.fixture
def viewer(client, make_user):
    return _signed_in(client, make_user, "viewer")


@pytest.fixture
def clerk(client, make_user):
    return _signed_in(client, make_user, "clerk")


@pytest.fixture
def purchaser(client, make_user):
    return _signed_in(client, make_user, "purchaser")


@pytest.fixture
def manager(client, make_user):
    return _signed_in(client, make_user, "manager")
