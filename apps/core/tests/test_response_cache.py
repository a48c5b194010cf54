"""The versioned page cache: hits serve the same page with this request's CSRF token; any
committed write, another user, another URL or HTMX header is a different page."""

import re

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.urls import reverse

from apps.catalog.models import Category
from apps.core.models import DataVersion
from apps.core.response_cache import data_version, versioned


def version_value() -> int:
    return int(data_version().split(".")[1])


pytestmark = pytest.mark.urls("apps.core.tests.page_cache_urls")


@pytest.fixture
def page_cache(settings, db):
    settings.RESPONSE_CACHE = True
    cache.clear()
    yield
    cache.clear()


def signed_in(make_user, name="ana"):
    client = Client()
    client.force_login(make_user(name, role="viewer"))
    return client


def cached(query=""):
    return reverse("cached") + query


def tokens(body: bytes) -> list[str]:
    return re.findall(
        r'X-CSRFToken": "(\w+)"|name="csrfmiddlewaretoken" value="(\w+)"', body.decode()
    )


def test_second_request_is_served_from_the_cache_with_its_own_csrf_token(page_cache, make_user):
    client = signed_in(make_user)
    first = client.get(cached())
    second = client.get(cached())
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert b"ana: 0 categories" in second.content
    secret = client.cookies["csrftoken"].value
    found = [t for pair in tokens(second.content) for t in pair if t]
    assert len(found) == 2
    assert all(_unmask_cipher_token(token) == secret for token in found)
    assert b"\x00" not in second.content


def test_users_and_htmx_requests_get_their_own_pages(page_cache, make_user):
    ana, bob = signed_in(make_user, "ana"), signed_in(make_user, "bob")
    ana.get(cached())
    response = bob.get(cached())
    assert response["X-Page-Cache"] == "miss" and b"bob:" in response.content
    fragment = ana.get(cached(), headers={"HX-Request": "true"})
    assert fragment["X-Page-Cache"] == "miss" and b"(fragment)" in fragment.content
    assert ana.get(cached("?page=2"))["X-Page-Cache"] == "miss"


def test_pending_messages_bypass_the_cache(page_cache, make_user):
    client = signed_in(make_user)
    client.get(cached())
    client.get(reverse("message"))
    response = client.get(cached())
    assert "X-Page-Cache" not in response


def test_off_unless_enabled(settings, make_user):
    settings.RESPONSE_CACHE = False
    client = signed_in(make_user)
    client.get(cached())
    assert "X-Page-Cache" not in client.get(cached())


@pytest.mark.django_db(transaction=True)
def test_every_committed_write_changes_the_version_and_a_rollback_does_not(page_cache):
    before = version_value()
    Category.objects.create(name="Tools")
    created = version_value()
    assert created > before
    Category.objects.filter(name="Tools").update(description="Hand tools")
    updated = version_value()
    assert updated > created
    with connection.cursor() as cursor:
        cursor.execute("UPDATE catalog_category SET description = 'raw' WHERE name = 'Tools'")
    raw = version_value()
    assert raw > updated
    with pytest.raises(RuntimeError), transaction.atomic():
        Category.objects.create(name="Never")
        raise RuntimeError
    assert version_value() == raw
    Category.objects.filter(name="Tools").delete()
    assert version_value() > raw


def test_an_emptied_table_starts_a_new_epoch(page_cache):
    old = data_version()
    DataVersion.objects.all().delete()
    new = data_version()
    assert new is not None and new.split(".")[0] != old.split(".")[0]


@pytest.mark.django_db(transaction=True)
def test_a_committed_write_is_never_hidden_by_the_cache(page_cache, make_user):
    client = signed_in(make_user)
    assert b"0 categories" in client.get(cached()).content
    assert client.get(cached())["X-Page-Cache"] == "hit"
    Category.objects.create(name="Tools")
    response = client.get(cached())
    assert response["X-Page-Cache"] == "miss" and b"1 categories" in response.content


@pytest.mark.django_db(transaction=True)
def test_versioned_values_are_computed_again_after_a_write(page_cache):
    calls = []

    def count():
        calls.append(1)
        return Category.objects.count()

    assert versioned("categories", count) == 0
    assert versioned("categories", count) == 0
    assert len(calls) == 1
    Category.objects.create(name="Tools")
    assert versioned("categories", count) == 1
    assert len(calls) == 2
