"""The API tokens page: list, create (shown once), revoke; the command; the docs page."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from apps.api.models import ApiToken
from apps.api.services.tokens import api_token_create

pytestmark = pytest.mark.django_db


def test_create_shows_the_token_once_and_it_works(viewer):
    page = viewer.get(reverse("api:token_list"))
    assert page.status_code == 200 and b"No tokens yet" in page.content
    created = viewer.post(
        reverse("api:token_list"), {"name": "label printer"}, headers={"HX-Request": "true"}
    )
    assert created.status_code == 201
    secret = created.context["new_secret"]
    assert secret.encode() in created.content
    again = viewer.get(reverse("api:token_list"))
    assert secret.encode() not in again.content and b"label printer" in again.content
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    assert api.get(reverse("api:part_list")).status_code == 200


def test_a_name_is_required(viewer):
    response = viewer.post(reverse("api:token_list"), {"name": " "})
    assert response.status_code == 422 and not ApiToken.objects.exists()


def test_revoke_own_token_only(viewer, make_user):
    own = api_token_create(
        user=ApiToken._meta.get_field("user").related_model.objects.get(username="viewer-user"),
        name="mine",
    )
    other = api_token_create(user=make_user("someone", role="viewer"), name="theirs")
    assert viewer.post(reverse("api:token_revoke", args=[other.token.pk])).status_code == 404
    response = viewer.post(
        reverse("api:token_revoke", args=[own.token.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and b"Revoked" in response.content
    assert (
        Client(headers={"Authorization": f"Bearer {own.secret}"})
        .get(reverse("api:part_list"))
        .status_code
        == 401
    )
    assert (
        Client(headers={"Authorization": f"Bearer {other.secret}"})
        .get(reverse("api:part_list"))
        .status_code
        == 200
    )


def test_the_command_prints_the_token_as_its_last_word(make_user):
    make_user("script", role="clerk")
    out = io.StringIO()
    call_command("api_token", "script", "--name", "bench", stdout=out)
    secret = out.getvalue().split()[-1]
    assert ApiToken.objects.get().name == "bench"
    assert (
        Client(headers={"Authorization": f"Bearer {secret}"})
        .get(reverse("api:part_list"))
        .status_code
        == 200
    )


def test_schema_and_reference_page(viewer):
    schema = viewer.get(reverse("api:schema")).json()
    assert schema["openapi"] == "3.1.0" and "/api/v1/stock/receive/" in schema["paths"]
    assert Client().get(reverse("api:schema")).status_code == 401
    docs = viewer.get(reverse("api:docs"))
    assert docs.status_code == 200
    csp = docs["Content-Security-Policy"]
    assert "unsafe" not in csp and "style-src 'self';" in csp  # the strict policy, kept
