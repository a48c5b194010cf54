"""The request conventions: sign-in everywhere but the public paths (HX-Redirect for
HTMX), Vary on HX-Request, and the benchmark's X-Query-Count header."""

from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.core.middleware import public_path_prefixes


def test_anonymous_user_is_sent_to_login(client, db):
    parts = reverse("catalog:part_list")
    response = client.get(parts)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login") + "?next=" + parts


def test_anonymous_htmx_request_gets_hx_redirect_not_a_swapped_login_page(client, db):
    parts = reverse("catalog:part_list")
    response = client.get(parts, headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("accounts:login") + "?next=" + parts
    assert "Location" not in response and response.content == b""


def test_login_page_is_public(client, db):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert b'name="username"' in response.content


def test_public_paths_are_the_sign_in_flow_health_site_files_and_static(settings):
    assert public_path_prefixes() == (
        reverse("accounts:login"),
        reverse("accounts:password_reset"),
        reverse("accounts:password_reset_complete").removesuffix("done/"),
        reverse("core:healthz"),
        reverse("core:readyz"),
        reverse("core:favicon"),
        reverse("core:robots"),
        settings.STATIC_URL,
        reverse("admin:login"),
    )
    reset = reverse(
        "accounts:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "set-password"}
    )
    assert reset.startswith(public_path_prefixes())
    assert not reverse("core:media_file", args=["parts/a.png"]).startswith(public_path_prefixes())


def test_page_and_fragment_share_the_url_and_vary_on_hx_request(clerk):
    url = reverse("dashboard:dashboard")
    page = clerk.get(url)
    fragment = clerk.get(url, headers={"HX-Request": "true"})
    assert page.status_code == fragment.status_code == 200
    assert b"<html" in page.content and b"<html" not in fragment.content
    assert b'id="summary"' in fragment.content
    assert len(fragment.content) < len(page.content)
    for response in (page, fragment):
        assert "HX-Request" in response["Vary"]
        assert "Cookie" in response["Vary"]  # patched, not overwritten


def test_no_query_count_header_by_default(db):
    response = Client().get(reverse("core:readyz"))
    assert response.status_code == 200
    assert "X-Query-Count" not in response


@override_settings(QUERY_COUNT_HEADER=True)
def test_query_count_header_counts_the_queries_of_the_request(db):
    assert Client().get(reverse("core:healthz"))["X-Query-Count"] == "0"
    assert Client().get(reverse("core:readyz"))["X-Query-Count"] == "1"


@override_settings(QUERY_COUNT_HEADER=True)
def test_query_count_header_includes_session_and_user_lookups(make_user):
    client = Client()
    client.force_login(make_user("ana", role="viewer"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("core:baseline"))
    assert response.status_code == 200
    assert int(response["X-Query-Count"]) == len(queries) >= 1


def test_issue12_item23_signed_in_pages_fragments_and_exports_are_private_no_store(
    client, django_user_model
):
    """A shared PC's browser history showed them after sign-out: no Cache-Control at all."""
    user = django_user_model.objects.create_user("ana", password="a-long-test-password")
    user.groups.add(Group.objects.get_or_create(name="manager")[0])
    client.force_login(user)
    parts = reverse("catalog:part_list")
    for response in (
        client.get(parts),
        client.get(parts, headers={"HX-Request": "true"}),
        client.get(reverse("catalog:part_export")),
        client.get(reverse("purchasing:purchase_order_export")),
        client.get(reverse("dashboard:dashboard")),
    ):
        assert response.status_code == 200
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives
