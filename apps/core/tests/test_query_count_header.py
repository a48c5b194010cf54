"""X-Query-Count: the benchmark's per-request query count, off unless asked for."""

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext


def test_no_header_by_default(db):
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert "X-Query-Count" not in response


@override_settings(QUERY_COUNT_HEADER=True)
def test_header_counts_the_queries_of_the_request(db):
    assert Client().get("/healthz")["X-Query-Count"] == "0"
    assert Client().get("/readyz")["X-Query-Count"] == "1"


@override_settings(QUERY_COUNT_HEADER=True)
def test_header_includes_session_and_user_lookups(make_user):
    client = Client()
    client.force_login(make_user("ana", role="viewer"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/baseline/")
    assert response.status_code == 200
    assert int(response["X-Query-Count"]) == len(queries) >= 1
