"""Health checks: no sign-in; readyz is 503 while the database is away."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse


def test_healthz_and_readyz_need_no_login(client, db):
    healthz, readyz = client.get(reverse("core:healthz")), client.get(reverse("core:readyz"))
    assert (healthz.status_code, healthz.content) == (200, b"ok")
    assert (readyz.status_code, readyz.content) == (200, b"ready")
    assert "no-cache" in healthz["Cache-Control"] and "no-cache" in readyz["Cache-Control"]


@pytest.mark.postgres  # SQLite's in-memory test database cannot be taken away
@pytest.mark.django_db(transaction=True)
def test_readyz_is_503_while_the_database_is_away_and_recovers(django_user_model):
    client = Client(raise_request_exception=False)
    client.force_login(django_user_model.objects.create_superuser("ana"))
    readyz, parts = reverse("core:readyz"), reverse("catalog:part_list")
    original = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["PORT"] = "1"  # nothing listens there
    try:
        assert client.get(readyz).status_code == 503
        # Any page: a clear 503 page, not a 500 (the session lookup itself fails).
        page = client.get(parts)
        assert page.status_code == 503
        assert b"Temporarily unavailable" in page.content
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)
    assert client.get(readyz).status_code == 200
    assert client.get(parts).status_code == 200
