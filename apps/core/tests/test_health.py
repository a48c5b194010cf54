"""The app server's own health listener: answers while the request threads are busy,
/readyz within a second even when the database does not answer, metrics."""

import http.client
import socket
import threading
import time

import pytest
from django.tasks import task
from django.test import override_settings

from apps.core import health


@pytest.fixture
def probe(monkeypatch):
    """A fresh probe whose database check is the test's to decide."""
    monkeypatch.setattr(health, "_probe", None)
    state = {"check": lambda: None}
    monkeypatch.setattr(health._Probe, "_select_one", staticmethod(lambda: state["check"]()))
    return state


def test_healthz_is_ok_while_the_process_runs(monkeypatch):
    monkeypatch.setattr(health, "_is_alive", lambda: True)
    assert health.answer("/healthz")[:3:2] == (200, b"ok")
    # A worker finishing its requests after a HUP still answers (the new ones are loading).
    monkeypatch.setattr(health, "_is_alive", lambda: False)
    assert health.answer("/healthz")[0] == 200


def test_readyz_when_the_database_answers(probe):
    assert health.answer("/readyz")[:1] == (200,)


def test_readyz_answers_503_within_a_second_when_the_database_is_frozen(probe):
    frozen = threading.Event()
    probe["check"] = lambda: frozen.wait(5)
    started = time.monotonic()
    status, _, body = health.answer("/readyz")
    assert status == 503 and b"not answering" in body
    assert time.monotonic() - started < 1
    # The probe still waiting: the next check does not queue behind it.
    started = time.monotonic()
    assert health.answer("/readyz")[0] == 503
    assert time.monotonic() - started < 0.1
    frozen.set()
    health._probe.future.result(timeout=5)  # the held check has finished
    probe["check"] = lambda: None
    assert health.answer("/readyz")[0] == 200


def test_readyz_when_the_database_is_down(probe):
    def refuse():
        raise OSError("connection refused")

    probe["check"] = refuse
    status, _, body = health.answer("/readyz")
    assert status == 503 and b"unavailable" in body


def test_metrics_only_to_loopback_and_the_allow_list(monkeypatch):
    assert health.answer("/metrics", ("127.0.0.1", 5000))[0] == 200
    assert b"stockroom_http_requests_total" in health.answer("/metrics", ("127.0.0.1", 5000))[2]
    assert health.answer("/metrics", ("192.0.2.7", 5000))[0] == 403
    monkeypatch.setenv("METRICS_ALLOW", "192.0.2.0/24")
    assert health.answer("/metrics", ("192.0.2.7", 5000))[0] == 200
    assert health.answer("/metrics", "")[0] == 200  # unix socket: local Nginx


def test_the_listener_answers_from_its_own_thread(tmp_path, monkeypatch):
    monkeypatch.setattr(health, "_listener", None)
    path = tmp_path / "health.sock"
    health.bind(f"unix:{path}")
    try:
        assert health.serve_in_worker(is_alive=lambda: True)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(2)
        sock.connect(str(path))
        conn = http.client.HTTPConnection("localhost")
        conn.sock = sock
        conn.request("GET", "/healthz")
        response = conn.getresponse()
        assert (response.status, response.read()) == (200, b"ok")
    finally:
        health.close()


class _CountingSocket(socket.socket):
    """A real socket that remembers what each send carried."""

    sends: list[bytes]

    def send(self, data, *flags):
        self.sends.append(bytes(data))
        return super().send(data, *flags)


def test_an_answer_leaves_in_one_send(monkeypatch):
    # Nginx can retry a health check on the next server only if nothing of the answer
    # arrived; a worker killed between the headers and the body would break it for the
    # client (seen under `kill -9` in deploy/faults.py).
    monkeypatch.setattr(health, "_is_alive", lambda: True)
    server_end, client_end = socket.socketpair()
    counting = _CountingSocket(fileno=server_end.detach())
    counting.sends = []
    client_end.sendall(b"GET /healthz HTTP/1.0\r\nHost: x\r\n\r\n")
    with health._active_lock:
        health._active += 1
    health._handle(counting, ("127.0.0.1", 0))
    received = b""
    while chunk := client_end.recv(4096):
        received += chunk
    client_end.close()
    assert received.startswith(b"HTTP/1.0 200") and received.endswith(b"\r\n\r\nok")
    assert counting.sends == [received]


@task()
def _waits_in_the_queue() -> None:
    """A task for the queue-depth test; never run (no worker in the tests)."""


@pytest.mark.django_db(transaction=True)  # the probe counts on its own thread's connection
def test_metrics_show_how_many_background_tasks_wait(monkeypatch):
    monkeypatch.setattr(health, "_probe", None)
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        _waits_in_the_queue.enqueue()
        _waits_in_the_queue.enqueue()
        body = health.answer("/metrics", ("127.0.0.1", 5000))[2].decode()
    assert "stockroom_background_queue_depth 2.0" in body
