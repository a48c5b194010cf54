"""Tokens, the session (with CSRF on writes), roles and the rate limit."""

import pytest
from django.test import Client
from django.urls import reverse

from apps.api.models import ApiToken
from apps.api.services.tokens import api_token_create, api_token_revoke, token_hash
from apps.api.tests.factories import post_json, token_client
from apps.catalog.tests.factories import make_part
from apps.inventory.tests.factories import make_location

pytestmark = pytest.mark.django_db


def test_a_token_is_stored_hashed_and_shown_once(make_user):
    user = make_user("tok", role="viewer")
    created = api_token_create(user=user, name="label printer")
    token = ApiToken.objects.get()
    assert created.secret.startswith("sr_") and len(created.secret) > 40
    assert token.key_hash == token_hash(created.secret) and created.secret not in token.key_hash
    assert token.prefix == created.secret[:8] and token.name == "label printer"


def test_anonymous_and_bad_tokens_get_401_json(make_user):
    url = reverse("api:part_list")
    response = Client().get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["code"] == "not_authenticated"
    assert Client(headers={"Authorization": "Bearer sr_nope"}).get(url).status_code == 401
    assert Client(headers={"Authorization": "Basic abc"}).get(url).status_code == 401


def test_a_token_works_notes_its_last_use_and_stops_when_revoked(make_user):
    user = make_user("tok", role="viewer")
    client = token_client(user)
    assert client.get(reverse("api:part_list")).status_code == 200
    token = ApiToken.objects.get()
    assert token.last_used_at is not None
    api_token_revoke(token=token, user=user)
    assert client.get(reverse("api:part_list")).status_code == 401


def test_an_inactive_users_token_stops_working(make_user):
    user = make_user("tok", role="viewer")
    client = token_client(user)
    user.is_active = False
    user.save()
    assert client.get(reverse("api:part_list")).status_code == 401


def test_roles_are_the_pages_roles(api_as):
    make_part("P-1")
    make_location("A1")
    body = {"part": "P-1", "location": "A1", "quantity": "1"}
    viewer = api_as("viewer")
    assert viewer.get(reverse("api:part_list")).status_code == 200
    # Refused before the input is read: 403 whatever the body.
    assert post_json(viewer, reverse("api:stock_receive_create"), body).status_code == 403
    assert post_json(viewer, reverse("api:stock_receive_create"), {}).status_code == 403
    clerk = api_as("clerk")
    assert post_json(clerk, reverse("api:stock_receive_create"), body).status_code == 201
    assert post_json(clerk, reverse("api:stock_adjust_create"), body).status_code == 403
    purchaser = api_as("purchaser")
    assert post_json(purchaser, reverse("api:stock_issue_create"), body).status_code == 403


def test_session_auth_needs_the_csrf_token_on_writes(make_user):
    make_part("P-1")
    make_location("A1")
    user = make_user("browser", role="clerk")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.get(reverse("api:part_list")).status_code == 200
    body = {"part": "P-1", "location": "A1", "quantity": "2"}
    refused = post_json(client, reverse("api:stock_receive_create"), body)
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    client.get(reverse("api:token_list"))  # a page sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    done = post_json(client, reverse("api:stock_receive_create"), body, **{"X-CSRFToken": csrf})
    assert done.status_code == 201


def test_the_rate_limit_answers_429_with_retry_after(make_user, settings):
    settings.API_RATE_LIMIT = "3/min"
    client = token_client(make_user("busy", role="viewer"))
    statuses = [client.get(reverse("api:category_list")).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get(reverse("api:category_list"))
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["code"] == "rate_limited"
    # Per token: another token of another user is not held back.
    other = token_client(make_user("calm", role="viewer"))
    assert other.get(reverse("api:category_list")).status_code == 200
