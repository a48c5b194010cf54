"""The layout conventions: login everywhere, page or fragment, Vary, health, errors."""

import pytest
from django.db import connection
from django.test import Client


@pytest.fixture
def signed_in(client, make_user):
    client.force_login(make_user("clerk", role="clerk"))
    return client


def test_anonymous_user_is_sent_to_login(client, db):
    response = client.get("/parts/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/parts/")


def test_anonymous_htmx_request_gets_hx_redirect_not_a_swapped_login_page(client, db):
    response = client.get("/parts/", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/accounts/login/")


def test_login_page_is_public(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert b'name="username"' in response.content


def test_sign_in_and_out(client, make_user):
    make_user("ana", "a-long-test-password", role="viewer")
    response = client.post("/accounts/login/", {"username": "ana", "password": "a-long-test-password"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


def test_wrong_password_is_refused_with_a_message(client, make_user):
    make_user("ana", "a-long-test-password")
    response = client.post("/accounts/login/", {"username": "ana", "password": "nope"})
    assert response.status_code == 200
    assert b"correct username and password" in response.content
    assert "_auth_user_id" not in client.session


def test_page_and_fragment_share_the_url_and_vary_on_hx_request(signed_in):
    page = signed_in.get("/")
    fragment = signed_in.get("/", headers={"HX-Request": "true"})
    assert page.status_code == fragment.status_code == 200
    assert b"<html" in page.content and b"<html" not in fragment.content
    assert b'id="summary"' in fragment.content
    assert len(fragment.content) < len(page.content)
    for response in (page, fragment):
        assert "HX-Request" in response["Vary"]
        assert "Cookie" in response["Vary"]  # patched, not overwritten


def test_boosted_and_history_restore_requests_get_the_whole_page(signed_in):
    boosted = signed_in.get("/", headers={"HX-Request": "true", "HX-Boosted": "true"})
    restore = signed_in.get("/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert b"<html" in boosted.content
    assert b"<html" in restore.content


def test_layout_has_navigation_live_region_csrf_header_and_vendored_htmx(signed_in):
    html = signed_in.get("/").content.decode()
    for label in ("Dashboard", "Parts", "Stock", "Locations", "Purchasing"):
        assert f">{label}</a>" in html
    assert 'role="status" aria-live="polite"' in html
    assert 'hx-headers=\'{"X-CSRFToken": "' in html
    assert "/static/vendor/htmx.min.js" in html
    assert "<script>" not in html  # no inline scripts (CSP)


def test_stocktakes_in_the_navigation_only_for_counters_and_highlighted_there(client, make_user):
    client.force_login(make_user("vera", role="viewer"))
    assert ">Stocktakes</a>" not in client.get("/").content.decode()
    client.force_login(make_user("cleo", role="clerk"))
    html = client.get("/").content.decode()
    assert '<a href="/stocktakes/"' in html and 'aria-current="page">Dashboard</a>' in html
    html = client.get("/stocktakes/").content.decode()
    assert 'aria-current="page">Stocktakes</a>' in html
    assert 'aria-current="page">Stock</a>' not in html  # /stocktakes/ is not under /stock/


def test_unknown_address_gives_the_404_page(signed_in):
    response = signed_in.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Not found" in response.content


def test_healthz_and_readyz_need_no_login(client, db):
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200


@pytest.mark.postgres  # SQLite's in-memory test database cannot be taken away
@pytest.mark.django_db(transaction=True)
def test_readyz_is_503_while_the_database_is_away_and_recovers(django_user_model):
    client = Client(raise_request_exception=False)
    client.force_login(django_user_model.objects.create_superuser("ana"))
    original = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["PORT"] = "1"  # nothing listens there
    try:
        assert client.get("/readyz").status_code == 503
        # Any page: a clear 503 page, not a 500 (the session lookup itself fails).
        page = client.get("/parts/")
        assert page.status_code == 503
        assert b"Temporarily unavailable" in page.content
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)
    assert client.get("/readyz").status_code == 200
    assert client.get("/parts/").status_code == 200
