"""The API's reads through the versioned page cache: a hit is the miss's bytes, after
authentication; a committed write, another user or another query is a new answer."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from apps.api.services.tokens import api_token_revoke
from apps.catalog.tests.factories import make_part

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def page_cache(settings):
    settings.RESPONSE_CACHE = True
    cache.clear()
    yield
    cache.clear()


def parts_url(query=""):
    return reverse("api:part_list") + query


def test_a_second_read_is_the_first_ones_bytes(page_cache, api_as):
    make_part("P-001", name="Hex key")
    client = api_as("viewer")
    first = client.get(parts_url())
    second = client.get(parts_url())
    assert first.status_code == second.status_code == 200
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"] == "application/json; charset=utf-8"
    assert [p["sku"] for p in second.json()["results"]] == ["P-001"]


def test_a_committed_write_is_seen_at_once(page_cache, api_as):
    make_part("P-001")
    client = api_as("viewer")
    client.get(parts_url())
    make_part("P-002")
    response = client.get(parts_url())
    assert response["X-Page-Cache"] == "miss"
    assert [p["sku"] for p in response.json()["results"]] == ["P-001", "P-002"]


def test_other_queries_and_users_get_their_own_answers(page_cache, api_as):
    make_part("P-001", name="Hex key")
    make_part("P-002", name="Drill")
    ana, bob = api_as("viewer", "ana"), api_as("viewer", "bob")
    ana.get(parts_url())
    assert bob.get(parts_url())["X-Page-Cache"] == "miss"
    searched = ana.get(parts_url("?q=drill"))
    assert searched["X-Page-Cache"] == "miss"
    assert [p["sku"] for p in searched.json()["results"]] == ["P-002"]


def test_a_cached_answer_still_needs_a_valid_token_and_the_permission(page_cache, api_as):
    make_part("P-001")
    client = api_as("viewer")
    assert client.get(parts_url()).status_code == 200
    api_token_revoke(token=client.user.api_tokens.get(), user=client.user)
    assert client.get(parts_url()).status_code == 401
    no_token = type(client)()
    assert no_token.get(parts_url()).status_code == 401


def test_errors_are_not_stored(page_cache, api_as):
    client = api_as("viewer")
    first = client.get(parts_url("?per_page=0"))
    second = client.get(parts_url("?per_page=0"))
    assert first.status_code == second.status_code == 422
    assert "X-Page-Cache" not in second


def test_a_session_caller_is_answered_from_the_cache_until_their_rights_change(
    page_cache, make_user
):
    make_part("P-001")
    user = make_user("ana", role="viewer")
    client = Client()
    client.force_login(user)
    first, second = client.get(parts_url()), client.get(parts_url())
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    user.groups.clear()  # no role: no right to see parts
    assert client.get(parts_url()).status_code == 403
    user.groups.add(Group.objects.get(name="viewer"))
    assert client.get(parts_url()).status_code == 200


def test_a_token_acts_as_its_user_whatever_session_it_comes_with(page_cache, api_as, make_user):
    make_part("P-001")
    viewer = make_user("sess", role="viewer")
    session_only = Client()
    session_only.force_login(viewer)
    assert session_only.get(parts_url()).status_code == 200  # stored for the viewer
    token = api_as("nobody", "tok")  # a token of a user without any role
    token.cookies = session_only.cookies  # ... sent with the viewer's session
    assert token.get(parts_url()).status_code == 403
