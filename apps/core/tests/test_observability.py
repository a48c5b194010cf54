"""One JSON log line per request, the slow warning, metrics, the request deadline, and a
database lock timeout shown as a 503 page that says nothing was saved."""

import json
import logging
import threading

import pytest
from django.db import connection
from django.test import Client
from prometheus_client import REGISTRY

from apps.core.models import DataVersion
from apps.core.observability import JsonFormatter
from apps.core.response_cache import data_version

pytestmark = pytest.mark.urls("apps.core.tests.shared_state_urls")


def request_lines(caplog):
    return [r for r in caplog.records if r.name == "stockroom.request"]


@pytest.fixture
def viewer(make_user):
    client = Client()
    client.force_login(make_user("ana", role="viewer"))
    return client


def test_one_json_line_per_request(viewer, caplog, settings, db):
    settings.SLOW_REQUEST_MS = 600_000  # an INFO line however busy the machine is
    data_version()
    caplog.set_level(logging.INFO, logger="stockroom.request")
    response = viewer.get("/queries/", headers={"X-Request-ID": "nginx-request-id-0001"})
    assert response.status_code == 200
    assert response["X-Request-ID"] == "nginx-request-id-0001"
    (record,) = request_lines(caplog)
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "INFO"
    assert line["request_id"] == "nginx-request-id-0001"
    assert line["method"] == "GET" and line["path"] == "/queries/"
    assert line["view"] == "queries" and line["status"] == 200
    assert line["user_id"] is not None
    assert line["db_queries"] >= 3  # the view's three, and the session and user look-ups
    assert line["duration_ms"] >= line["db_ms"] >= 0
    assert line["time"].endswith("Z")


def test_a_request_id_that_is_not_an_id_is_replaced(viewer, caplog, db):
    response = viewer.get("/queries/", headers={"X-Request-ID": "<script>"})
    assert response["X-Request-ID"] != "<script>" and len(response["X-Request-ID"]) == 32


def test_slow_requests_are_warnings(viewer, caplog, settings, db):
    settings.SLOW_REQUEST_MS = -1
    caplog.set_level(logging.INFO, logger="stockroom.request")
    viewer.get("/queries/")
    (record,) = request_lines(caplog)
    assert record.levelno == logging.WARNING and record.slow is True


def test_requests_are_counted_in_the_metrics(viewer, db):
    def count():
        labels = {"view": "queries", "method": "GET", "status": "200"}
        return REGISTRY.get_sample_value("stockroom_http_requests_total", labels) or 0

    before = count()
    viewer.get("/queries/")
    viewer.get("/queries/")
    assert count() == before + 2
    assert (
        REGISTRY.get_sample_value(
            "stockroom_http_request_duration_seconds_count", {"view": "queries", "status": "200"}
        )
        >= 2
    )


def test_past_the_deadline_no_query_runs_and_the_user_is_told(viewer, settings, db):
    settings.REQUEST_DEADLINE = 0.5
    # Middleware reads the setting when the handler is built: a new client builds one.
    client = Client()
    client.cookies = viewer.cookies
    response = client.get("/slow/")  # sleeps 0.6 s, then queries
    assert response.status_code == 503
    assert b"Nothing was saved" in response.content


def test_a_lock_timeout_is_a_503_page_not_a_500(viewer, db):
    response = viewer.post("/lock-timeout/")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert b"Nothing was saved" in response.content
    assert "Nothing was saved" in response["X-Stockroom-Message"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_write_blocked_by_a_row_lock_fails_fast_and_is_not_committed(make_user):
    data_version()
    client = Client()
    client.force_login(make_user("ana", role="viewer"))
    params = connection.get_connection_params()
    locked, release = threading.Event(), threading.Event()

    def hold_lock():
        import psycopg

        with psycopg.connect(**params) as holder:  # another session, as another user's request
            holder.execute("SELECT value FROM core_dataversion WHERE id = 1 FOR UPDATE")
            locked.set()
            release.wait(10)
            holder.rollback()

    thread = threading.Thread(target=hold_lock)
    thread.start()
    try:
        assert locked.wait(5)
        response = client.post("/locked-write/")
    finally:
        release.set()
        thread.join()
    assert response.status_code == 503
    assert b"Nothing was saved" in response.content
    assert DataVersion.objects.get(pk=1).value != -42
